import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ServiceDefinition } from '../../data/services';
import { isAdminRole } from './serviceRoles';

/** A link to the service's member screen, shown to the service's admins only. */
export function MembersLink({ service, role }: { service: ServiceDefinition; role: string | undefined }) {
  const { t } = useTranslation();
  if (!isAdminRole(service, role)) return null;
  return (
    <Button component={Link} to={`/members/${service.id}`} variant="light" size="xs" data-testid="service-members-link">
      {t('members.nav')}
    </Button>
  );
}
