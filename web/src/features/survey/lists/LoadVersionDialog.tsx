import { Alert, Box, Button, FileInput, Group, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { RowsRejected, useImportVersion, useLoadVersion, type RowError, type SubstanceList, type VersionLoaded } from '../api';
import { RowErrorTable, SurveyDialog } from '../products/shared';
import { asPastedLines, parsePastedRows } from './pastedRows';

type Mode = 'file' | 'paste';

const ACCEPT = '.csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * 新しい版を読み込む: a CSV/Excel file or rows pasted from a spreadsheet become the list's next
 * version; all rows or none. Every product is then re-checked against it.
 */
export function LoadVersionDialog({ list, onClose, onLoaded }: { list: SubstanceList; onClose: () => void; onLoaded: (result: VersionLoaded) => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>('file');
  const [label, setLabel] = useState('');
  const [sourceNote, setSourceNote] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState('');
  const [labelError, setLabelError] = useState<string | undefined>();
  const [contentError, setContentError] = useState<string | undefined>();
  const [clientRows, setClientRows] = useState<RowError[]>([]);
  const [lineOf, setLineOf] = useState<number[]>([]);
  const importFile = useImportVersion(list.id);
  const loadRows = useLoadVersion(list.id);
  const active = mode === 'file' ? importFile : loadRows;
  const rejected = active.error instanceof RowsRejected ? active.error : null;
  const serverRows = rejected === null ? [] : mode === 'paste' ? asPastedLines(rejected.rows, lineOf) : rejected.rows;
  const rows = clientRows.length > 0 ? clientRows : serverRows;

  const reset = () => {
    importFile.reset();
    loadRows.reset();
    setClientRows([]);
    setContentError(undefined);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    reset();
    const missingLabel = label.trim() === '' ? t('survey.required') : undefined;
    setLabelError(missingLabel);
    const options = { onSuccess: onLoaded };
    if (mode === 'file') {
      if (!file) {
        setContentError(t('surveyLists.load.chooseFile'));
        return;
      }
      if (missingLabel) return;
      importFile.mutate({ file, label: label.trim(), sourceNote: sourceNote.trim() }, options);
      return;
    }
    const parsed = parsePastedRows(pasted, {
      columns: { cas: t('surveyLists.entries.cas'), name: t('surveyLists.entries.name'), threshold: t('surveyLists.entries.threshold'), basis: t('surveyLists.entries.basis') },
      required: t('survey.required'),
      notANumber: t('survey.notANumber'),
      badBasis: t('surveyLists.load.badBasis'),
    });
    if (parsed.entries.length === 0 && parsed.errors.length === 0) {
      setContentError(t('surveyLists.load.noRows'));
      return;
    }
    setClientRows(parsed.errors);
    setLineOf(parsed.lineOf);
    if (missingLabel || parsed.errors.length > 0) return;
    loadRows.mutate({ label: label.trim(), sourceNote: sourceNote.trim(), entries: parsed.entries }, options);
  };

  return (
    <SurveyDialog title={t('surveyLists.load.title', { name: list.name })} onClose={onClose} size="xl">
      <form onSubmit={submit} noValidate>
        <Stack data-testid="survey-version-load-dialog">
          <Text size="sm">{t('surveyLists.load.intro')}</Text>
          <TextInput
            label={t('surveyLists.versions.label')}
            description={t('surveyLists.load.labelHint')}
            required
            maxLength={100}
            value={label}
            error={labelError}
            onChange={(e) => {
              setLabel(e.currentTarget.value);
              setLabelError(undefined);
            }}
            data-testid="survey-version-label"
          />
          <TextInput label={t('surveyLists.load.sourceNote')} maxLength={500} value={sourceNote} onChange={(e) => setSourceNote(e.currentTarget.value)} data-testid="survey-version-source-note" />
          <Box role="radiogroup" aria-label={t('surveyLists.load.mode')}>
            <SegmentedControl
              value={mode}
              onChange={(value) => {
                setMode(value === 'paste' ? 'paste' : 'file');
                reset();
              }}
              data={[
                { value: 'file', label: t('surveyLists.load.modeFile') },
                { value: 'paste', label: t('surveyLists.load.modePaste') },
              ]}
              data-testid="survey-version-mode"
            />
          </Box>
          {mode === 'file' ? (
            <FileInput
              label={t('surveyLists.load.file')}
              description={t('surveyLists.load.fileHint')}
              accept={ACCEPT}
              value={file}
              error={contentError}
              onChange={(next) => {
                setFile(next);
                reset();
              }}
              clearable
              clearButtonProps={{ 'aria-label': t('surveyLists.load.clearFile') }}
              data-testid="survey-version-file"
            />
          ) : (
            <Textarea
              label={t('surveyLists.load.paste')}
              description={t('surveyLists.load.pasteHint')}
              autosize
              minRows={6}
              maxRows={16}
              value={pasted}
              error={contentError}
              onChange={(e) => {
                setPasted(e.currentTarget.value);
                setClientRows([]);
              }}
              styles={{ input: { fontFamily: 'monospace' } }}
              data-testid="survey-version-paste"
            />
          )}
          {rows.length > 0 && (
            <Stack gap="xs">
              <Alert color="red" title={t('surveyLists.load.rejected')}>
                {rejected?.message ?? t('surveyLists.load.fixRows')}
              </Alert>
              <RowErrorTable rows={rows} testId="survey-version-errors" />
            </Stack>
          )}
          {active.isError && !rejected && <ErrorAlert error={active.error} fieldsShownInline={['label']} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('survey.cancel')}
            </Button>
            <Button type="submit" loading={active.isPending} data-testid="survey-version-load">
              {t('surveyLists.load.run')}
            </Button>
          </Group>
        </Stack>
      </form>
    </SurveyDialog>
  );
}
