import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api';
import i18n, { currentLanguage } from '../../i18n';
import { useSession } from '../../data/session';
import { uploadFile } from '../catalog/api';
import type { SurveyRole } from './surveyNav';

/** The survey service's API (/api/survey), typed as the API contract states it, for every survey screen. */

export const BASE = '/api/survey';

// ---------------------------------------------------------------------------
// Composition (IEC 62474 tree), as src/services/survey/shared/composition.ts defines it
// ---------------------------------------------------------------------------

export interface Substance {
  name: string;
  /** CAS number, or null for a substance (group) identified by `otherId`. */
  cas: string | null;
  otherId?: string | undefined;
  /** Mass percent of the material (or of the product for a chemical product), 0–100. */
  massPercent: number;
  exemption?: string | undefined;
  comment?: string | undefined;
  attributes?: Record<string, string> | undefined;
}

export interface Material {
  name: string;
  materialClass?: string | undefined;
  materialId?: string | undefined;
  /** Mass of the material in one unit of the part, in grams. */
  massG: number | null;
  substances: Substance[];
  comment?: string | undefined;
  attributes?: Record<string, string> | undefined;
}

export interface PartNode {
  name: string;
  partNumber?: string | undefined;
  numberOfUnits: number;
  isArticle: boolean;
  massG?: number | null | undefined;
  parts: PartNode[];
  materials: Material[];
  comment?: string | undefined;
  attributes?: Record<string, string> | undefined;
}

export interface Composition {
  parts: PartNode[];
  /** A chemical product's own substances (mass percent of the product). */
  substances?: Substance[] | undefined;
}

// ---------------------------------------------------------------------------
// Shared shapes
// ---------------------------------------------------------------------------

