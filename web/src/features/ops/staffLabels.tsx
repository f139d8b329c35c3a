import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '../../i18n';
import type { StaffRoleInfo, StaffStatus, TrainingState } from './staffApi';

/** A YYYY-MM-DD date as 2026/11/27. */
export function formatDay(day: string | null): string {
  return day ? day.replace(/-/g, '/') : '';
}

/** The role's name in the UI language; an unknown role id stays visible as it is. */
export function roleLabel(roles: readonly StaffRoleInfo[], id: string, lang: keyof LocalizedText): string {
  return roles.find((r) => r.id === id)?.name[lang] ?? id;
}

const STATUS_COLORS: Record<StaffStatus, string> = { active: 'teal.9', invited: 'blue.8', disabled: 'gray.8' };

export function StaffStatusBadge({ status }: { status: StaffStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="outline" color={STATUS_COLORS[status]} data-testid="staff-status">
      {t(`ops.staff.status.${status}`)}
    </Badge>
  );
}

const TRAINING_COLORS: Record<TrainingState, string> = { overdue: 'red.9', due_soon: 'grape.9', current: 'teal.9', superseded: 'gray.7', no_due_date: 'gray.7' };

export function TrainingStateBadge({ state }: { state: TrainingState }) {
  const { t } = useTranslation();
  return (
    <Badge variant={state === 'overdue' ? 'filled' : 'outline'} color={TRAINING_COLORS[state]} data-testid="training-state">
      {t(`ops.training.state.${state}`)}
    </Badge>
  );
}
