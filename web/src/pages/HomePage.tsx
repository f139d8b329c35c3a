import { Badge, Button, Card, EmptyState, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert';
import { LoadingState } from '../components/LoadingState';
import { roleName, SERVICE_IDS, useServices } from '../data/services';
import { useLang } from '../i18n/useLang';
import { useSignedInUser } from '../layout/signedInUser';
import { usePageTitle } from '../layout/usePageTitle';

/** The user's services, each with the role they hold in it. */
export function HomePage() {
  const { t } = useTranslation();
  usePageTitle(t('home.title'));
  const lang = useLang();
  const user = useSignedInUser();
  const services = useServices();

  const memberships = [...user.memberships].sort(
    (a, b) => SERVICE_IDS.indexOf(a.service) - SERVICE_IDS.indexOf(b.service),
  );

  let content: ReactNode;
  if (memberships.length === 0) {
    content = (
      <EmptyState title={t('home.emptyTitle')} description={t('home.emptyBody')} data-testid="home-empty" />
    );
  } else if (services.isPending) {
    content = <LoadingState />;
  } else if (services.isError) {
    content = <ErrorAlert error={services.error} onRetry={() => void services.refetch()} />;
  } else {
    content = (
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
        {memberships.map((membership) => {
          const service = services.data.find((candidate) => candidate.id === membership.service);
          const name = service?.name[lang] ?? membership.service;
          return (
            <Card key={membership.service} withBorder data-testid={`service-card-${membership.service}`}>
              <Stack gap="sm" h="100%">
                <Title order={3}>{name}</Title>
                <Badge variant="light">
                  {t('home.role', { role: roleName(service, membership.role, lang) })}
                </Badge>
                <Text size="sm" c="dimmed" flex={1}>
                  {service?.description[lang]}
                </Text>
                <Button component={Link} to={`/s/${membership.service}`} variant="light">
                  {t('home.open', { service: name })}
                </Button>
              </Stack>
            </Card>
          );
        })}
      </SimpleGrid>
    );
  }

  return (
    <Stack>
      <div>
        <Title order={1}>{t('home.title')}</Title>
        <Text c="dimmed">{t('home.greeting', { name: user.displayName, tenant: user.tenant.name })}</Text>
      </div>
      <Title order={2} size="h4">
        {t('home.yourServices')}
      </Title>
      {content}
    </Stack>
  );
}
