import { Anchor, AppShell, Box, Container, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePublicConfig } from '../data/publicConfig';
import { useLang } from '../i18n/useLang';
import { LanguageSwitch } from './LanguageSwitch';
import { SiteFooter } from './SiteFooter';
import classes from './SkipLink.module.css';

interface FrameProps {
  /** Navigation placed after the product name (e.g. the service switcher). */
  nav?: ReactNode;
  /** Controls placed before the language switch (e.g. the user menu). */
  actions?: ReactNode;
  children: ReactNode;
}

/** Header, main area and footer shared by every screen. */
export function Frame({ nav, actions, children }: FrameProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const productName = usePublicConfig().data?.productName[lang];

  return (
    <AppShell header={{ height: 60 }} padding="md">
      <Anchor href="#main" className={classes.skipLink}>
        {t('app.skipToContent')}
      </Anchor>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Anchor component={Link} to="/" fw={700} size="lg" underline="never" c="inherit" data-testid="product-name">
              {productName}
            </Anchor>
            {nav}
          </Group>
          <Group gap="sm" wrap="nowrap">
            {actions}
            <LanguageSwitch />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main id="main" tabIndex={-1} display="flex" style={{ flexDirection: 'column' }}>
        <Box flex={1}>
          <Container size="lg" px={0}>
            {children}
          </Container>
        </Box>
        <Container size="lg" px={0} w="100%">
          <SiteFooter />
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
