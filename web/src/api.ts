import i18n, { currentLanguage } from './i18n';

const CSRF_COOKIE = 'sotas_csrf';
const CSRF_HEADER = 'x-csrf-token';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Field name → message, already in the user's language. */
export type FieldErrors = Record<string, string>;

/** An error answered by the API (or a failure to reach it, with status 0). */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** Stable error code such as `auth.invalid_credentials`. */
    readonly code: string,
    /** Message for the user, in their language. */
    message: string,
    /** Per-field validation messages, for forms. */
    readonly fields: FieldErrors = {},
  ) {
    super(message);
  }
}

interface ErrorBody {
  error: { code: string; message: string; fields?: FieldErrors };
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error: unknown = value.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  );
}

function readCookie(name: string): string | undefined {
  const prefix = `${name}=`;
  const entry = document.cookie.split('; ').find((part) => part.startsWith(prefix));
  return entry === undefined ? undefined : decodeURIComponent(entry.slice(prefix.length));
}

async function csrfToken(): Promise<string> {
  const fromCookie = readCookie(CSRF_COOKIE);
  if (fromCookie) return fromCookie;
  const { token } = await request<{ token: string }>('GET', '/api/csrf');
  return token;
}

async function toApiError(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => undefined);
  if (isErrorBody(body)) {
    const { code, message, fields } = body.error;
    return new ApiError(response.status, code, message, fields ?? {});
  }
  return new ApiError(
    response.status,
    `http.${response.status}`,
    i18n.t('errors.unexpected', { status: response.status }),
  );
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': currentLanguage(),
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (STATE_CHANGING.has(method)) headers[CSRF_HEADER] = await csrfToken();

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network.unreachable', i18n.t('errors.network'));
  }

  if (!response.ok) throw await toApiError(response);
  // 204 answers are requested as `api.post<void>(...)`; there is no body to parse.
  if (response.status === 204) return undefined as T;
  // The response shapes are the API contract, typed once in `data/*`; the server
  // validates what it sends, so the body is trusted rather than re-validated here.
  return (await response.json()) as T;
}

/** JSON client for the suite's API: same-origin cookies, language and CSRF headers. */
export const api = {
  get: <T>(path: string): Promise<T> => request<T>('GET', path),
  post: <T>(path: string, body?: unknown): Promise<T> => request<T>('POST', path, body),
  put: <T>(path: string, body?: unknown): Promise<T> => request<T>('PUT', path, body),
  patch: <T>(path: string, body?: unknown): Promise<T> => request<T>('PATCH', path, body),
  delete: <T>(path: string, body?: unknown): Promise<T> => request<T>('DELETE', path, body),
};

/** True when `error` is an API answer with the given HTTP status. */
export function isApiStatus(error: unknown, status: number): error is ApiError {
  return error instanceof ApiError && error.status === status;
}
