import { Alert, Button, Checkbox, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormState } from '../../components/useFormState';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { ConsoleDialog } from './ConsoleDialog';
import { useChangeStaffRoles, useInviteStaff, useStaffCommand, type StaffAccount, type StaffCommand, type StaffRoleInfo } from './staffApi';

/** The roles to tick, each with what it allows. */
function RolePicker({ roles, value, onChange, error }: { roles: StaffRoleInfo[]; value: string[]; onChange: (next: string[]) => void; error?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Checkbox.Group label={t('ops.staff.roles')} description={t('ops.staff.rolesHint')} value={value} onChange={onChange} error={error} withAsterisk>
      <Stack gap="xs" mt="xs">
        {roles.map((role) => (
          <Checkbox
            key={role.id}
            value={role.id}
            label={role.name[lang]}
            description={role.permissions.map((p) => p.name[lang]).join(lang === 'ja' ? '、' : ', ')}
            data-testid={`staff-role-${role.id}`}
          />
        ))}
      </Stack>
    </Checkbox.Group>
  );
}

/** Creates a staff account; the new staff member gets a one-time setup link by mail. */
export function InviteStaffModal({ roles, onClose, notify }: { roles: StaffRoleInfo[]; onClose: () => void; notify: (message: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const invite = useInviteStaff();
  const form = useFormState({ email: '', displayName: '' });
  const [mailLang, setMailLang] = useState<'ja' | 'en'>('ja');
  const [picked, setPicked] = useState<string[]>([]);
  const [rolesError, setRolesError] = useState<string | undefined>();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const filled = form.checkFilled(t('validation.required'));
    if (picked.length === 0) setRolesError(t('ops.staff.rolesRequired'));
    if (!filled || picked.length === 0) return;
    const email = form.values.email.normalize('NFKC').trim();
    invite.mutate(
      { email, displayName: form.values.displayName.trim(), roles: picked, lang: mailLang },
      {
        onSuccess: (created) => {
          notify(t('ops.staff.invite.done', { name: form.values.displayName.trim(), email, date: formatDateTime(created.setupExpiresAt, lang, { withZone: true }) }));
          onClose();
        },
        onError: (error) => {
          form.showServerErrors(error);
          const roleMessage = error instanceof ApiError ? Object.entries(error.fields).find(([key]) => key.startsWith('roles'))?.[1] : undefined;
          if (roleMessage) setRolesError(roleMessage);
        },
      },
    );
  };

  return (
    <ConsoleDialog title={t('ops.staff.invite.title')} onClose={onClose} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{t('ops.staff.invite.intro')}</Text>
          {invite.isError && <ErrorAlert error={invite.error} fieldsShownInline={[...form.fieldNames, 'roles', 'roles.0', 'roles.1', 'roles.2']} />}
          <TextInput type="email" label={t('ops.staff.email')} required autoComplete="off" data-testid="staff-invite-email" {...form.field('email')} />
          <TextInput label={t('ops.staff.displayName')} required autoComplete="off" data-testid="staff-invite-name" {...form.field('displayName')} />
          <RolePicker
            roles={roles}
            value={picked}
            onChange={(next) => {
              setPicked(next);
              setRolesError(undefined);
            }}
            error={rolesError}
          />
          <NativeSelect
            label={t('ops.staff.invite.mailLang')}
            data={[
              { value: 'ja', label: t('language.ja') },
              { value: 'en', label: t('language.en') },
            ]}
            value={mailLang}
            onChange={(event) => setMailLang(event.currentTarget.value === 'en' ? 'en' : 'ja')}
            data-testid="staff-invite-lang"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('ops.cancel')}
            </Button>
            <Button type="submit" loading={invite.isPending} data-testid="staff-invite-submit">
              {t('ops.staff.invite.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </ConsoleDialog>
  );
}

/** Changes a staff member's roles; the server refuses the two forbidden changes and says why. */
export function ChangeRolesModal({ staff, roles, onClose, notify }: { staff: StaffAccount; roles: StaffRoleInfo[]; onClose: () => void; notify: (message: string) => void }) {
  const { t } = useTranslation();
  const change = useChangeStaffRoles(staff.id);
  const [picked, setPicked] = useState<string[]>(staff.roles);
  const [rolesError, setRolesError] = useState<string | undefined>();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (picked.length === 0) {
      setRolesError(t('ops.staff.rolesRequired'));
      return;
    }
    change.mutate(picked, {
      onSuccess: (result) => {
        notify(result.changed ? t('ops.staff.changeRoles.done', { name: staff.displayName }) : t('ops.staff.changeRoles.unchanged'));
        onClose();
      },
    });
  };
  return (
    <ConsoleDialog title={t('ops.staff.changeRoles.title', { name: staff.displayName })} onClose={onClose} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {change.isError && <ErrorAlert error={change.error} />}
          {staff.self && (
            <Alert color="orange" variant="light">
              {t('ops.staff.changeRoles.selfNote')}
            </Alert>
          )}
          <RolePicker
            roles={roles}
            value={picked}
            onChange={(next) => {
              setPicked(next);
              setRolesError(undefined);
            }}
            error={rolesError}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('ops.cancel')}
            </Button>
            <Button type="submit" loading={change.isPending} data-testid="staff-roles-submit">
              {t('ops.staff.changeRoles.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </ConsoleDialog>
  );
}

/** Confirms one account action by the staff member's name and says what it will do. */
export function StaffCommandModal({ staff, command, onClose, notify }: { staff: StaffAccount; command: StaffCommand; onClose: () => void; notify: (message: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const run = useStaffCommand(staff.id);
  const destructive = command === 'disable' || command === 'mfa-reset';
  const key = command === 'mfa-reset' ? 'mfaReset' : command === 'setup-link' ? 'setupLink' : command;
  return (
    <ConsoleDialog title={t(`ops.staff.command.${key}.title`)} onClose={onClose}>
      <Stack>
        {run.isError && <ErrorAlert error={run.error} />}
        <Text>{t(`ops.staff.command.${key}.confirm`, { name: staff.displayName, email: staff.email })}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('ops.cancel')}
          </Button>
          <Button
            color={destructive ? 'red.9' : undefined}
            loading={run.isPending}
            onClick={() =>
              run.mutate(
                { command, lang },
                {
                  onSuccess: () => {
                    notify(t(`ops.staff.command.${key}.done`, { name: staff.displayName }));
                    onClose();
                  },
                },
              )
            }
            data-testid="staff-command-confirm"
          >
            {t(`ops.staff.command.${key}.submit`, { name: staff.displayName })}
          </Button>
        </Group>
      </Stack>
    </ConsoleDialog>
  );
}