export const OUTCOMES = ['compliant', 'above_threshold', 'exempted', 'no_data'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type Basis = 'material' | 'article';

export interface Finding {
  entryName: string;
  cas: string | null;
  internalId: string | null;
  thresholdPercent: number;
  basis: Basis;
  concentrationPercent: number;
  massG: number | null;
  path: string[];
  aboveThreshold: boolean;
  exemption: string | null;
}

export interface CheckResult {
  id: string;
  subjectKind: 'product' | 'response';
  subjectId: string;
  subjectKey: string;
  listId: string;
  listCode: string;
  listName: string;
  listVersionId: string;
  versionNo: number;
  versionLabel: string;
  outcome: Outcome;
  findings: Finding[];
  changed: boolean;
  changeSummary: { previousOutcome?: Outcome; added?: string[]; removed?: string[] };
  acknowledgedAt: string | null;
  checkedAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** A row the server refused in a list or file load (422): nothing was written. */
export interface RowError {
  row: number;
  column: string;
  message: string;
}

/** A load the server refused (422) because of row errors: `rows` says which rows are wrong. */
export class RowsRejected extends Error {
  override readonly name = 'RowsRejected';
  constructor(
    message: string,
    readonly rows: RowError[],
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------

export interface ListVersion {
  id: string;
  listId: string;
  versionNo: number;
  label: string;
  sourceNote: string;
  entryCount: number;
  loadedAt: string;
  loadedByName: string;
}

export interface SubstanceList {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  source: string;
  starterKey: string | null;
  archived: boolean;
  currentVersion: ListVersion | null;
  createdAt: string;
  updatedAt: string;
}

export interface ListEntry {
  id: string;
  cas: string | null;
  internalId: string | null;
  name: string;
  thresholdPercent: number;
  basis: Basis;
  notes: string;
}

export interface ListEntryInput {
  cas?: string | null;
  internalId?: string | null;
  name: string;
  thresholdPercent: number;
  basis?: Basis;
  notes?: string;
}

export type StarterKey = 'rohs_annex2' | 'reach_svhc_excerpt';

export interface Starter {
  key: StarterKey;
  name: { ja: string; en: string };
  source: string;
  entryCount: number;
  loadedListId: string | null;
}

export interface RecheckSummary {
  checked: number;
  changed: number;
  aboveThreshold: number;
}

export interface VersionLoaded {
  version: ListVersion;
  recheck: RecheckSummary;
}

export type ListChange = CheckResult & { productNumber: string; productName: string };

/** What the engine checks against (also a request's list snapshot entries). */
export interface EngineEntry {
  name: string;
  cas: string | null;
  internalId: string | null;
  thresholdPercent: number;
  basis: Basis;
}

// ---------------------------------------------------------------------------
// Products, settings, dashboard
// ---------------------------------------------------------------------------

export interface ProductSummary {
  id: string;
  productNumber: string;
  name: string;
  massG: number | null;
  supplierName: string;
  labels: string[];
  partCount: number;
  substanceCount: number;
  worstOutcome: Outcome | null;
  changedCount: number;
  updatedAt: string;
}

export type ProductWarningCode = 'material_sum_below_100' | 'mass_missing';

export interface ProductDetail extends ProductSummary {
  unitType: string;
  composition: Composition;
  remarks: string;
  version: number;
  createdAt: string;
  warnings: { path: string[]; code: ProductWarningCode; message: string }[];
}

export interface ProductInput {
  productNumber: string;
  name: string;
  massG?: number | null;
  unitType?: string;
  supplierName?: string;
  remarks?: string;
  labels?: string[];
  composition?: Composition;
  /** Required on update. */
  version?: number;
}

export type ProductSort = 'updated' | 'number' | 'name';

export interface ProductFilter {
  q?: string;
  label?: string;
  outcome?: Outcome | '';
  page?: number;
  pageSize?: number;
  sort?: ProductSort;
}

export const EXPORT_FORMATS = ['chemsherpa', 'iec62474', 'ipc1752a_c', 'ipc1752a_d', 'csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ProductImportResult {
  created: number;
  updated: number;
  products: { id: string; productNumber: string; name: string }[];
}

export interface SurveySettings {
  companyName: string;
  companyId: string;
  companyIdAuthority: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  sumTolerancePercent: number;
  remindDaysBefore: number;
  remindDaysAfter: number;
  version: number;
}

export interface AffectedProduct {
  productId: string;
  productNumber: string;
  name: string;
  listCode: string;
  listName: string;
  versionLabel: string;
  outcome: Outcome;
  changed: boolean;
}

export interface Dashboard {
  outgoingOpen: RequestSummary[];
  incomingOpen: RequestSummary[];
  overdue: RequestSummary[];
  affected: AffectedProduct[];
  counts: { outgoingOpen: number; incomingOpen: number; overdue: number; affected: number; awaitingReview: number };
}

// ---------------------------------------------------------------------------
// Requests and responses
// ---------------------------------------------------------------------------

export type RequestBox = 'outgoing' | 'incoming';

export const REQUEST_STATUSES = ['draft', 'sent', 'answering', 'submitted', 'accepted', 'returned', 'cancelled'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const FORMATS_WANTED = ['chemsherpa_ai', 'chemsherpa_ci', 'ipc1752a_c', 'ipc1752a_d', 'spreadsheet', 'any'] as const;
export type FormatWanted = (typeof FORMATS_WANTED)[number];

export const RESPONSE_STATUSES = ['draft', 'in_review', 'returned', 'approved', 'sent'] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

export interface RequestSummary {
  id: string;
  box: RequestBox;
  title: string;
  requesterName: string;
  supplierName: string;
  supplierKind: 'tenant' | 'outside';
  status: RequestStatus;
  /** YYYY-MM-DD */
  respondBy: string;
  overdue: boolean;
  formatWanted: FormatWanted;
  requesterRef: string;
  responderRef: string;
  itemCount: number;
  sentAt: string | null;
  submittedAt: string | null;
  updatedAt: string;
}

export interface RequestItem {
  key: string;
  productNumber: string;
  name: string;
  supplierProductNumber: string;
}

export interface ListSnapshot {
  listCode: string;
  listName: string;
  versionLabel: string;
  entries: EngineEntry[];
}

export interface RequestDetail extends RequestSummary {
  message: string;
  /** Outgoing only; '' otherwise. */
  supplierEmail: string;
  /** The supplier company's code on the platform (outgoing requests to a platform company; else ''). */
  supplierCode: string;
  items: RequestItem[];
  listVersionId: string | null;
  listSnapshot: ListSnapshot | null;
  returnReason: string;
  acceptedResponseId: string | null;
  version: number;
}

export type SupplierInput = { kind: 'tenant'; code: string } | { kind: 'outside'; name: string; email: string };

export interface RequestInput {
  title: string;
  message?: string;
  supplier: SupplierInput;
  items: { productNumber: string; name: string; supplierProductNumber?: string }[];
  formatWanted: FormatWanted;
  listVersionId: string | null;
  /** YYYY-MM-DD */
  respondBy: string;
  requesterRef?: string;
  /** Required on update. */
  version?: number;
}

export interface RequestFilter {
  box: RequestBox;
  status?: RequestStatus | '';
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface ResponseSummary {
  id: string;
  requestId: string;
  source: 'tenant' | 'outside';
  status: ResponseStatus;
  responderCompany: string;
  draftedByName: string;
  /** The drafter's user id while the response is unsent (own company only); null once sent. */
  draftedByUserId: string | null;
  authorizerName: string;
  approvedAt: string | null;
  sentAt: string | null;
  updatedAt: string;
}

export interface ResponseProduct {
  key: string;
  productNumber: string;
  name: string;
  massG: number | null;
  composition: Composition;
}

export interface Declaration {
  name: string;
  cas: string | null;
  aboveThreshold: boolean;
  massPercent: number | null;
  exemption: string | null;
}

export interface ComplianceBlock {
  listCode: string;
  listName: string;
  versionLabel: string;
  declarations: Declaration[];
}

export interface Contact {
  name: string;
  email: string;
  phone: string;
}

export interface SurveyFile {
  fileId: string;
  name: string;
  bytes: number;
  kind: string;
}

export interface ResponseDetail extends ResponseSummary {
  products: ResponseProduct[];
  compliance: ComplianceBlock[];
  contact: Contact;
  comment: string;
  reviewComment: string;
  files: SurveyFile[];
  version: number;
}

export interface ResponseInput {
  products: ResponseProduct[];
  compliance: ComplianceBlock[];
  contact: Contact;
  comment: string;
  version: number;
}

export interface RequestEvent {
  id: string;
  event: string;
  comment: string;
  actorName: string;
  actorCompany: string;
  at: string;
}

export interface UploadLinkView {
  id: string;
  email: string;
  expiresAt: string;
  revokedAt: string | null;
  lastOpenedAt: string | null;
  submittedAt: string | null;
  createdAt: string;
}

export interface RequestPage {
  request: RequestDetail;
  responses: ResponseSummary[];
  events: RequestEvent[];
  links: UploadLinkView[];
}

export interface Supplier {
  tenantId: string;
  name: string;
  code: string;
}

/** What the outside company sees behind its upload link. */
export interface UploadLinkPage {
  request: {
    title: string;
    requesterName: string;
    message: string;
    items: RequestItem[];
    formatWanted: FormatWanted;
    respondBy: string;
    requesterRef: string;
    listSnapshot: ListSnapshot | null;
  };
  expiresAt: string;
  submittedAt: string | null;
}

export interface UploadSubmitInput {
  responderCompany: string;
  contact: { name: string; email: string; phone?: string };
  products: ResponseProduct[];
  compliance: ComplianceBlock[];
  comment?: string;
  fileIds: string[];
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/** Query keys, so any screen can refresh what another one changed. */
export const SURVEY_KEYS = {
  all: ['survey'] as const,
  lists: ['survey', 'lists'] as const,
  products: ['survey', 'products'] as const,
  checks: ['survey', 'checks'] as const,
  settings: ['survey', 'settings'] as const,
  dashboard: ['survey', 'dashboard'] as const,
  requests: ['survey', 'requests'] as const,
  responses: ['survey', 'responses'] as const,
  suppliers: ['survey', 'suppliers'] as const,
  upload: ['survey', 'upload'] as const,
};

/** Builds `?a=1&b=x`, leaving out empty values. */
export function surveyQuery(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

const id = (value: string | undefined): string => encodeURIComponent(value ?? '');

/** The signed-in user's survey role, or undefined without survey membership. */
export function useSurveyRole(): SurveyRole | undefined {
  const user = useSession().data;
  const role = user?.memberships.find((m) => m.service === 'survey')?.role;
  return role === 'org_admin' || role === 'org_reviewer' || role === 'org_member' ? role : undefined;
}

/** Whether the signed-in user manages lists and settings (org admins). */
export function useCanManageSurvey(): boolean {
  return useSurveyRole() === 'org_admin';
}

/** Whether the signed-in user may create and edit products and requests (admins and members). */
export function useCanWriteSurvey(): boolean {
  const role = useSurveyRole();
  return role === 'org_admin' || role === 'org_member';
}

/** Whether the signed-in user may approve responses and accept/return answers (admins and reviewers). */
export function useCanApprove(): boolean {
  const role = useSurveyRole();
  return role === 'org_admin' || role === 'org_reviewer';
}

/** The error body of a failed answer: `{ error: { code, message, … } }`, tolerated when malformed. */
function errorOf(body: unknown, status: number): { code: string; message: string; inner: Record<string, unknown> } {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const inner = typeof record.error === 'object' && record.error !== null ? (record.error as Record<string, unknown>) : record;
  return {
    code: typeof inner.code === 'string' ? inner.code : `http.${status}`,
    message: typeof inner.message === 'string' ? inner.message : i18n.t('errors.unexpected', { status }),
    inner,
  };
}

function rowErrors(value: unknown): RowError[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { row, column, message } = entry as Partial<Record<'row' | 'column' | 'message', unknown>>;
    return typeof message === 'string' ? [{ row: typeof row === 'number' ? row : 0, column: typeof column === 'string' ? column : '', message }] : [];
  });
}

/** Posts a file as the raw body; answers the parsed JSON on 200/201, else throws RowsRejected (422 with rows) or ApiError. */
export async function uploadRaw<T>(path: string, file: File): Promise<T> {
  const { status, body } = await uploadFile(path, file);
  if (status === 200 || status === 201) return body as T; // the server's answer is the API contract
  const { code, message, inner } = errorOf(body, status);
  const rows = rowErrors(inner.rows);
  if (status === 422 && rows.length > 0) throw new RowsRejected(message, rows);
  const fields = typeof inner.fields === 'object' && inner.fields !== null ? (inner.fields as Record<string, string>) : {};
  throw new ApiError(status, code, message, fields);
}

/** Turns a 422 ApiError carrying `rows` (JSON version loads) into RowsRejected; the API client keeps only code/message/fields. */
async function postJsonWithRows<T>(path: string, input: unknown): Promise<T> {
  const { csrf } = await csrfHeader();
  const response = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Accept-Language': currentLanguage(), 'Content-Type': 'application/json', 'x-csrf-token': csrf },
    body: JSON.stringify(input),
  }).catch(() => {
    throw new ApiError(0, 'network.unreachable', i18n.t('errors.network'));
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return body as T; // the server's answer is the API contract
  const { code, message, inner } = errorOf(body, response.status);
  const rows = rowErrors(inner.rows);
  if (response.status === 422 && rows.length > 0) throw new RowsRejected(message, rows);
  const fields = typeof inner.fields === 'object' && inner.fields !== null ? (inner.fields as Record<string, string>) : {};
  throw new ApiError(response.status, code, message, fields);
}

async function csrfHeader(): Promise<{ csrf: string }> {
  const entry = document.cookie.split('; ').find((part) => part.startsWith('sotas_csrf='));
  if (entry !== undefined) return { csrf: decodeURIComponent(entry.slice('sotas_csrf='.length)) };
  return { csrf: (await api.get<{ token: string }>('/api/csrf')).token };
}

function useInvalidate() {
  const client = useQueryClient();
  return (...keys: (readonly string[])[]) => {
    for (const key of keys) void client.invalidateQueries({ queryKey: key });
  };
}

// ---------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------

export function useLists() {
  return useQuery({
    queryKey: [...SURVEY_KEYS.lists, 'all'],
    queryFn: async () => (await api.get<{ items: SubstanceList[] }>(`${BASE}/lists`)).items,
  });
}

export function useStarters() {
  return useQuery({
    queryKey: [...SURVEY_KEYS.lists, 'starters'],
    queryFn: async () => (await api.get<{ items: Starter[] }>(`${BASE}/lists/starters`)).items,
  });
}

export function useLoadStarter() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (key: StarterKey) => api.post<{ list: SubstanceList } & VersionLoaded>(`${BASE}/lists/starters/${id(key)}`),
    onSuccess: () => invalidate(SURVEY_KEYS.lists, SURVEY_KEYS.products, SURVEY_KEYS.checks, SURVEY_KEYS.dashboard),
  });
}

export function useCreateList() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (input: { code: string; name: string; nameEn?: string; source?: string }) =>
      (await api.post<{ list: SubstanceList }>(`${BASE}/lists`, input)).list,
    onSuccess: () => invalidate(SURVEY_KEYS.lists),
  });
}

