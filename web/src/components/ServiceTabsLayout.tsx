import { Box, Group, NavLink, ScrollArea, Stack } from '@mantine/core';
import type { ParseKeys } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Outlet, Link, useLocation } from 'react-router';
import type { SessionUser } from '../data/session';
import { useSignedInUser } from '../layout/signedInUser';

/** One tab of a service's navigation. */
export interface ServiceTab {
  /** Stable name for tests (`<testIdPrefix>-<id>`). */
  id: string;
  to: string;
  /** i18n key of the label. */
  label: ParseKeys;
  /** Further paths whose pages belong to this tab (e.g. a search tab's result pages). */
  alsoActiveUnder?: readonly string[];
}

interface ServiceTabsLayoutProps {
  /** The tabs this user may open, in order; the first is the service's home. */
  tabs: (user: SessionUser) => ServiceTab[];
  /** i18n key naming the navigation for screen readers. */
  navLabel: ParseKeys;
  testIdPrefix: string;
}

/** A service's screens: a tab row of its areas above the page, which gets the user as outlet context. */
export function ServiceTabsLayout({ tabs, navLabel, testIdPrefix }: ServiceTabsLayoutProps) {
  const { t } = useTranslation();
  const user = useSignedInUser();
  const { pathname } = useLocation();
  const items = tabs(user);
  const home = items[0]?.to;
  const under = (path: string) => pathname === path || pathname.startsWith(`${path}/`);
  const active = (item: ServiceTab) => (item.to === home ? pathname === item.to : [item.to, ...(item.alsoActiveUnder ?? [])].some(under));

  return (
    <Stack gap="md">
      <Box component="nav" aria-label={t(navLabel)}>
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
                data-testid={`${testIdPrefix}-${item.id}`}
              />
            ))}
          </Group>
        </ScrollArea>
      </Box>
      <Outlet context={user} />
    </Stack>
  );
}
