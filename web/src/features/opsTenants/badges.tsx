import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ContractState, TenantStatus } from './api';

const STATUS_COLOR: Record<TenantStatus, string> = { active: 'teal.9', suspended: 'red.9', ended: 'gray.8', purged: 'gray.8' };
const STATE_COLOR: Record<ContractState, string> = { scheduled: 'blue.9', active: 'teal.9', ending: 'violet.9', ended: 'gray.8' };

/** A tenant's status as a badge (text and colour, never colour alone). */
export function TenantStatusBadge({ status }: { status: TenantStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="outline" color={STATUS_COLOR[status]} data-testid="tenant-status">
      {t(`opsTenants.status.${status}`)}
    </Badge>
  );
}

/** Where a contract stands today. */
export function ContractStateBadge({ state }: { state: ContractState }) {
  const { t } = useTranslation();
  return (
    <Badge variant="outline" color={STATE_COLOR[state]}>
      {t(`opsTenants.contractState.${state}`)}
    </Badge>
  );
}
