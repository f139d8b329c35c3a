import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';

export type ControlStatus = 'met' | 'attention' | 'not_met' | 'not_applicable' | 'unknown';
export const CONTROL_STATUSES: readonly ControlStatus[] = ['met', 'attention', 'not_met', 'not_applicable', 'unknown'];

type Localized = { ja: string; en: string };

/** One control of GET /api/ops/compliance/report. */
export interface ControlRow {
  id: string;
  clause: string;
  section: Localized;
  title: Localized;
  status: ControlStatus;
  evidence: { label: Localized; value: string | Localized }[];
  reason?: Localized;
  checkedAt: string;
}

export interface ComplianceReport {
  generatedAt: string;
  deployment: { env: string; database: string; fileStore: string; publicUrl: string };
  summary: Record<ControlStatus, number>;
  controls: ControlRow[];
}

export const REPORT_URL = '/api/ops/compliance/report';

/** The report; each fetch is a fresh run of every check on the server. */
export function useComplianceReport() {
  return useQuery({
    queryKey: ['ops', 'compliance', 'report'],
    queryFn: async () => (await api.get<{ report: ComplianceReport }>(REPORT_URL)).report,
    staleTime: 60_000,
  });
}
