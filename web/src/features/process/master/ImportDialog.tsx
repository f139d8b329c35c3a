import { Alert, Anchor, Button, FileInput, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { ImportRejected, templateUrl, useImport, type ImportKind, type ImportResult } from './api';
import { MasterDialog } from './shared';

/**
 * Imports a CSV or XLSX file into one master list: a dry run first, showing the rows in error
 * (nothing is written while any row is wrong), then the import itself.
 */
export function ImportDialog({ kind, onClose }: { kind: ImportKind; onClose: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const upload = useImport(kind);

  const run = (dryRun: boolean) => {
    if (!file) return;
    upload.mutate(
      { file, dryRun },
      {
        onSuccess: (result) => {
          if (result.dryRun) setChecked(result);
          else setDone(result);
        },
      },
    );
  };

  const rejected = upload.error instanceof ImportRejected ? upload.error : null;

  return (
    <MasterDialog title={t('processMaster.import.title', { what: t(`processMaster.import.kinds.${kind}`) })} onClose={onClose} size="xl">
      <Stack data-testid="import-dialog">
        <Text size="sm">{t('processMaster.import.intro')}</Text>
        <Group gap="md">
          <Text size="sm">{t('processMaster.import.templates')}</Text>
          <Anchor href={templateUrl(kind, 'csv')} download size="sm" data-testid="import-template-csv">
            {t('processMaster.import.templateCsv')}
          </Anchor>
          <Anchor href={templateUrl(kind, 'xlsx')} download size="sm" data-testid="import-template-xlsx">
            {t('processMaster.import.templateXlsx')}
          </Anchor>
        </Group>
        {done ? (
          <Alert color="green" role="status" data-testid="import-done">
            {t('processMaster.import.done', { rows: done.rows, created: done.created, updated: done.updated })}
          </Alert>
        ) : (
          <>
            <FileInput
              label={t('processMaster.import.file')}
              description={t('processMaster.import.fileHint')}
              accept=".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              value={file}
              onChange={(next) => {
                setFile(next);
                setChecked(null);
                upload.reset();
              }}
              clearable
              clearButtonProps={{ 'aria-label': t('processMaster.import.clearFile') }}
              data-testid="import-file"
            />
            {checked && (
              <Alert color="blue" role="status" data-testid="import-checked">
                {t('processMaster.import.checked', { rows: checked.rows, created: checked.created, updated: checked.updated })}
              </Alert>
            )}
            {rejected && (
              <Stack gap="xs" data-testid="import-errors">
                <Alert color="red" title={t('processMaster.import.rejected')}>
                  {rejected.message}
                </Alert>
                <Table.ScrollContainer minWidth={480} mah={320}>
                  <Table striped withTableBorder>
                    <Table.Caption>{t('processMaster.import.errorsCaption', { count: rejected.errors.length })}</Table.Caption>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col">{t('processMaster.import.row')}</Table.Th>
                        <Table.Th scope="col">{t('processMaster.import.column')}</Table.Th>
                        <Table.Th scope="col">{t('processMaster.import.message')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {rejected.errors.map((e, index) => (
                        <Table.Tr key={`${e.row}-${e.column}-${index}`} data-testid="import-error-row">
                          <Table.Td>{e.row}</Table.Td>
                          <Table.Td>{e.column}</Table.Td>
                          <Table.Td>{e.message}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Stack>
            )}
            {upload.isError && !rejected && <ErrorAlert error={upload.error} />}
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-testid="import-close">
            {done ? t('processMaster.close') : t('processMaster.cancel')}
          </Button>
          {!done && (
            <>
              <Button variant="light" disabled={!file} loading={upload.isPending && upload.variables.dryRun} onClick={() => run(true)} data-testid="import-check">
                {t('processMaster.import.check')}
              </Button>
              <Button disabled={!file || !checked} loading={upload.isPending && !upload.variables.dryRun} onClick={() => run(false)} data-testid="import-run">
                {t('processMaster.import.run')}
              </Button>
            </>
          )}
        </Group>
      </Stack>
    </MasterDialog>
  );
}
