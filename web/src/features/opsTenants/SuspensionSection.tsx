import { Alert, Button, Card, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormState } from '../../components/useFormState';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { useResumeTenant, useSuspendTenant, type TenantDetail } from './api';
import { OpsDialog } from './OpsDialog';

interface SectionProps {
  tenant: TenantDetail;
  canWrite: boolean;
  notify: (message: string) => void;
}

/** Confirms a suspension by the tenant's name and asks for the reason and the request. */
function SuspendModal({ tenant, onClose, notify }: { tenant: TenantDetail; onClose: () => void; notify: (m: string) => void }) {
  const { t } = useTranslation();
  const suspend = useSuspendTenant(tenant.id);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const form = useFormState({ requestRef: '' });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const missingReason = reason.trim() === '';
    setReasonError(missingReason ? t('validation.required') : undefined);
    if (!form.checkFilled(t('validation.required')) || missingReason) return;
    suspend.mutate(
      { reason: reason.trim(), requestRef: form.values.requestRef.trim() },
      {
        onSuccess: ({ sessionsEnded }) => {
          notify(t('opsTenants.suspension.done', { name: tenant.name, count: sessionsEnded }));
          onClose();
        },
        onError: (error) => {
          form.showServerErrors(error);
          if (error instanceof ApiError) setReasonError(error.fields.reason);
        },
      },
    );
  };

  return (
    <OpsDialog title={t('opsTenants.suspension.suspendTitle')} onClose={onClose} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Alert color="red" variant="light">
            {t('opsTenants.suspension.confirm', { name: tenant.name, code: tenant.code })}
          </Alert>
          {suspend.isError && <ErrorAlert error={suspend.error} fieldsShownInline={['reason', ...form.fieldNames]} />}
          <Textarea
            label={t('opsTenants.suspension.reason')}
            description={t('opsTenants.suspension.reasonHint')}
            required
            autosize
            minRows={2}
            value={reason}
            error={reasonError}
            onChange={(event) => {
              setReason(event.currentTarget.value);
              setReasonError(undefined);
            }}
            data-testid="suspend-reason"
          />
          <TextInput label={t('opsTenants.fields.requestRef')} description={t('opsTenants.fields.requestRefHint')} required autoComplete="off" data-testid="suspend-ref" {...form.field('requestRef')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('opsTenants.cancel')}
            </Button>
            <Button type="submit" color="red" loading={suspend.isPending} data-testid="suspend-submit">
              {t('opsTenants.suspension.suspendSubmit', { name: tenant.name })}
            </Button>
          </Group>
        </Stack>
      </form>
    </OpsDialog>
  );
}

function ResumeModal({ tenant, onClose, notify }: { tenant: TenantDetail; onClose: () => void; notify: (m: string) => void }) {
  const { t } = useTranslation();
  const resume = useResumeTenant(tenant.id);
  const form = useFormState({ requestRef: '' });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.checkFilled(t('validation.required'))) return;
    resume.mutate(
      { requestRef: form.values.requestRef.trim() },
      {
        onSuccess: () => {
          notify(t('opsTenants.suspension.resumed', { name: tenant.name }));
          onClose();
        },
        onError: form.showServerErrors,
      },
    );
  };
  return (
    <OpsDialog title={t('opsTenants.suspension.resumeTitle')} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{t('opsTenants.suspension.resumeIntro', { name: tenant.name })}</Text>
          {resume.isError && <ErrorAlert error={resume.error} fieldsShownInline={form.fieldNames} />}
          <TextInput label={t('opsTenants.fields.requestRef')} description={t('opsTenants.fields.requestRefHint')} required autoComplete="off" data-testid="resume-ref" {...form.field('requestRef')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('opsTenants.cancel')}
            </Button>
            <Button type="submit" loading={resume.isPending} data-testid="resume-submit">
              {t('opsTenants.suspension.resumeSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </OpsDialog>
  );
}

/** Suspending stops every sign-in and session of the tenant; resuming lets its users in again. */
export function SuspensionSection({ tenant, canWrite, notify }: SectionProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const [dialog, setDialog] = useState<'suspend' | 'resume' | null>(null);
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('opsTenants.suspension.title')}
        </Title>
        {tenant.status === 'suspended' ? (
          <>
            <Text size="sm" data-testid="suspension-state">
              {t('opsTenants.suspension.suspendedSince', { date: tenant.suspendedAt ? formatDateTime(tenant.suspendedAt, lang) : '—' })}
            </Text>
            {tenant.suspensionReason && <Text size="sm">{t('opsTenants.suspension.reasonShown', { reason: tenant.suspensionReason })}</Text>}
          </>
        ) : (
          <Text size="sm">{t('opsTenants.suspension.intro')}</Text>
        )}
        {canWrite && tenant.status === 'active' && (
          <Group>
            <Button color="red" variant="light" onClick={() => setDialog('suspend')} data-testid="suspend-open">
              {t('opsTenants.suspension.suspend')}
            </Button>
          </Group>
        )}
        {canWrite && tenant.status === 'suspended' && (
          <Group>
            <Button onClick={() => setDialog('resume')} data-testid="resume-open">
              {t('opsTenants.suspension.resume')}
            </Button>
          </Group>
        )}
      </Stack>
      {dialog === 'suspend' && <SuspendModal tenant={tenant} onClose={() => setDialog(null)} notify={notify} />}
      {dialog === 'resume' && <ResumeModal tenant={tenant} onClose={() => setDialog(null)} notify={notify} />}
    </Card>
  );
}
