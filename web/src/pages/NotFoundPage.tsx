import { NotFoundContent } from '../components/NotFoundContent';

/** Any URL the router does not know. */
export function NotFoundPage() {
  return <NotFoundContent />;
}
