import { Alert, Button, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiStatus } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { NotFoundContent } from '../../../components/NotFoundContent';
import { usePageTitle } from '../../../layout/usePageTitle';
import { useCanManageSurvey, useSaveSettings, useSettings, type SurveySettings } from '../api';
import { PageHeader, serverFieldErrors } from '../products/shared';
import { numberText, parseNumber } from '../products/numbers';

type TextKey = 'companyName' | 'companyId' | 'companyIdAuthority' | 'contactName' | 'contactEmail' | 'contactPhone';
type NumberKey = 'sumTolerancePercent' | 'remindDaysBefore' | 'remindDaysAfter';
type Draft = Record<TextKey | NumberKey, string>;

const TEXT_KEYS: readonly TextKey[] = ['companyName', 'companyId', 'companyIdAuthority', 'contactName', 'contactEmail', 'contactPhone'];
const NUMBER_KEYS: readonly NumberKey[] = ['sumTolerancePercent', 'remindDaysBefore', 'remindDaysAfter'];

function draftOf(settings: SurveySettings): Draft {
  return {
    companyName: settings.companyName,
    companyId: settings.companyId,
    companyIdAuthority: settings.companyIdAuthority,
    contactName: settings.contactName,
    contactEmail: settings.contactEmail,
    contactPhone: settings.contactPhone,
    sumTolerancePercent: numberText(settings.sumTolerancePercent),
    remindDaysBefore: numberText(settings.remindDaysBefore),
    remindDaysAfter: numberText(settings.remindDaysAfter),
  };
}

/** 組織設定 (org admins): the company written into exported files, the sum tolerance and the reminder days. */
export function SettingsPage() {
  const { t } = useTranslation();
  usePageTitle(t('survey.settings.title'));
  const canManage = useCanManageSurvey();
  const settings = useSettings();
  if (!canManage) return <NotFoundContent />;
  if (settings.isPending) return <LoadingState />;
  if (settings.isError) return <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />;
  return <SettingsForm settings={settings.data} onReload={() => void settings.refetch()} />;
}

function SettingsForm({ settings, onReload }: { settings: SurveySettings; onReload: () => void }) {
  const { t } = useTranslation();
  const save = useSaveSettings();
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);

  useEffect(() => setDraft(draftOf(settings)), [settings]);

  const set = (key: keyof Draft, value: string) => {
    setDraft((current) => ({ ...current, [key]: value }));
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([k]) => k !== key)));
    setSaved(false);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.reset();
    const next: Record<string, string> = {};
    if (draft.companyName.trim() === '') next.companyName = t('survey.required');
    const numbers = {} as Record<NumberKey, number>;
    for (const key of NUMBER_KEYS) {
      const value = parseNumber(draft[key]);
      if (value === null || value < 0 || (key !== 'sumTolerancePercent' && !Number.isInteger(value))) next[key] = t('survey.settings.wholeNumber');
      else numbers[key] = value;
    }
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    const input: SurveySettings = {
      companyName: draft.companyName.trim(),
      companyId: draft.companyId.trim(),
      companyIdAuthority: draft.companyIdAuthority.trim(),
      contactName: draft.contactName.trim(),
      contactEmail: draft.contactEmail.trim(),
      contactPhone: draft.contactPhone.trim(),
      ...numbers,
      version: settings.version,
    };
    save.mutate(input, { onSuccess: () => setSaved(true), onError: (error) => setErrors(serverFieldErrors(error)) });
  };

  const conflict = isApiStatus(save.error, 409) && save.error.code === 'conflict';
  const text = (key: TextKey, props: { type?: string; maxLength: number; description?: string; required?: boolean }) => (
    <TextInput
      label={t(`survey.settings.${key}`)}
      value={draft[key]}
      error={errors[key]}
      onChange={(e) => set(key, e.currentTarget.value)}
      data-testid={`survey-settings-${key}`}
      {...props}
    />
  );
  const number = (key: NumberKey, description: string) => (
    <TextInput
      label={t(`survey.settings.${key}`)}
      description={description}
      inputMode="decimal"
      w={220}
      value={draft[key]}
      error={errors[key]}
      onChange={(e) => set(key, e.currentTarget.value)}
      data-testid={`survey-settings-${key}`}
    />
  );

  return (
    <Stack maw={900}>
      <PageHeader title={t('survey.settings.title')} intro={t('survey.settings.intro')} />
      {saved && (
        <Alert color="green" variant="light" role="status" data-testid="survey-settings-saved">
          {t('survey.settings.saved')}
        </Alert>
      )}
      {conflict ? (
        <Alert color="orange" title={t('survey.conflict.title')}>
          <Text size="sm">{t('survey.conflict.body')}</Text>
          <Button size="xs" mt="sm" variant="light" color="orange" onClick={onReload}>
            {t('survey.conflict.reload')}
          </Button>
        </Alert>
      ) : (
        save.isError && <ErrorAlert error={save.error} fieldsShownInline={[...TEXT_KEYS, ...NUMBER_KEYS]} />
      )}
      <form onSubmit={submit} noValidate aria-label={t('survey.settings.title')}>
        <Stack>
          <Title order={2} size="h4">
            {t('survey.settings.company')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('survey.settings.companyHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {text('companyName', { maxLength: 200, required: true })}
            {text('companyId', { maxLength: 100, description: t('survey.settings.companyIdHint') })}
            {text('companyIdAuthority', { maxLength: 50, description: t('survey.settings.companyIdAuthorityHint') })}
            {text('contactName', { maxLength: 100 })}
            {text('contactEmail', { type: 'email', maxLength: 254 })}
            {text('contactPhone', { type: 'tel', maxLength: 40 })}
          </SimpleGrid>
          <Title order={2} size="h4">
            {t('survey.settings.checks')}
          </Title>
          {number('sumTolerancePercent', t('survey.settings.sumToleranceHint'))}
          <Title order={2} size="h4">
            {t('survey.settings.reminders')}
          </Title>
          <Group align="flex-start">
            {number('remindDaysBefore', t('survey.settings.remindBeforeHint'))}
            {number('remindDaysAfter', t('survey.settings.remindAfterHint'))}
          </Group>
          <Group>
            <Button type="submit" loading={save.isPending} data-testid="survey-settings-save">
              {t('survey.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
