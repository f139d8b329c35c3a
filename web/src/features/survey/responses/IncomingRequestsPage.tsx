import { RequestList } from '../requests/RequestList';

/** 受信した依頼: the requests other companies sent to this one. */
export function IncomingRequestsPage() {
  return <RequestList box="incoming" />;
}