export function useList(listId: string | undefined) {
  return useQuery({
    queryKey: [...SURVEY_KEYS.lists, 'one', listId],
    queryFn: () => api.get<{ list: SubstanceList; versions: ListVersion[] }>(`${BASE}/lists/${id(listId)}`),
    enabled: listId !== undefined,
  });
}

export function useUpdateList(listId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (input: { name?: string; nameEn?: string; source?: string; archived?: boolean }) =>
      (await api.patch<{ list: SubstanceList }>(`${BASE}/lists/${id(listId)}`, input)).list,
    onSuccess: () => invalidate(SURVEY_KEYS.lists),
  });
}

export function useListEntries(listId: string | undefined, versionId: string | undefined, filter: { q?: string; page?: number; pageSize?: number }) {
  return useQuery({
    queryKey: [...SURVEY_KEYS.lists, 'entries', listId, versionId, filter],
    queryFn: () => api.get<Page<ListEntry>>(`${BASE}/lists/${id(listId)}/versions/${id(versionId)}/entries${surveyQuery({ ...filter })}`),
    enabled: listId !== undefined && versionId !== undefined,
    placeholderData: keepPreviousData,
  });
}

/** Loads a new version from rows; 422 with row errors throws RowsRejected. */
export function useLoadVersion(listId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { label: string; sourceNote?: string; entries: ListEntryInput[] }) => postJsonWithRows<VersionLoaded>(`${BASE}/lists/${id(listId)}/versions`, input),
    onSuccess: () => invalidate(SURVEY_KEYS.lists, SURVEY_KEYS.products, SURVEY_KEYS.checks, SURVEY_KEYS.dashboard),
  });
}

