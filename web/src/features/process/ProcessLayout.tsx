import { Box, Group, NavLink, ScrollArea, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Outlet, Link, useLocation } from 'react-router';
import { useSignedInUser } from '../../layout/signedInUser';
import { masterNav } from './master/routes';
import { ordersNav } from './orders/routes';
import type { ProcessNavItem } from './processNav';
import { recordsNav } from './records/routes';

const HOME: ProcessNavItem = { id: 'home', to: '/s/process', label: 'process.nav.home' };

/** The process service's screens: a tab row of its areas above the page. */
export function ProcessLayout() {
  const { t } = useTranslation();
  const user = useSignedInUser();
  const { pathname } = useLocation();
  const isAdmin = user.memberships.some((m) => m.service === 'process' && m.role === 'admin');
  const items = [HOME, ...masterNav, ...ordersNav, ...recordsNav].filter((item) => !item.adminOnly || isAdmin);
  const active = (item: ProcessNavItem) => (item.to === HOME.to ? pathname === item.to : pathname === item.to || pathname.startsWith(`${item.to}/`));

  return (
    <Stack gap="md">
      <Box component="nav" aria-label={t('process.nav.label')}>
        <ScrollArea type="auto" scrollbarSize={6}>
          <Group gap={4} wrap="nowrap">
            {items.map((item) => (
              <NavLink
                key={item.id}
                component={Link}
                to={item.to}
                label={t(item.label)}
                active={active(item)}
                aria-current={active(item) ? 'page' : undefined}
                variant="filled"
                color="blue.9"
                w="auto"
                style={{ whiteSpace: 'nowrap', borderRadius: 4 }}
                data-testid={`process-nav-${item.id}`}
              />
            ))}
          </Group>
        </ScrollArea>
      </Box>
      <Outlet context={user} />
    </Stack>
  );
}
