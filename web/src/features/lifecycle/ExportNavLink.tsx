import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SessionUser } from '../../data/session';
import { useServices } from '../../data/services';

/** The header link to the company's data export, shown to admins of any service (they may export). */
export function ExportNavLink({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const services = useServices().data ?? [];
  const isAdmin = user.memberships.some((m) =>
    services.some((s) => s.id === m.service && s.roles.some((r) => r.id === m.role && (r as { admin?: boolean }).admin === true)),
  );
  if (!isAdmin) return null;
  return (
    <Button component={Link} to="/settings/export" variant="subtle" data-testid="nav-export">
      {t('lifecycle.nav')}
    </Button>
  );
}
