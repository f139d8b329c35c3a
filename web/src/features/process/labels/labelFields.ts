import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api } from '../../../api';

/** Labels on items, orders and work records: remarks, free labels, a classification and, for 機密, the people named. */

export const CLASSIFICATIONS = ['general', 'internal', 'confidential'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export interface LabelFields {
  remarks: string;
  labels: string[];
  classification: Classification;
  namedUsers: string[];
}

export const EMPTY_LABELS: LabelFields = { remarks: '', labels: [], classification: 'general', namedUsers: [] };

/** The keys of the label fields, for forms that list their fields for inline server errors. */
export const LABEL_FIELD_NAMES = ['remarks', 'labels', 'classification', 'namedUsers'] as const;

/** A member of the process service who can be named on a confidential record. */
export interface NamedUserChoice {
  id: string;
  displayName: string;
  email: string;
  status: 'active' | 'disabled';
}

/** The tenant's process members, readable by every member (planners name people on orders). */
export function useNamedUserChoices(enabled = true) {
  return useQuery({
    queryKey: ['process-named-user-choices'],
    queryFn: async () => (await api.get<{ members: NamedUserChoice[] }>('/api/process/members')).members,
    enabled,
    staleTime: 60_000,
  });
}

/** The form's own check before sending: a confidential record names at least one person. */
export function labelFieldErrors(value: LabelFields, t: TFunction): Partial<Record<keyof LabelFields, string>> {
  return value.classification === 'confidential' && value.namedUsers.length === 0 ? { namedUsers: t('process.labels.namedUsersRequired') } : {};
}

/** The label fields as a request sends them: named users only on a confidential record. */
export function labelFieldsInput(value: LabelFields): LabelFields {
  return { ...value, namedUsers: value.classification === 'confidential' ? value.namedUsers : [] };
}