/** Loads a new version from a CSV or Excel file; 422 with row errors throws RowsRejected. */
export function useImportVersion(listId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ file, label, sourceNote }: { file: File; label: string; sourceNote?: string }) =>
      uploadRaw<VersionLoaded>(`${BASE}/lists/${id(listId)}/versions/import${surveyQuery({ label, sourceNote, name: file.name })}`, file),
    onSuccess: () => invalidate(SURVEY_KEYS.lists, SURVEY_KEYS.products, SURVEY_KEYS.checks, SURVEY_KEYS.dashboard),
  });
}

export function useVersionChanges(listId: string | undefined, versionId: string | undefined) {
  return useQuery({
    queryKey: [...SURVEY_KEYS.checks, 'changes', listId, versionId],
    queryFn: async () => (await api.get<{ items: ListChange[] }>(`${BASE}/lists/${id(listId)}/versions/${id(versionId)}/changes`)).items,
    enabled: listId !== undefined && versionId !== undefined,
  });
}

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

export function useCheckResults(productId: string | undefined) {
  return useQuery({
    queryKey: [...SURVEY_KEYS.checks, 'product', productId],
    queryFn: async () => (await api.get<{ items: CheckResult[] }>(`${BASE}/products/${id(productId)}/check-results`)).items,
    enabled: productId !== undefined,
  });
}

