import { useMutation, useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../../../api';
import i18n, { currentLanguage } from '../../../i18n';

/** A requested item as the outside company sees it. */
export interface OutsideItem {
  key: string;
  productNumber: string;
  name: string;
  supplierProductNumber: string;
}

/** One entry of the list the requester asks to declare against (copied when the request was sent). */
export interface SnapshotEntry {
  name: string;
  cas: string | null;
  internalId: string | null;
  thresholdPercent: number;
  basis: 'material' | 'article';
}

export interface ListSnapshot {
  listCode: string;
  listName: string;
  versionLabel: string;
  entries: SnapshotEntry[];
}

/** GET /api/survey/upload/:token */
export interface UploadLinkRequest {
  request: {
    title: string;
    requesterName: string;
    message: string;
    items: OutsideItem[];
    formatWanted: string;
    respondBy: string;
    requesterRef: string;
    listSnapshot: ListSnapshot | null;
  };
  expiresAt: string;
  submittedAt: string | null;
}

export interface OutsideSubstance {
  name: string;
  cas: string | null;
  otherId?: string;
  massPercent: number;
}

/** The composition tree as the server keeps it; the form fills only a product's own substances. */
export interface OutsideComposition {
  parts: unknown[];
  substances?: OutsideSubstance[];
}

/** A product read from an uploaded survey file, matched to a requested item when it could be. */
export interface ParsedProduct {
  key: string;
  productNumber: string;
  name: string;
  massG: number | null;
  composition: OutsideComposition;
}

export type FileKind = 'sds' | 'chemsherpa' | 'ipc1752a' | 'spreadsheet' | 'other';

export interface UploadedFile {
  fileId: string;
  name: string;
  bytes: number;
  kind: FileKind;
}

export interface OutsideAnswer {
  responderCompany: string;
  contact: { name: string; email: string; phone?: string };
  products: { key: string; massG: number | null; composition: OutsideComposition }[];
  compliance: {
    listCode: string;
    listName: string;
    versionLabel: string;
    declarations: { name: string; cas: string | null; aboveThreshold: boolean; massPercent: number | null; exemption: string | null }[];
  }[];
  comment?: string;
  fileIds: string[];
  fileKinds?: Record<string, FileKind>;
}

const path = (token: string) => `/api/survey/upload/${encodeURIComponent(token)}`;

/** The request an upload link opens; a dead link is a 404 and is not retried. */
export function useUploadLink(token: string) {
  return useQuery({
    queryKey: ['survey', 'upload-link', token],
    queryFn: () => api.get<UploadLinkRequest>(path(token)),
    retry: false,
    refetchOnWindowFocus: false,
  });
}

function readCookie(name: string): string | undefined {
  const prefix = `${name}=`;
  const entry = document.cookie.split('; ').find((part) => part.startsWith(prefix));
  return entry === undefined ? undefined : decodeURIComponent(entry.slice(prefix.length));
}

/** Sends a file as the raw request body to the link's upload route. */
export async function uploadAnswerFile(token: string, file: File, kind: FileKind | null): Promise<{ file: UploadedFile; parsed: ParsedProduct[] | null }> {
  const csrf = readCookie('sotas_csrf') ?? (await api.get<{ token: string }>('/api/csrf')).token;
  const query = new URLSearchParams({ name: file.name });
  if (kind) query.set('kind', kind);
  let response: Response;
  try {
    response = await fetch(`${path(token)}/files?${query.toString()}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Accept-Language': currentLanguage(),
        'Content-Type': 'application/octet-stream',
        'x-csrf-token': csrf,
      },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'network.unreachable', i18n.t('errors.network'));
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = typeof body === 'object' && body !== null && 'error' in body ? (body as { error: { code?: unknown; message?: unknown } }).error : {};
    throw new ApiError(
      response.status,
      typeof error.code === 'string' ? error.code : `http.${response.status}`,
      typeof error.message === 'string' ? error.message : i18n.t('errors.unexpected', { status: response.status }),
    );
  }
  return body as { file: UploadedFile; parsed: ParsedProduct[] | null };
}

export function useUploadAnswerFile(token: string) {
  return useMutation({ mutationFn: (input: { file: File; kind: FileKind | null }) => uploadAnswerFile(token, input.file, input.kind) });
}

export function useSubmitAnswer(token: string) {
  return useMutation({ mutationFn: (answer: OutsideAnswer) => api.post<{ submittedAt: string }>(`${path(token)}/submit`, answer) });
}
