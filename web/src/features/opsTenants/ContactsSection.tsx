import { Button, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormState } from '../../components/useFormState';
import { useChangeContacts, type TenantDetail } from './api';
import { OpsDialog } from './OpsDialog';

interface SectionProps {
  tenant: TenantDetail;
  canWrite: boolean;
  notify: (message: string) => void;
}

function EditContactsModal({ tenant, onClose, notify }: { tenant: TenantDetail; onClose: () => void; notify: (message: string) => void }) {
  const { t } = useTranslation();
  const change = useChangeContacts(tenant.id);
  const form = useFormState({ representativeEmail: tenant.representativeEmail, contactEmail: tenant.contactEmail, requestRef: '' });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.checkFilled(t('validation.required'))) return;
    const representativeEmail = form.values.representativeEmail.normalize('NFKC').trim();
    const contactEmail = form.values.contactEmail.normalize('NFKC').trim();
    change.mutate(
      {
        ...(representativeEmail !== tenant.representativeEmail ? { representativeEmail } : {}),
        ...(contactEmail !== tenant.contactEmail || representativeEmail === tenant.representativeEmail ? { contactEmail } : {}),
        requestRef: form.values.requestRef.trim(),
      },
      {
        onSuccess: ({ changed }) => {
          notify(changed.length ? t('opsTenants.contacts.done') : t('opsTenants.contacts.unchanged'));
          onClose();
        },
        onError: form.showServerErrors,
      },
    );
  };

  return (
    <OpsDialog title={t('opsTenants.contacts.editTitle')} onClose={onClose} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{t('opsTenants.contacts.editIntro')}</Text>
          {change.isError && <ErrorAlert error={change.error} fieldsShownInline={form.fieldNames} />}
          <TextInput type="email" label={t('opsTenants.fields.representativeEmail')} required autoComplete="off" data-testid="contacts-rep" {...form.field('representativeEmail')} />
          <TextInput
            type="email"
            label={t('opsTenants.fields.contactEmail')}
            description={t('opsTenants.fields.contactHint')}
            required
            autoComplete="off"
            data-testid="contacts-contact"
            {...form.field('contactEmail')}
          />
          <TextInput label={t('opsTenants.fields.requestRef')} description={t('opsTenants.fields.requestRefHint')} required autoComplete="off" data-testid="contacts-ref" {...form.field('requestRef')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('opsTenants.cancel')}
            </Button>
            <Button type="submit" loading={change.isPending} data-testid="contacts-submit">
              {t('opsTenants.contacts.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </OpsDialog>
  );
}

/** The representative's and the contact address (where notices go), editable at the tenant's request. */
export function ContactsSection({ tenant, canWrite, notify }: SectionProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('opsTenants.contacts.title')}
          </Title>
          {canWrite && (
            <Button size="xs" variant="light" onClick={() => setEditing(true)} data-testid="contacts-edit">
              {t('opsTenants.contacts.edit')}
            </Button>
          )}
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <div>
            <Text size="sm" c="dimmed">
              {t('opsTenants.fields.representativeEmail')}
            </Text>
            <Text fw={500} data-testid="tenant-rep-email">
              {tenant.representativeEmail}
            </Text>
          </div>
          <div>
            <Text size="sm" c="dimmed">
              {t('opsTenants.fields.contactEmail')}
            </Text>
            <Text fw={500} data-testid="tenant-contact-email">
              {tenant.contactEmail}
            </Text>
          </div>
        </SimpleGrid>
      </Stack>
      {editing && <EditContactsModal tenant={tenant} onClose={() => setEditing(false)} notify={notify} />}
    </Card>
  );
}