export function useCheckProduct(productId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (listVersionIds?: string[]) =>
      (await api.post<{ results: CheckResult[] }>(`${BASE}/products/${id(productId)}/check`, listVersionIds === undefined ? {} : { listVersionIds })).results,
    onSuccess: () => invalidate(SURVEY_KEYS.checks, SURVEY_KEYS.products, SURVEY_KEYS.dashboard),
  });
}

export function useAcknowledgeResult() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (resultId: string) => (await api.post<{ result: CheckResult }>(`${BASE}/check-results/${id(resultId)}/acknowledge`)).result,
    onSuccess: () => invalidate(SURVEY_KEYS.checks, SURVEY_KEYS.products, SURVEY_KEYS.dashboard),
  });
}

// ---------------------------------------------------------------------------
// Products
// ---------------------------------------------------------------------------

export function useProducts(filter: ProductFilter) {
  return useQuery({
    queryKey: [...SURVEY_KEYS.products, 'list', filter],
    queryFn: () => api.get<Page<ProductSummary>>(`${BASE}/products${surveyQuery({ ...filter })}`),
    placeholderData: keepPreviousData,
  });
}

export function useProduct(productId: string | undefined) {
  return useQuery({
    queryKey: [...SURVEY_KEYS.products, 'one', productId],
    queryFn: async () => (await api.get<{ product: ProductDetail }>(`${BASE}/products/${id(productId)}`)).product,
    enabled: productId !== undefined,
  });
}

