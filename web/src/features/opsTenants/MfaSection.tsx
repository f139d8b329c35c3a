import { Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormState } from '../../components/useFormState';
import { useSetMfaRequired, type TenantDetail } from './api';
import { OpsDialog } from './OpsDialog';

interface SectionProps {
  tenant: TenantDetail;
  canManage: boolean;
  notify: (message: string) => void;
}

/** Switches "MFA required" for all the tenant's users, at the tenant's request (9.2.3). */
function MfaModal({ tenant, onClose, notify }: { tenant: TenantDetail; onClose: () => void; notify: (m: string) => void }) {
  const { t } = useTranslation();
  const set = useSetMfaRequired(tenant.id);
  const form = useFormState({ requestReference: '' });
  const required = !tenant.mfaRequired;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.checkFilled(t('validation.required'))) return;
    set.mutate(
      { required, requestReference: form.values.requestReference.trim() },
      {
        onSuccess: () => {
          notify(required ? t('opsTenants.mfa.doneOn', { name: tenant.name }) : t('opsTenants.mfa.doneOff', { name: tenant.name }));
          onClose();
        },
        onError: form.showServerErrors,
      },
    );
  };
  return (
    <OpsDialog title={required ? t('opsTenants.mfa.turnOnTitle') : t('opsTenants.mfa.turnOffTitle')} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{required ? t('opsTenants.mfa.turnOnIntro', { name: tenant.name }) : t('opsTenants.mfa.turnOffIntro', { name: tenant.name })}</Text>
          {set.isError && <ErrorAlert error={set.error} fieldsShownInline={form.fieldNames} />}
          <TextInput label={t('opsTenants.fields.requestRef')} description={t('opsTenants.fields.requestRefHint')} required autoComplete="off" data-testid="mfa-ref" {...form.field('requestReference')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('opsTenants.cancel')}
            </Button>
            <Button type="submit" loading={set.isPending} data-testid="mfa-submit">
              {required ? t('opsTenants.mfa.turnOn') : t('opsTenants.mfa.turnOff')}
            </Button>
          </Group>
        </Stack>
      </form>
    </OpsDialog>
  );
}

export function MfaSection({ tenant, canManage, notify }: SectionProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('opsTenants.mfa.title')}
        </Title>
        <Text size="sm" fw={500} data-testid="mfa-state">
          {tenant.mfaRequired ? t('opsTenants.mfa.on') : t('opsTenants.mfa.off')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('opsTenants.mfa.hint')}
        </Text>
        {canManage && (
          <Group>
            <Button size="xs" variant="light" onClick={() => setOpen(true)} data-testid="mfa-toggle">
              {tenant.mfaRequired ? t('opsTenants.mfa.turnOff') : t('opsTenants.mfa.turnOn')}
            </Button>
          </Group>
        )}
      </Stack>
      {open && <MfaModal tenant={tenant} onClose={() => setOpen(false)} notify={notify} />}
    </Card>
  );
}
