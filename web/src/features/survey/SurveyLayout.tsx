import { ServiceTabsLayout } from '../../components/ServiceTabsLayout';
import { dashboardNav } from './dashboard/routes';
import { listsNav } from './lists/routes';
import { productsNav } from './products/routes';
import { requestsNav } from './requests/routes';
import { responsesNav } from './responses/routes';
import type { SurveyNavItem } from './surveyNav';

const HOME: SurveyNavItem = { id: 'home', to: '/s/survey', label: 'survey.nav.home' };

/** The survey service's screens: a tab row of its areas above the page. */
export function SurveyLayout() {
  return (
    <ServiceTabsLayout
      navLabel="survey.nav.label"
      testIdPrefix="survey-nav"
      tabs={(user) => {
        const role = user.memberships.find((m) => m.service === 'survey')?.role;
        return [HOME, ...dashboardNav, ...requestsNav, ...responsesNav, ...productsNav, ...listsNav].filter((item) => !item.roles || item.roles.some((r) => r === role));
      }}
    />
  );
}
