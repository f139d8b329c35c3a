import { Alert, Button, Card, EmptyState, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { useFormState } from '../../components/useFormState';
import { roleName, useServices, type ServiceDefinition } from '../../data/services';
import { useLang } from '../../i18n/useLang';
import { useAddSurveyMember, useChangeSurveyRole, useDeleteSurveyMember, useSurveyMembers, type SurveyMember, type TenantDetail } from './api';
import { OpsDialog } from './OpsDialog';

interface SectionProps {
  tenant: TenantDetail;
  /** Whether the tenant has a running survey contract; without one there is nothing to manage. */
  running: boolean;
  notify: (message: string) => void;
}

type Dialog = { kind: 'add' } | { kind: 'role' | 'delete'; member: SurveyMember } | null;

function roleOptions(survey: ServiceDefinition | undefined, lang: 'ja' | 'en') {
  return (survey?.roles ?? []).map((role) => ({ value: role.id, label: role.name[lang] }));
}

/** Adds a survey user at the tenant's request; a new person gets a temporary password by e-mail. */
function AddSurveyUserModal({ tenant, survey, onClose, notify }: { tenant: TenantDetail; survey: ServiceDefinition | undefined; onClose: () => void; notify: (m: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const add = useAddSurveyMember(tenant.id);
  const form = useFormState({ email: '', displayName: '', requestRef: '' });
  const [role, setRole] = useState('org_member');
  const [mailLang, setMailLang] = useState<'ja' | 'en'>('ja');

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.checkFilled(t('validation.required'))) return;
    add.mutate(
      { email: form.values.email.normalize('NFKC').trim(), displayName: form.values.displayName.trim(), role, lang: mailLang, requestRef: form.values.requestRef.trim() },
      {
        onSuccess: ({ member }) => {
          notify(member.newUser ? t('opsTenants.survey.addedNew', { name: form.values.displayName.trim() }) : t('opsTenants.survey.addedExisting', { name: form.values.displayName.trim() }));
          onClose();
        },
        onError: form.showServerErrors,
      },
    );
  };

  return (
    <OpsDialog title={t('opsTenants.survey.addTitle')} onClose={onClose} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{t('opsTenants.survey.addIntro')}</Text>
          {add.isError && <ErrorAlert error={add.error} fieldsShownInline={[...form.fieldNames, 'role']} />}
          <TextInput type="email" label={t('opsTenants.survey.email')} required autoComplete="off" data-testid="survey-add-email" {...form.field('email')} />
          <TextInput label={t('opsTenants.survey.name')} required autoComplete="off" data-testid="survey-add-name" {...form.field('displayName')} />
          <NativeSelect label={t('opsTenants.survey.role')} value={role} onChange={(event) => setRole(event.currentTarget.value)} data={roleOptions(survey, lang)} data-testid="survey-add-role" />
          <NativeSelect
            label={t('opsTenants.survey.mailLanguage')}
            value={mailLang}
            onChange={(event) => setMailLang(event.currentTarget.value === 'en' ? 'en' : 'ja')}
            data={[
              { value: 'ja', label: t('language.ja') },
              { value: 'en', label: t('language.en') },
            ]}
            data-testid="survey-add-lang"
          />
          <TextInput label={t('opsTenants.fields.requestRef')} description={t('opsTenants.fields.requestRefHint')} required autoComplete="off" data-testid="survey-add-ref" {...form.field('requestRef')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('opsTenants.cancel')}
            </Button>
            <Button type="submit" loading={add.isPending} data-testid="survey-add-submit">
              {t('opsTenants.survey.addSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </OpsDialog>
  );
}

function ChangeSurveyRoleModal({ tenant, survey, member, onClose, notify }: { tenant: TenantDetail; survey: ServiceDefinition | undefined; member: SurveyMember; onClose: () => void; notify: (m: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const change = useChangeSurveyRole(tenant.id);
  const [role, setRole] = useState(member.role);
  const form = useFormState({ requestRef: '' });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.checkFilled(t('validation.required'))) return;
    change.mutate(
      { userId: member.id, role, requestRef: form.values.requestRef.trim() },
      {
        onSuccess: () => {
          notify(t('opsTenants.survey.roleChanged', { name: member.displayName, role: roleName(survey, role, lang) }));
          onClose();
        },
        onError: form.showServerErrors,
      },
    );
  };
  return (
    <OpsDialog title={t('opsTenants.survey.roleTitle', { name: member.displayName })} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {change.isError && <ErrorAlert error={change.error} fieldsShownInline={[...form.fieldNames, 'role']} />}
          <NativeSelect label={t('opsTenants.survey.role')} value={role} onChange={(event) => setRole(event.currentTarget.value)} data={roleOptions(survey, lang)} data-testid="survey-role-select" />
          <TextInput label={t('opsTenants.fields.requestRef')} description={t('opsTenants.fields.requestRefHint')} required autoComplete="off" data-testid="survey-role-ref" {...form.field('requestRef')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('opsTenants.cancel')}
            </Button>
            <Button type="submit" loading={change.isPending} data-testid="survey-role-submit">
              {t('opsTenants.survey.roleSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </OpsDialog>
  );
}

function DeleteSurveyUserModal({ tenant, member, onClose, notify }: { tenant: TenantDetail; member: SurveyMember; onClose: () => void; notify: (m: string) => void }) {
  const { t } = useTranslation();
  const remove = useDeleteSurveyMember(tenant.id);
  const form = useFormState({ requestRef: '' });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.checkFilled(t('validation.required'))) return;
    remove.mutate(
      { userId: member.id, requestRef: form.values.requestRef.trim() },
      {
        onSuccess: () => {
          notify(t('opsTenants.survey.deleted', { name: member.displayName }));
          onClose();
        },
        onError: form.showServerErrors,
      },
    );
  };
  return (
    <OpsDialog title={t('opsTenants.survey.deleteTitle')} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Alert color="red" variant="light">
            {t('opsTenants.survey.deleteConfirm', { name: member.displayName, email: member.email })}
          </Alert>
          {remove.isError && <ErrorAlert error={remove.error} fieldsShownInline={form.fieldNames} />}
          <TextInput label={t('opsTenants.fields.requestRef')} description={t('opsTenants.fields.requestRefHint')} required autoComplete="off" data-testid="survey-delete-ref" {...form.field('requestRef')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('opsTenants.cancel')}
            </Button>
            <Button type="submit" color="red" loading={remove.isPending} data-testid="survey-delete-submit">
              {t('opsTenants.survey.deleteSubmit', { name: member.displayName })}
            </Button>
          </Group>
        </Stack>
      </form>
    </OpsDialog>
  );
}

/**
 * The tenant's chemical-survey users, which only staff add, re-role and delete, at the tenant's
 * request (9.2.1, 9.4.1). Shown only while the tenant has a running survey contract.
 */
export function SurveyUsersSection({ tenant, running, notify }: SectionProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const services = useServices();
  const survey = services.data?.find((s) => s.id === 'survey');
  const members = useSurveyMembers(tenant.id, running);
  const [dialog, setDialog] = useState<Dialog>(null);

  return (
    <Card withBorder data-testid="survey-section">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('opsTenants.survey.title')}
          </Title>
          {running && (
            <Button size="xs" variant="light" onClick={() => setDialog({ kind: 'add' })} data-testid="survey-add">
              {t('opsTenants.survey.add')}
            </Button>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {t('opsTenants.survey.intro')}
        </Text>
        {!running ? (
          <Text size="sm" data-testid="survey-not-contracted">
            {t('opsTenants.survey.notContracted')}
          </Text>
        ) : members.isPending ? (
          <LoadingState />
        ) : members.isError ? (
          <ErrorAlert error={members.error} onRetry={() => void members.refetch()} />
        ) : members.data.length === 0 ? (
          <EmptyState title={t('opsTenants.survey.emptyTitle')} description={t('opsTenants.survey.emptyBody')} />
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm" data-testid="survey-table">
              <Table.Caption>{t('opsTenants.survey.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('opsTenants.survey.name')}</Table.Th>
                  <Table.Th scope="col">{t('opsTenants.survey.role')}</Table.Th>
                  <Table.Th scope="col">{t('opsTenants.survey.status')}</Table.Th>
                  <Table.Th scope="col">{t('opsTenants.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {members.data.map((member) => (
                  <Table.Tr key={member.id} data-testid={`survey-row-${member.email}`}>
                    <Table.Td>
                      <Text fw={500}>{member.displayName}</Text>
                      <Text size="sm" c="dimmed">
                        {member.email}
                      </Text>
                    </Table.Td>
                    <Table.Td>{roleName(survey, member.role, lang)}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{t(`opsTenants.survey.userStatus.${member.status}`)}</Text>
                      {member.mustChangePassword && (
                        <Text size="xs" c="dimmed">
                          {t('opsTenants.survey.mustChange')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} role="group" aria-label={t('opsTenants.survey.actionsFor', { name: member.displayName })}>
                        <Button size="compact-sm" variant="light" onClick={() => setDialog({ kind: 'role', member })} data-testid="survey-change-role">
                          {t('opsTenants.survey.changeRole')}
                        </Button>
                        <Button size="compact-sm" variant="light" color="red" onClick={() => setDialog({ kind: 'delete', member })} data-testid="survey-delete">
                          {t('opsTenants.survey.delete')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      {dialog?.kind === 'add' && <AddSurveyUserModal tenant={tenant} survey={survey} onClose={() => setDialog(null)} notify={notify} />}
      {dialog?.kind === 'role' && <ChangeSurveyRoleModal tenant={tenant} survey={survey} member={dialog.member} onClose={() => setDialog(null)} notify={notify} />}
      {dialog?.kind === 'delete' && <DeleteSurveyUserModal tenant={tenant} member={dialog.member} onClose={() => setDialog(null)} notify={notify} />}
    </Card>
  );
}
