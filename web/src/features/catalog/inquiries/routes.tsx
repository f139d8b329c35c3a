import type { RouteObject } from 'react-router';
import type { CatalogNavItem } from '../catalogNav';

/** Tabs of this area in the catalog navigation. */
export const inquiriesNav: CatalogNavItem[] = [{ id: 'inquiries', to: '/s/catalog/inquiries', label: 'catalogInquiries.nav.inquiries' }];

/** Screens of this area, under /s/catalog. */
export const inquiriesRoutes: RouteObject[] = [
  { path: 'inquiries', lazy: async () => ({ Component: (await import('./InquiryListPage')).InquiryListPage }) },
  { path: 'inquiries/new', lazy: async () => ({ Component: (await import('./NewInquiryPage')).NewInquiryPage }) },
  { path: 'inquiries/:inquiryId', lazy: async () => ({ Component: (await import('./InquiryThreadPage')).InquiryThreadPage }) },
];
