import type { ParseKeys } from 'i18next';

/** One tab of the process service's navigation (paths under /s/process). */
export interface ProcessNavItem {
  /** Stable name for tests (`process-nav-<id>`). */
  id: string;
  to: string;
  /** i18n key of the label. */
  label: ParseKeys;
  /** Only admins of the service see it. */
  adminOnly?: boolean;
}
