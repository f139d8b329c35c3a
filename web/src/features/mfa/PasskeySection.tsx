import { Alert, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { useAddPasskey, useRemovePasskey, useRenamePasskey, type MfaStatus } from './api';
import { MfaErrorAlert } from './MfaErrorAlert';
import { RecoveryCodesPanel } from './RecoveryCodesPanel';

type Passkey = MfaStatus['passkeys'][number];

/** The user's passkeys: list, add (WebAuthn in the browser), rename, delete with confirmation. */
export function PasskeySection({ status }: { status: MfaStatus }) {
  const { t } = useTranslation();
  const add = useAddPasskey();
  const [name, setName] = useState('');

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    add.mutate(name.trim() || t('mfa.passkey.defaultName'), { onSuccess: () => setName('') });
  };

  return (
    <Stack component="section" aria-labelledby="mfa-passkey-title">
      <Title order={2} size="h3" id="mfa-passkey-title">
        {t('mfa.passkey.title')}
      </Title>
      <Text size="sm">{t('mfa.passkey.description')}</Text>
      {status.passkeys.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('mfa.passkey.empty')}
        </Text>
      ) : (
        <Table data-testid="passkey-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('mfa.passkey.name')}</Table.Th>
              <Table.Th>{t('mfa.passkey.createdAt')}</Table.Th>
              <Table.Th>{t('mfa.passkey.lastUsedAt')}</Table.Th>
              <Table.Th>{t('mfa.passkey.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {status.passkeys.map((passkey) => (
              <PasskeyRow key={passkey.id} passkey={passkey} />
            ))}
          </Table.Tbody>
        </Table>
      )}
      {add.data && (
        <Alert color="green" data-testid="passkey-added">
          {t('mfa.passkey.added')}
        </Alert>
      )}
      {add.data?.recoveryCodes && <RecoveryCodesPanel codes={add.data.recoveryCodes} onDone={() => add.reset()} />}
      {add.isError && <MfaErrorAlert error={add.error} />}
      <form onSubmit={submit} noValidate>
        <Group align="flex-end">
          <TextInput
            label={t('mfa.passkey.name')}
            description={t('mfa.passkey.nameHint')}
            placeholder={t('mfa.passkey.defaultName')}
            maxLength={60}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            data-testid="passkey-name"
          />
          <Button type="submit" loading={add.isPending} data-testid="passkey-add">
            {t('mfa.passkey.add')}
          </Button>
        </Group>
      </form>
    </Stack>
  );
}

function PasskeyRow({ passkey }: { passkey: Passkey }) {
  const { t } = useTranslation();
  const lang = useLang();
  const rename = useRenamePasskey();
  const remove = useRemovePasskey();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(passkey.name);
  const [confirming, setConfirming] = useState(false);

  const saveName = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    rename.mutate({ id: passkey.id, name }, { onSuccess: () => setEditing(false) });
  };

  return (
    <Table.Tr data-testid="passkey-row">
      <Table.Td>
        {editing ? (
          <form onSubmit={saveName} noValidate>
            <Group gap="xs">
              <TextInput aria-label={t('mfa.passkey.name')} maxLength={60} value={name} onChange={(event) => setName(event.currentTarget.value)} size="xs" />
              <Button type="submit" size="xs" loading={rename.isPending}>
                {t('mfa.passkey.save')}
              </Button>
              <Button size="xs" variant="default" onClick={() => setEditing(false)}>
                {t('mfa.passkey.cancel')}
              </Button>
            </Group>
            {rename.isError && <MfaErrorAlert error={rename.error} />}
          </form>
        ) : (
          passkey.name
        )}
      </Table.Td>
      <Table.Td>{formatDateTime(passkey.createdAt, lang)}</Table.Td>
      <Table.Td>{passkey.lastUsedAt ? formatDateTime(passkey.lastUsedAt, lang) : t('mfa.passkey.never')}</Table.Td>
      <Table.Td>
        {confirming ? (
          <Stack gap="xs">
            <Text size="sm">{t('mfa.passkey.removeConfirm', { name: passkey.name })}</Text>
            {remove.isError && <MfaErrorAlert error={remove.error} />}
            <Group gap="xs">
              <Button size="xs" color="red" loading={remove.isPending} onClick={() => remove.mutate(passkey.id)} data-testid="passkey-remove-confirm">
                {t('mfa.passkey.removeYes')}
              </Button>
              <Button size="xs" variant="default" onClick={() => setConfirming(false)}>
                {t('mfa.passkey.cancel')}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Group gap="xs">
            <Button size="xs" variant="subtle" onClick={() => setEditing(true)} aria-label={`${t('mfa.passkey.rename')}: ${passkey.name}`}>
              {t('mfa.passkey.rename')}
            </Button>
            <Button size="xs" variant="subtle" color="red" onClick={() => setConfirming(true)} aria-label={`${t('mfa.passkey.remove')}: ${passkey.name}`} data-testid="passkey-remove">
              {t('mfa.passkey.remove')}
            </Button>
          </Group>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
