import type { ServiceTab } from '../../components/ServiceTabsLayout';

/** The survey roles, as the session lists them. */
export type SurveyRole = 'org_admin' | 'org_reviewer' | 'org_member';

/** One tab of the survey service's navigation (paths under /s/survey). */
export interface SurveyNavItem extends ServiceTab {
  /** Only these roles see it (all roles when absent). */
  roles?: readonly SurveyRole[];
}
