import { Badge, Checkbox, NativeSelect, Paper, ScrollArea, Stack, TagsInput, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { CLASSIFICATIONS, useProcessMembers, type Classification, type LabelFields } from './api';

const COLORS: Record<Classification, string> = { general: 'gray.8', internal: 'orange.9', confidential: 'red.9' };

export function ClassificationBadge({ classification }: { classification: Classification }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[classification]} variant="outline" data-testid="classification-badge">
      {t(`processMaster.classification.${classification}`)}
    </Badge>
  );
}

/** The people named on a confidential record (only they and the admins see it). */
function NamedUsersPicker({ value, onChange, disabled, error }: { value: string[]; onChange: (ids: string[]) => void; disabled: boolean; error?: string }) {
  const { t } = useTranslation();
  const members = useProcessMembers(true);
  if (members.isPending) return <LoadingState />;
  if (members.isError) return <ErrorAlert error={members.error} onRetry={() => void members.refetch()} />;
  const active = members.data.filter((m) => m.status !== 'disabled' || value.includes(m.id));
  return (
    <Checkbox.Group label={t('processMaster.labels.namedUsers')} description={t('processMaster.labels.namedUsersHint')} value={value} onChange={onChange} error={error}>
      <Paper withBorder p="xs" mt="xs">
        <ScrollArea.Autosize mah={200}>
          {active.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('processMaster.labels.noMembers')}
            </Text>
          ) : (
            <Stack gap={6}>
              {active.map((m) => (
                <Checkbox key={m.id} value={m.id} disabled={disabled} label={`${m.displayName}（${m.email}）`} data-testid="named-user-option" />
              ))}
            </Stack>
          )}
        </ScrollArea.Autosize>
      </Paper>
    </Checkbox.Group>
  );
}

/** Remarks, labels (as tags), classification and, for 機密, the named users (white paper 8.2.2). */
export function LabelFieldsEditor({
  value,
  onChange,
  readOnly,
  errors,
}: {
  value: LabelFields;
  onChange: (next: LabelFields) => void;
  readOnly: boolean;
  errors: Partial<Record<keyof LabelFields, string>>;
}) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Textarea
        label={t('processMaster.labels.remarks')}
        autosize
        minRows={2}
        maxLength={2000}
        readOnly={readOnly}
        value={value.remarks}
        error={errors.remarks}
        onChange={(e) => onChange({ ...value, remarks: e.currentTarget.value })}
        data-testid="labels-remarks"
      />
      <TagsInput
        label={t('processMaster.labels.labels')}
        description={readOnly ? undefined : t('processMaster.labels.labelsHint')}
        value={value.labels}
        onChange={(labels) => onChange({ ...value, labels })}
        maxTags={20}
        readOnly={readOnly}
        error={errors.labels}
        clearButtonProps={{ 'aria-label': t('processMaster.labels.clear') }}
        data-testid="labels-tags"
      />
      <NativeSelect
        label={t('processMaster.labels.classification')}
        description={t('processMaster.labels.classificationHint')}
        value={value.classification}
        disabled={readOnly}
        error={errors.classification}
        onChange={(e) => onChange({ ...value, classification: CLASSIFICATIONS.find((c) => c === e.currentTarget.value) ?? 'general' })}
        data={CLASSIFICATIONS.map((c) => ({ value: c, label: t(`processMaster.classification.${c}`) }))}
        data-testid="labels-classification"
      />
      {value.classification === 'confidential' && !readOnly && (
        <NamedUsersPicker value={value.namedUsers} onChange={(namedUsers) => onChange({ ...value, namedUsers })} disabled={readOnly} error={errors.namedUsers} />
      )}
    </Stack>
  );
}
