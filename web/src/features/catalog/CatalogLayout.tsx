import { ServiceTabsLayout } from '../../components/ServiceTabsLayout';
import type { CatalogNavItem } from './catalogNav';
import { discoverNav } from './discover/routes';
import { inquiriesNav } from './inquiries/routes';
import { publishNav } from './publish/routes';

const HOME: CatalogNavItem = { id: 'home', to: '/s/catalog', label: 'catalog.nav.home' };

/** The catalog service's screens: a tab row of its areas above the page. */
export function CatalogLayout() {
  return (
    <ServiceTabsLayout
      navLabel="catalog.nav.label"
      testIdPrefix="catalog-nav"
      tabs={(user) => {
        const role = user.memberships.find((m) => m.service === 'catalog')?.role;
        return [HOME, ...discoverNav, ...publishNav, ...inquiriesNav].filter((item) => !item.roles || item.roles.some((r) => r === role));
      }}
    />
  );
}