/** Creates (no id) or updates (with id) a product. */
export function useSaveProduct(productId: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: ProductInput) =>
      productId === undefined
        ? (await api.post<{ product: ProductDetail }>(`${BASE}/products`, input)).product
        : (await api.put<{ product: ProductDetail }>(`${BASE}/products/${id(productId)}`, input)).product,
    onSuccess: (product) => {
      client.setQueryData([...SURVEY_KEYS.products, 'one', product.id], product);
      void client.invalidateQueries({ queryKey: [...SURVEY_KEYS.products, 'list'] });
      void client.invalidateQueries({ queryKey: SURVEY_KEYS.checks });
      void client.invalidateQueries({ queryKey: SURVEY_KEYS.dashboard });
    },
  });
}

export function useDeleteProduct() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (productId: string) => api.delete<void>(`${BASE}/products/${id(productId)}`),
    onSuccess: () => invalidate(SURVEY_KEYS.products, SURVEY_KEYS.dashboard),
  });
}

/** Imports products from a chemSHERPA / IEC 62474 / IPC-1752A / CSV / Excel file. */
export function useImportProducts() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (file: File) => uploadRaw<ProductImportResult>(`${BASE}/products/import${surveyQuery({ name: file.name })}`, file),
    onSuccess: () => invalidate(SURVEY_KEYS.products, SURVEY_KEYS.checks, SURVEY_KEYS.dashboard),
  });
}

/** Where the browser downloads a product's file in a given format. */
export function productExportUrl(productId: string, format: ExportFormat): string {
  return `${BASE}/products/${id(productId)}/export?format=${format}`;
}

// ---------------------------------------------------------------------------
// Settings and dashboard
// ---------------------------------------------------------------------------

export function useSettings() {
  return useQuery({
    queryKey: SURVEY_KEYS.settings,
    queryFn: async () => (await api.get<{ settings: SurveySettings }>(`${BASE}/settings`)).settings,
  });
}

export function useSaveSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: SurveySettings) => (await api.put<{ settings: SurveySettings }>(`${BASE}/settings`, input)).settings,
    onSuccess: (settings) => client.setQueryData(SURVEY_KEYS.settings, settings),
  });
}

export function useDashboard() {
  return useQuery({
    queryKey: SURVEY_KEYS.dashboard,
    queryFn: () => api.get<Dashboard>(`${BASE}/dashboard`),
  });
}

// ---------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------

/** Looks up a platform company (with a survey contract) by its company code. */
export async function findSupplier(code: string): Promise<Supplier> {
  return (await api.get<{ supplier: Supplier }>(`${BASE}/suppliers${surveyQuery({ code })}`)).supplier;
}

