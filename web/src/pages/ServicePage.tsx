import { Alert, Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert';
import { LoadingState } from '../components/LoadingState';
import { NotFoundContent } from '../components/NotFoundContent';
import { isServiceId, roleName, useServices } from '../data/services';
import { useLang } from '../i18n/useLang';
import { useSignedInUser } from '../layout/signedInUser';
import { usePageTitle } from '../layout/usePageTitle';
import { RolePermissionTable } from './RolePermissionTable';
import { MembersLink } from '../features/members/MembersLink';

/** A service's home: what it is, the user's role, and the role/permission help. */
export function ServicePage({ serviceId: fixedServiceId }: { serviceId?: string } = {}) {
  const { t } = useTranslation();
  const lang = useLang();
  const user = useSignedInUser();
  const services = useServices();
  const params = useParams();
  const serviceId = fixedServiceId ?? params.service;
  const service = services.data?.find((candidate) => candidate.id === serviceId);
  usePageTitle(service?.name[lang]);

  if (!isServiceId(serviceId)) return <NotFoundContent />;
  if (services.isPending) return <LoadingState />;
  if (services.isError) {
    return <ErrorAlert error={services.error} onRetry={() => void services.refetch()} />;
  }
  if (!service) return <NotFoundContent />;

  const membership = user.memberships.find((candidate) => candidate.service === serviceId);

  return (
    <Stack>
      <div>
        <Title order={1}>{service.name[lang]}</Title>
        <Text c="dimmed">{service.description[lang]}</Text>
      </div>
      {membership ? (
        <Group gap="xs">
          <Text fw={500}>{t('service.yourRole')}:</Text>
          <Badge size="lg" variant="light" data-testid="service-role">
            {roleName(service, membership.role, lang)}
          </Badge>
          <MembersLink service={service} role={membership.role} />
        </Group>
      ) : (
        <Alert color="yellow" title={t('service.notMemberTitle')} data-testid="service-not-member">
          <Stack gap="sm" align="flex-start">
            <Text size="sm">{t('service.notMemberBody')}</Text>
            <Button component={Link} to="/" size="xs" variant="light">
              {t('service.backHome')}
            </Button>
          </Stack>
        </Alert>
      )}
      <Title order={2} size="h3" mt="md">
        {t('service.helpTitle')}
      </Title>
      <RolePermissionTable service={service} currentRole={membership?.role} />
      <Title order={3} size="h4" mt="md">
        {t('service.memberManagementTitle')}
      </Title>
      <Text>{t(`service.memberManagement.${service.memberManagement}`)}</Text>
      {service.help.length > 0 && (
        <>
          <Title order={2} size="h3" mt="md">
            {t('service.operationsTitle')}
          </Title>
          <Stack gap="sm" data-testid="service-help">
            {service.help.map((section) => (
              <div key={section.title.en}>
                <Title order={3} size="h5">
                  {section.title[lang]}
                </Title>
                <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
                  {section.body[lang]}
                </Text>
              </div>
            ))}
          </Stack>
        </>
      )}
    </Stack>
  );
}
