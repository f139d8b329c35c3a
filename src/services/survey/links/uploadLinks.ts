import type { Tx } from '../../../core/db/index.js';

export interface UploadLinkView {
  id: string;
  email: string;
  expiresAt: string;
  revokedAt: string | null;
  lastOpenedAt: string | null;
  submittedAt: string | null;
  createdAt: string;
}

/**
 * Issues a single-purpose upload link for an outside company's answer to one request, revoking
 * the request's earlier live links. Returns the token for the link (once) and the stored link.
 * (Placeholder until the links area lands.)
 */
export async function issueUploadLink(
  _tx: Tx,
  _input: { tenantId: string; requestId: string; email: string; now: Date; days?: number },
): Promise<{ token: string; link: UploadLinkView }> {
  throw new Error('issueUploadLink: not implemented yet');
}

/** The address of the outside company's answer page for a token. */
export function uploadLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/survey/answer/${token}`;
}

/** All links of a request, newest first (requester side). (Placeholder.) */
export async function linksOfRequest(_tx: Tx, _requestId: string): Promise<UploadLinkView[]> {
  return [];
}