export function useSupplier(code: string | undefined) {
  return useQuery({
    queryKey: [...SURVEY_KEYS.suppliers, code],
    queryFn: () => findSupplier(code ?? ''),
    enabled: code !== undefined && code !== '',
    retry: false,
  });
}

export function useRequests(filter: RequestFilter) {
  return useQuery({
    queryKey: [...SURVEY_KEYS.requests, 'list', filter],
    queryFn: () => api.get<Page<RequestSummary>>(`${BASE}/requests${surveyQuery({ ...filter })}`),
    placeholderData: keepPreviousData,
  });
}

export function useRequest(requestId: string | undefined) {
  return useQuery({
    queryKey: [...SURVEY_KEYS.requests, 'one', requestId],
    queryFn: () => api.get<RequestPage>(`${BASE}/requests/${id(requestId)}`),
    enabled: requestId !== undefined,
  });
}

function useRequestRefresh() {
  const invalidate = useInvalidate();
  return () => invalidate(SURVEY_KEYS.requests, SURVEY_KEYS.responses, SURVEY_KEYS.dashboard);
}

/** Creates (no id) or updates a draft request (with id). */
export function useSaveRequest(requestId: string | undefined) {
  const refresh = useRequestRefresh();
  return useMutation({
    mutationFn: async (input: RequestInput) =>
      requestId === undefined
        ? (await api.post<{ request: RequestDetail }>(`${BASE}/requests`, input)).request
        : (await api.put<{ request: RequestDetail }>(`${BASE}/requests/${id(requestId)}`, input)).request,
    onSuccess: refresh,
  });
}

export function useSendRequest() {
  const refresh = useRequestRefresh();
  return useMutation({
    mutationFn: async (requestId: string) => (await api.post<{ request: RequestDetail }>(`${BASE}/requests/${id(requestId)}/send`)).request,
    onSuccess: refresh,
  });
}

export function useCancelRequest() {
  const refresh = useRequestRefresh();
  return useMutation({
    mutationFn: async ({ requestId, reason }: { requestId: string; reason?: string }) =>
      (await api.post<{ request: RequestDetail }>(`${BASE}/requests/${id(requestId)}/cancel`, reason === undefined ? {} : { reason })).request,
    onSuccess: refresh,
  });
}

export function useAcceptResponse() {
  const refresh = useRequestRefresh();
  return useMutation({
    mutationFn: async ({ requestId, responseId, comment }: { requestId: string; responseId: string; comment?: string }) =>
      (await api.post<{ request: RequestDetail }>(`${BASE}/requests/${id(requestId)}/accept`, comment === undefined ? { responseId } : { responseId, comment })).request,
    onSuccess: refresh,
  });
}

export function useReturnToSupplier() {
  const refresh = useRequestRefresh();
  return useMutation({
    mutationFn: async ({ requestId, responseId, reason }: { requestId: string; responseId: string; reason: string }) =>
      (await api.post<{ request: RequestDetail }>(`${BASE}/requests/${id(requestId)}/return`, { responseId, reason })).request,
    onSuccess: refresh,
  });
}

export function useIssueLink() {
  const refresh = useRequestRefresh();
  return useMutation({
    mutationFn: async ({ requestId, email, days }: { requestId: string; email?: string; days?: number }) =>
      (await api.post<{ link: UploadLinkView }>(`${BASE}/requests/${id(requestId)}/links`, { ...(email === undefined ? {} : { email }), ...(days === undefined ? {} : { days }) })).link,
    onSuccess: refresh,
  });
}

export function useRevokeLink() {
  const refresh = useRequestRefresh();
  return useMutation({
    mutationFn: ({ requestId, linkId }: { requestId: string; linkId: string }) => api.delete<void>(`${BASE}/requests/${id(requestId)}/links/${id(linkId)}`),
    onSuccess: refresh,
  });
}

// ---------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------

