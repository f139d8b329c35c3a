import { Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { SessionUser } from '../data/session';
import { SERVICE_IDS, useServices } from '../data/services';
import { useLang } from '../i18n/useLang';

/** Menu of the services the user is a member of; other services are not offered. */
export function ServiceSwitcher({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const lang = useLang();
  const services = useServices().data ?? [];
  const { service: currentService } = useParams();
  const memberOf = new Set(user.memberships.map((membership) => membership.service));
  const available = SERVICE_IDS.filter((id) => memberOf.has(id));
  if (available.length === 0) return null;

  return (
    <Menu position="bottom-start">
      <Menu.Target>
        <Button variant="subtle" aria-label={t('header.servicesMenu')} data-testid="service-switcher">
          {t('header.services')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {available.map((id) => (
          <Menu.Item
            key={id}
            component={Link}
            to={`/s/${id}`}
            aria-current={id === currentService ? 'page' : undefined}
            fw={id === currentService ? 700 : undefined}
            data-testid={`service-link-${id}`}
          >
            {services.find((service) => service.id === id)?.name[lang] ?? id}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
