import { Table, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Permission, ServiceDefinition } from '../data/services';
import { useLang } from '../i18n/useLang';

/** Every permission of the service, in the order roles first mention them. */
function permissionsOf(service: ServiceDefinition): Permission[] {
  const seen = new Map<string, Permission>();
  for (const role of service.roles) {
    for (const permission of role.permissions) {
      if (!seen.has(permission.id)) seen.set(permission.id, permission);
    }
  }
  return [...seen.values()];
}

interface RolePermissionTableProps {
  service: ServiceDefinition;
  /** The viewer's role, marked in its column header. */
  currentRole?: string;
}

/** The service's help: which role may do what, one row per action. */
export function RolePermissionTable({ service, currentRole }: RolePermissionTableProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const permissions = permissionsOf(service);

  return (
    <Table.ScrollContainer minWidth={480}>
      <Table striped withTableBorder withColumnBorders data-testid="role-permission-table">
        <Table.Caption>{t('service.helpIntro')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('service.permission')}</Table.Th>
            {service.roles.map((role) => (
              <Table.Th key={role.id} scope="col" ta="center" bg={role.id === currentRole ? 'blue.0' : undefined}>
                {role.name[lang]}
                {role.id === currentRole && (
                  <Text span size="xs" c="blue.8" display="block">
                    {t('service.yourRoleMark')}
                  </Text>
                )}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {permissions.map((permission) => (
            <Table.Tr key={permission.id}>
              <Table.Th scope="row" fw={400}>
                {permission.name[lang]}
              </Table.Th>
              {service.roles.map((role) => {
                const allowed = role.permissions.some((granted) => granted.id === permission.id);
                return (
                  <Table.Td key={role.id} ta="center" bg={role.id === currentRole ? 'blue.0' : undefined}>
                    <span aria-hidden="true">{allowed ? '✓' : '—'}</span>
                    <VisuallyHidden>{allowed ? t('service.allowed') : t('service.notAllowed')}</VisuallyHidden>
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
