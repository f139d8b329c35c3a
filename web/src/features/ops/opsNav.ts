import type { ParseKeys } from 'i18next';

/**
 * The operator console's menu. Each entry names the staff permission it needs (null: every
 * staff member); the menu shows only what the signed-in staff member may open. Paths are
 * under /ops.
 */
export interface OpsNavItem {
  /** Stable name for tests (`ops-nav-<id>`). */
  id: string;
  to: string;
  /** i18n key of the label. */
  label: ParseKeys;
  permission: string | null;
}

export const OPS_NAV: readonly OpsNavItem[] = [
  { id: 'home', to: '/ops', label: 'ops.nav.home', permission: null },
  { id: 'tenants', to: '/ops/tenants', label: 'ops.nav.tenants', permission: 'ops:tenants:read' },
  { id: 'maintenance', to: '/ops/maintenance', label: 'ops.nav.maintenance', permission: 'ops:tenants:read' },
  { id: 'incidents', to: '/ops/incidents', label: 'ops.nav.incidents', permission: 'ops:tenants:read' },
  { id: 'reports', to: '/ops/reports', label: 'ops.nav.reports', permission: 'ops:security_reports:read' },
  { id: 'capacity', to: '/ops/capacity', label: 'ops.nav.capacity', permission: 'ops:tenants:read' },
  { id: 'backups', to: '/ops/backups', label: 'ops.nav.backups', permission: 'ops:tenants:read' },
  { id: 'lifecycle', to: '/ops/lifecycle', label: 'ops.nav.lifecycle', permission: 'ops:tenants:read' },
  { id: 'audit', to: '/ops/audit', label: 'ops.nav.audit', permission: 'ops:audit:read' },
  { id: 'staff', to: '/ops/staff', label: 'ops.nav.staff', permission: 'ops:staff:read' },
  { id: 'compliance', to: '/ops/compliance', label: 'compliance.nav', permission: 'ops:staff:read' },
  { id: 'training', to: '/ops/training', label: 'ops.nav.training', permission: null },
];
