import { Button, Group, Menu, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLogout, type SessionUser } from '../data/session';

/**
 * The signed-in account, its company, and sign-out. Signing out clears the session, and
 * `AppLayout` then sends the browser to the login page.
 */
export function UserMenu({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const logout = useLogout();

  return (
    <Group gap="xs" wrap="nowrap">
      {logout.isError && (
        <Text size="xs" c="red" role="alert">
          {t('header.signOutFailed')}
        </Text>
      )}
      <Menu position="bottom-end">
        <Menu.Target>
          <Button
            variant="subtle"
            aria-label={t('header.userMenu', { name: user.displayName })}
            data-testid="user-menu"
          >
            {user.displayName}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('header.signedInAs')}</Menu.Label>
          <Text size="sm" px="sm">
            {user.email}
          </Text>
          <Text size="xs" c="dimmed" px="sm" pb="xs">
            {user.tenant.name}
          </Text>
          <Menu.Divider />
          <Menu.Item component={Link} to="/account" data-testid="account-link">
            {t('account.menu')}
          </Menu.Item>
          <Menu.Item onClick={() => logout.mutate()} disabled={logout.isPending} data-testid="logout">
            {t('header.signOut')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
