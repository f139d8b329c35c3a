import { Alert, Button, Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { useSessionSettings, useUpdateSessionSettings, type SessionSettings } from './api';

/** For admins: the company's idle timeout and absolute session lifetime, within the platform's bounds. */
export function SessionSettingsSection() {
  const { t } = useTranslation();
  const settings = useSessionSettings(true);

  return (
    <Stack>
      <Title order={2} size="h3">
        {t('account.settings.title')}
      </Title>
      <Text size="sm">{t('account.settings.intro')}</Text>
      {settings.isPending ? (
        <LoadingState />
      ) : settings.isError ? (
        <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <SessionSettingsForm settings={settings.data} />
      )}
    </Stack>
  );
}

type Field = 'idleMinutes' | 'absoluteHours';

function SessionSettingsForm({ settings }: { settings: SessionSettings }) {
  const { t } = useTranslation();
  const update = useUpdateSessionSettings();
  const [values, setValues] = useState<Record<Field, number | string>>({
    idleMinutes: settings.idleMinutes ?? '',
    absoluteHours: settings.absoluteHours ?? '',
  });
  const fieldErrors = update.error instanceof ApiError ? update.error.fields : {};

  // An empty field means "the platform's default".
  const parsed = (value: number | string): number | null => (value === '' ? null : Number(value));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    update.mutate({ idleMinutes: parsed(values.idleMinutes), absoluteHours: parsed(values.absoluteHours) });
  };
  const set = (field: Field) => (value: number | string) => {
    update.reset();
    setValues((current) => ({ ...current, [field]: value }));
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {update.isError && <ErrorAlert error={update.error} fieldsShownInline={['idleMinutes', 'absoluteHours']} />}
        {update.isSuccess && (
          <Alert color="green" data-testid="session-settings-saved">
            {t('account.settings.saved', { ...update.data.effective })}
          </Alert>
        )}
        <Group align="flex-start" grow>
          <NumberInput
            label={t('account.settings.idle')}
            description={t('account.settings.idleHint', { value: settings.defaults.idleMinutes })}
            min={5}
            max={480}
            allowDecimal={false}
            value={values.idleMinutes}
            onChange={set('idleMinutes')}
            error={fieldErrors.idleMinutes}
            data-testid="session-settings-idle"
          />
          <NumberInput
            label={t('account.settings.absolute')}
            description={t('account.settings.absoluteHint', { value: settings.defaults.absoluteHours })}
            min={1}
            max={72}
            allowDecimal={false}
            value={values.absoluteHours}
            onChange={set('absoluteHours')}
            error={fieldErrors.absoluteHours}
            data-testid="session-settings-absolute"
          />
        </Group>
        <Button type="submit" loading={update.isPending} style={{ alignSelf: 'flex-start' }} data-testid="session-settings-save">
          {t('account.settings.save')}
        </Button>
      </Stack>
    </form>
  );
}