/** Starts a draft answer to an incoming request (products prefilled from its items). */
export function useStartResponse() {
  const refresh = useRequestRefresh();
  return useMutation({
    mutationFn: async (requestId: string) => (await api.post<{ response: ResponseDetail }>(`${BASE}/requests/${id(requestId)}/responses`)).response,
    onSuccess: refresh,
  });
}

export function useResponse(responseId: string | undefined) {
  return useQuery({
    queryKey: [...SURVEY_KEYS.responses, 'one', responseId],
    queryFn: () => api.get<{ response: ResponseDetail; request: RequestSummary }>(`${BASE}/responses/${id(responseId)}`),
    enabled: responseId !== undefined,
  });
}

function useResponseMutation<I>(call: (input: I) => Promise<{ response: ResponseDetail }>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: I) => (await call(input)).response,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: SURVEY_KEYS.responses });
      void client.invalidateQueries({ queryKey: SURVEY_KEYS.requests });
      void client.invalidateQueries({ queryKey: SURVEY_KEYS.dashboard });
    },
  });
}

export function useSaveResponse(responseId: string) {
  return useResponseMutation((input: ResponseInput) => api.put<{ response: ResponseDetail }>(`${BASE}/responses/${id(responseId)}`, input));
}

export function useSubmitForReview(responseId: string) {
  return useResponseMutation(() => api.post<{ response: ResponseDetail }>(`${BASE}/responses/${id(responseId)}/submit-for-review`));
}

export function useApproveResponse(responseId: string) {
  return useResponseMutation((comment?: string) => api.post<{ response: ResponseDetail }>(`${BASE}/responses/${id(responseId)}/approve`, comment === undefined ? {} : { comment }));
}

export function useReturnResponse(responseId: string) {
  return useResponseMutation((comment: string) => api.post<{ response: ResponseDetail }>(`${BASE}/responses/${id(responseId)}/return`, { comment }));
}

export function useSendResponse(responseId: string) {
  return useResponseMutation(() => api.post<{ response: ResponseDetail }>(`${BASE}/responses/${id(responseId)}/send`));
}

/** Fills the draft's products/compliance from a chemSHERPA / IEC 62474 / IPC-1752A / spreadsheet file. */
export function useImportResponse(responseId: string) {
  return useResponseMutation((file: File) => uploadRaw<{ response: ResponseDetail }>(`${BASE}/responses/${id(responseId)}/import${surveyQuery({ name: file.name })}`, file));
}

export function useUploadResponseFile(responseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ file, kind }: { file: File; kind: string }) =>
      (await uploadRaw<{ file: SurveyFile }>(`${BASE}/responses/${id(responseId)}/files${surveyQuery({ name: file.name, kind })}`, file)).file,
    onSuccess: () => void client.invalidateQueries({ queryKey: SURVEY_KEYS.responses }),
  });
}

export function responseFileUrl(responseId: string, fileId: string): string {
  return `${BASE}/responses/${id(responseId)}/files/${id(fileId)}`;
}

export function responseExportUrl(responseId: string, format: ExportFormat): string {
  return `${BASE}/responses/${id(responseId)}/export?format=${format}`;
}

// ---------------------------------------------------------------------------
// Outside upload link (public, no session)
// ---------------------------------------------------------------------------

export function useUploadLink(token: string | undefined) {
  return useQuery({
    queryKey: [...SURVEY_KEYS.upload, token],
    queryFn: () => api.get<UploadLinkPage>(`${BASE}/upload/${id(token)}`),
    enabled: token !== undefined,
    retry: false,
  });
}

export function useUploadLinkFile(token: string) {
  return useMutation({
    mutationFn: ({ file, kind }: { file: File; kind: string }) =>
      uploadRaw<{ file: SurveyFile; parsed: ResponseProduct[] | null }>(`${BASE}/upload/${id(token)}/files${surveyQuery({ name: file.name, kind })}`, file),
  });
}

export function useSubmitUploadLink(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: UploadSubmitInput) => (await api.post<{ submittedAt: string }>(`${BASE}/upload/${id(token)}/submit`, input)).submittedAt,
    onSuccess: () => void client.invalidateQueries({ queryKey: [...SURVEY_KEYS.upload, token] }),
  });
}
