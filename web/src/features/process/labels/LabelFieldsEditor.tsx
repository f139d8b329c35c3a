import { Badge, Checkbox, NativeSelect, Paper, ScrollArea, Stack, TagsInput, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { CLASSIFICATIONS, useNamedUserChoices, type Classification, type LabelFields } from './labelFields';

const COLORS: Record<Classification, string> = { general: 'gray.8', internal: 'orange.9', confidential: 'red.9' };

export function ClassificationBadge({ classification }: { classification: Classification }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[classification]} variant="outline" data-testid="classification-badge">
      {t(`process.classification.${classification}`)}
    </Badge>
  );
}

/** The people named on a confidential record (only they and the admins see it). */
function NamedUsersPicker({ value, onChange, error }: { value: string[]; onChange: (ids: string[]) => void; error?: string }) {
  const { t } = useTranslation();
  const members = useNamedUserChoices();
  if (members.isPending) return <LoadingState />;
  if (members.isError) return <ErrorAlert error={members.error} onRetry={() => void members.refetch()} />;
  // A disabled member already named stays listed so that they can be taken off; nobody can newly name one.
  const shown = members.data.filter((m) => m.status !== 'disabled' || value.includes(m.id));
  return (
    <Checkbox.Group label={t('process.labels.namedUsers')} description={t('process.labels.namedUsersHint')} value={value} onChange={onChange} error={error}>
      <Paper withBorder p="xs" mt="xs">
        <ScrollArea.Autosize mah={200}>
          {shown.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('process.labels.noMembers')}
            </Text>
          ) : (
            <Stack gap={6}>
              {shown.map((m) => (
                <Checkbox
                  key={m.id}
                  value={m.id}
                  label={m.status === 'disabled' ? t('process.labels.disabledMember', { name: m.displayName, email: m.email }) : `${m.displayName}（${m.email}）`}
                  data-testid="named-user-option"
                />
              ))}
            </Stack>
          )}
        </ScrollArea.Autosize>
      </Paper>
    </Checkbox.Group>
  );
}

/** Who may see a confidential record, by name, for screens that only show it. */
function NamedUsersList({ ids }: { ids: string[] }) {
  const { t } = useTranslation();
  const members = useNamedUserChoices(ids.length > 0);
  const names = ids.map((id) => members.data?.find((m) => m.id === id)?.displayName ?? t('process.labels.unknownMember'));
  return (
    <div>
      <Text size="sm" fw={500}>
        {t('process.labels.namedUsers')}
      </Text>
      <Text size="sm" data-testid="named-users">
        {ids.length === 0 ? t('process.labels.adminsOnly') : names.join('、')}
      </Text>
    </div>
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
        label={t('process.labels.remarks')}
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
        label={t('process.labels.labels')}
        description={readOnly ? undefined : t('process.labels.labelsHint')}
        value={value.labels}
        onChange={(labels) => onChange({ ...value, labels })}
        maxTags={20}
        readOnly={readOnly}
        error={errors.labels}
        clearButtonProps={{ 'aria-label': t('process.labels.clear') }}
        data-testid="labels-tags"
      />
      <NativeSelect
        label={t('process.labels.classification')}
        description={t('process.labels.classificationHint')}
        value={value.classification}
        disabled={readOnly}
        error={errors.classification}
        onChange={(e) => onChange({ ...value, classification: CLASSIFICATIONS.find((c) => c === e.currentTarget.value) ?? 'general' })}
        data={CLASSIFICATIONS.map((c) => ({ value: c, label: t(`process.classification.${c}`) }))}
        data-testid="labels-classification"
      />
      {value.classification === 'confidential' &&
        (readOnly ? (
          <NamedUsersList ids={value.namedUsers} />
        ) : (
          <NamedUsersPicker value={value.namedUsers} onChange={(namedUsers) => onChange({ ...value, namedUsers })} error={errors.namedUsers} />
        ))}
    </Stack>
  );
}
