/**
 * The operator console's menu. Each entry names the staff permission it needs; the menu
 * shows only what the signed-in staff member may open. Paths are under /ops.
 */
export interface OpsNavItem {
  to: string;
  /** i18n key of the label. */
  label: string;
  permission: string;
}

export const OPS_NAV: readonly OpsNavItem[] = [
  { to: '/ops', label: 'ops.nav.home', permission: 'ops:tenants:read' },
  { to: '/ops/tenants', label: 'ops.nav.tenants', permission: 'ops:tenants:read' },
  { to: '/ops/maintenance', label: 'ops.nav.maintenance', permission: 'ops:tenants:read' },
  { to: '/ops/incidents', label: 'ops.nav.incidents', permission: 'ops:tenants:read' },
  { to: '/ops/reports', label: 'ops.nav.reports', permission: 'ops:tenants:read' },
  { to: '/ops/capacity', label: 'ops.nav.capacity', permission: 'ops:tenants:read' },
  { to: '/ops/backups', label: 'ops.nav.backups', permission: 'ops:tenants:read' },
  { to: '/ops/lifecycle', label: 'ops.nav.lifecycle', permission: 'ops:tenants:read' },
  { to: '/ops/audit', label: 'ops.nav.audit', permission: 'ops:audit:read' },
  { to: '/ops/staff', label: 'ops.nav.staff', permission: 'ops:audit:read' },
];
