import { ServiceTabsLayout } from '../../components/ServiceTabsLayout';
import { masterNav } from './master/routes';
import { ordersNav } from './orders/routes';
import type { ProcessNavItem } from './processNav';
import { recordsNav } from './records/routes';

const HOME: ProcessNavItem = { id: 'home', to: '/s/process', label: 'process.nav.home' };

/** The process service's screens: a tab row of its areas above the page. */
export function ProcessLayout() {
  return (
    <ServiceTabsLayout
      navLabel="process.nav.label"
      testIdPrefix="process-nav"
      tabs={(user) => {
        const isAdmin = user.memberships.some((m) => m.service === 'process' && m.role === 'admin');
        return [HOME, ...masterNav, ...ordersNav, ...recordsNav].filter((item) => !item.adminOnly || isAdmin);
      }}
    />
  );
}
