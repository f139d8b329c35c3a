import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api';
import i18n, { currentLanguage, type LocalizedText } from '../../i18n';
import { useSession } from '../../data/session';
import type { CatalogRole } from './catalogNav';

/** The catalog service's API (/api/catalog), typed as the API contract states it, for every catalog screen. */

export const BASE = '/api/catalog';

export const PRODUCT_FORMS = ['pellet', 'powder', 'liquid', 'paste', 'film_sheet', 'fiber', 'other'] as const;
export type ProductForm = (typeof PRODUCT_FORMS)[number];

export const REGULATORY_FLAGS = ['rohs', 'reach_svhc_free', 'kashinho', 'food_contact'] as const;
export type RegulatoryFlag = (typeof REGULATORY_FLAGS)[number];

export const DOCUMENT_KINDS = ['sds', 'tds', 'coa', 'chemsherpa', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const PRODUCT_STATUSES = ['draft', 'published', 'archived'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export const LIST_NAMES = ['in_use', 'watching'] as const;
export type ListName = (typeof LIST_NAMES)[number];

/** Suggested processing methods; the API also accepts free text (≤ 60 characters). */
export const PROCESSING_METHODS = ['injection_molding', 'extrusion', 'blow_molding', 'film', 'compounding', 'coating', 'other'] as const;

export const INQUIRY_KINDS = ['sample', 'quote', 'question'] as const;
export type InquiryKind = (typeof INQUIRY_KINDS)[number];

export const INQUIRY_STATUSES = ['open', 'answered', 'closed'] as const;
export type InquiryStatus = (typeof INQUIRY_STATUSES)[number];

export type InquiryBox = 'sent' | 'received';

export type Subscription = 'paid' | 'free';

/** What the reader's tenant may do in the catalog. */
export interface Plan {
  publisher: boolean;
  /** null: no catalog subscription (the tenant may only publish). */
  subscription: Subscription | null;
}

export interface Contact {
  name: string;
  department: string;
  email: string;
  phone: string;
  topics: string;
}

export interface ContactInput {
  name: string;
  department?: string;
  email: string;
  phone?: string;
  topics?: string;
}

export interface Profile {
  tenantId: string;
  displayName: string;
  displayNameEn: string;
  description: string;
  descriptionEn: string;
  website: string;
  sites: string[];
  certifications: string[];
  /** Absent for free readers of another tenant's profile. */
  contacts?: Contact[];
  version: number;
  updatedAt: string;
}

export interface ProfileInput {
  displayName: string;
  displayNameEn?: string;
  description?: string;
  descriptionEn?: string;
  website?: string;
  sites?: string[];
  certifications?: string[];
  contacts?: ContactInput[];
  /** Omitted on the first save. */
  version?: number;
}

export interface PublisherRef {
  tenantId: string;
  displayName: string;
}

export interface Component {
  casNumber: string | null;
  name: string;
  minPct: number | null;
  maxPct: number | null;
}

export interface Property {
  key: string;
  name: string;
  valueMin: number | null;
  valueMax: number | null;
  valueText: string;
  unit: string;
  testMethod: string;
  conditions: string;
}

export interface CatalogDocument {
  id: string;
  kind: DocumentKind;
  language: string;
  docVersion: string;
  issuedOn: string | null;
  fileName: string;
  bytes: number;
  isCurrent: boolean;
  createdAt: string;
}

export interface ProductSummary {
  id: string;
  tenantId: string;
  publisher: PublisherRef;
  name: string;
  nameEn: string;
  grade: string;
  brand: string;
  category: string;
  form: ProductForm;
  status: ProductStatus;
  regulatoryFlags: RegulatoryFlag[];
  documentKinds: DocumentKind[];
  applications: string[];
  publishedAt: string | null;
  updatedAt: string;
}

export interface Product {
  id: string;
  tenantId: string;
  publisher: PublisherRef;
  own: boolean;
  /** 'basic' for free readers of another tenant's product: `properties` and `documents` are absent. */
  access: 'full' | 'basic';
  name: string;
  nameEn: string;
  grade: string;
  brand: string;
  category: string;
  form: ProductForm;
  description: string;
  descriptionEn: string;
  applications: string[];
  processingMethods: string[];
  regulatoryFlags: RegulatoryFlag[];
  status: ProductStatus;
  publishedAt: string | null;
  components: Component[];
  documentKinds: DocumentKind[];
  properties?: Property[];
  documents?: CatalogDocument[];
  /** The next four only on the reader's own products. */
  remarks?: string;
  labels?: string[];
  version?: number;
  createdAt?: string;
  updatedAt: string;
  lists: ListName[];
}

export interface ComponentInput {
  casNumber?: string | null;
  name: string;
  minPct?: number | null;
  maxPct?: number | null;
}

export interface PropertyInput {
  key: string;
  name: string;
  valueMin?: number | null;
  valueMax?: number | null;
  valueText?: string;
  unit?: string;
  testMethod?: string;
  conditions?: string;
}

export interface ProductInput {
  name: string;
  nameEn?: string;
  grade?: string;
  brand?: string;
  category: string;
  form: ProductForm;
  description?: string;
  descriptionEn?: string;
  applications?: string[];
  processingMethods?: string[];
  regulatoryFlags?: RegulatoryFlag[];
  components?: ComponentInput[];
  properties?: PropertyInput[];
  remarks?: string;
  labels?: string[];
  /** Required on update. */
  version?: number;
}

export type CategoryGroup = 'polymer' | 'chemical';

export interface Category {
  code: string;
  group: CategoryGroup;
  name: LocalizedText;
}

export interface PropertyKey {
  key: string;
  name: LocalizedText;
  /** The canonical unit of the property ('' for text-only properties). */
  unit: string;
  /** Other units the server converts from, when it lists them. */
  units?: string[];
}

export interface Facet {
  value: string;
  label?: string;
  count: number;
  /** The count is a lower bound: counting stopped once it was this high. */
  atLeast?: true;
}

export interface SearchHit extends ProductSummary {
  matched?: string;
}

export interface SearchFacets {
  category: Facet[];
  publisher: Facet[];
  application: Facet[];
  flag: Facet[];
  docKind: Facet[];
}

export interface SearchResult {
  items: SearchHit[];
  total: number;
  facets: SearchFacets;
  plan: Plan;
}

export type SearchSort = 'relevance' | 'newest' | 'name';

export interface SearchFilter {
  q?: string;
  category?: string[];
  publisher?: string[];
  application?: string[];
  flag?: string[];
  docKind?: string[];
  /** Property ranges as `key:min:max`, either bound optional (paid plans only). */
  prop?: string[];
  sort?: SearchSort;
  page?: number;
  pageSize?: number;
}

export interface CasLookup {
  casNumber: string;
  valid: boolean;
  products: SearchHit[];
}

export interface CompareRow {
  key: string;
  name: string;
  unit: string;
  values: (Property | null)[];
}

export interface CompareResult {
  products: Product[];
  properties: CompareRow[];
}

export interface ListEntry extends SearchHit {
  note: string;
  addedAt: string;
}

export interface InquirySummary {
  id: string;
  box: InquiryBox;
  kind: InquiryKind;
  subject: string;
  status: InquiryStatus;
  product: { id: string; name: string } | null;
  counterpart: { tenantId: string; name: string };
  lastMessageAt: string;
  createdAt: string;
}

export interface InquiryAttachment {
  fileId: string;
  name: string;
  bytes: number;
}

export interface InquiryMessage {
  id: string;
  own: boolean;
  authorName: string;
  companyName: string;
  body: string;
  attachments: InquiryAttachment[];
  createdAt: string;
}

export interface InquiryThread {
  inquiry: InquirySummary;
  messages: InquiryMessage[];
}

export interface ImportRowError {
  row: number;
  column: string;
  message: string;
}

export interface ImportResult {
  created: number;
  products: { id: string; name: string }[];
}

/** An import the server refused (422): nothing was written; `rows` says which rows are wrong. */
export class ImportRejected extends Error {
  override readonly name = 'ImportRejected';
  constructor(
    message: string,
    readonly rows: ImportRowError[],
  ) {
    super(message);
  }
}

/** Query keys, so any screen can refresh what another one changed. */
export const CATALOG_KEYS = {
  plan: ['catalog', 'plan'] as const,
  profile: ['catalog', 'profile'] as const,
  publishers: ['catalog', 'publishers'] as const,
  products: ['catalog', 'products'] as const,
  documents: ['catalog', 'documents'] as const,
  categories: ['catalog', 'categories'] as const,
  propertyKeys: ['catalog', 'property-keys'] as const,
  search: ['catalog', 'search'] as const,
  lists: ['catalog', 'lists'] as const,
  inquiries: ['catalog', 'inquiries'] as const,
};

/** Builds `?a=1&b=x&b=y`, leaving out empty values; arrays become repeated parameters. */
export function catalogQuery(params: Record<string, string | number | boolean | readonly string[] | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    if (Array.isArray(value)) for (const entry of value as readonly string[]) search.append(key, entry);
    else search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

const id = (value: string): string => encodeURIComponent(value);

/** The signed-in user's catalog role, or undefined without catalog membership. */
export function useCatalogRole(): CatalogRole | undefined {
  const user = useSession().data;
  const role = user?.memberships.find((m) => m.service === 'catalog')?.role;
  return role === 'admin' || role === 'editor' || role === 'viewer' ? role : undefined;
}

/** Whether the signed-in user may create, edit and publish products (admins and editors). */
export function useCanWriteProducts(): boolean {
  const role = useCatalogRole();
  return role === 'admin' || role === 'editor';
}

export function usePlan() {
  return useQuery({
    queryKey: CATALOG_KEYS.plan,
    queryFn: async () => (await api.get<{ plan: Plan }>(`${BASE}/plan`)).plan,
  });
}

export function useCategories() {
  return useQuery({
    queryKey: CATALOG_KEYS.categories,
    queryFn: async () => (await api.get<{ categories: Category[] }>(`${BASE}/categories`)).categories,
    staleTime: Infinity,
  });
}

export function usePropertyKeys() {
  return useQuery({
    queryKey: CATALOG_KEYS.propertyKeys,
    queryFn: async () => (await api.get<{ keys: PropertyKey[] }>(`${BASE}/properties/keys`)).keys,
    staleTime: Infinity,
  });
}

/** The own tenant's publisher profile (null before the first save). */
export function useProfile() {
  return useQuery({
    queryKey: CATALOG_KEYS.profile,
    queryFn: async () => (await api.get<{ profile: Profile | null }>(`${BASE}/profile`)).profile,
  });
}

export function useSaveProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: ProfileInput) => (await api.put<{ profile: Profile }>(`${BASE}/profile`, input)).profile,
    onSuccess: (profile) => {
      client.setQueryData(CATALOG_KEYS.profile, profile);
      void client.invalidateQueries({ queryKey: CATALOG_KEYS.publishers });
    },
  });
}

/** Another publisher's public profile and its number of visible published products. */
export function usePublisher(tenantId: string | undefined) {
  return useQuery({
    queryKey: [...CATALOG_KEYS.publishers, tenantId],
    queryFn: () => api.get<{ profile: Profile; productCount: number }>(`${BASE}/publishers/${id(tenantId ?? '')}`),
    enabled: tenantId !== undefined,
  });
}

export interface ProductFilter {
  status?: ProductStatus | '';
  q?: string;
  page?: number;
  pageSize?: number;
  sort?: 'updated' | 'name';
}

/** The own tenant's products, a page at a time. */
export function useProducts(filter: ProductFilter) {
  return useQuery({
    queryKey: [...CATALOG_KEYS.products, 'list', filter],
    queryFn: () => api.get<{ items: ProductSummary[]; total: number }>(`${BASE}/products${catalogQuery({ ...filter })}`),
    placeholderData: keepPreviousData,
  });
}

/** One product: own (any status) or another tenant's published one. */
export function useProduct(productId: string | undefined) {
  return useQuery({
    queryKey: [...CATALOG_KEYS.products, 'one', productId],
    queryFn: async () => (await api.get<{ product: Product }>(`${BASE}/products/${id(productId ?? '')}`)).product,
    enabled: productId !== undefined,
  });
}

function useProductRefresh() {
  const client = useQueryClient();
  return (product?: Product) => {
    if (product) client.setQueryData([...CATALOG_KEYS.products, 'one', product.id], product);
    void client.invalidateQueries({ queryKey: CATALOG_KEYS.products });
    void client.invalidateQueries({ queryKey: CATALOG_KEYS.search });
    void client.invalidateQueries({ queryKey: CATALOG_KEYS.documents });
  };
}

/** Creates (no id) or updates (with id) a product. */
export function useSaveProduct(productId: string | undefined) {
  const refresh = useProductRefresh();
  return useMutation({
    mutationFn: async (input: ProductInput) =>
      productId === undefined
        ? (await api.post<{ product: Product }>(`${BASE}/products`, input)).product
        : (await api.put<{ product: Product }>(`${BASE}/products/${id(productId)}`, input)).product,
    onSuccess: (product) => refresh(product),
  });
}

/** State changes of a product: draft→published, published→draft, published→archived, archived→draft. */
export type ProductTransition = 'publish' | 'unpublish' | 'archive' | 'restore';

export function useProductTransition(productId: string) {
  const refresh = useProductRefresh();
  return useMutation({
    mutationFn: async ({ transition, version }: { transition: ProductTransition; version: number }) =>
      (await api.post<{ product: Product }>(`${BASE}/products/${id(productId)}/${transition}`, { version })).product,
    onSuccess: (product) => refresh(product),
  });
}

/** Deletes an own draft. */
export function useDeleteProduct() {
  const refresh = useProductRefresh();
  return useMutation({
    mutationFn: (productId: string) => api.delete<void>(`${BASE}/products/${id(productId)}`),
    onSuccess: () => refresh(),
  });
}

/** Every version of a product's documents (own or paid reader). */
export function useProductDocuments(productId: string | undefined) {
  return useQuery({
    queryKey: [...CATALOG_KEYS.documents, productId],
    queryFn: async () => (await api.get<{ documents: CatalogDocument[] }>(`${BASE}/products/${id(productId ?? '')}/documents?all=true`)).documents,
    enabled: productId !== undefined,
  });
}

/** Where the browser downloads a document (an attachment answer). */
export function documentDownloadUrl(documentId: string): string {
  return `${BASE}/documents/${id(documentId)}/download`;
}

function readCookie(name: string): string | undefined {
  const entry = document.cookie.split('; ').find((part) => part.startsWith(`${name}=`));
  return entry === undefined ? undefined : decodeURIComponent(entry.slice(name.length + 1));
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

/** Sends a file as the raw request body (the upload routes read octet-stream with X-File-Name). */
export async function uploadFile(path: string, file: File): Promise<{ status: number; body: unknown }> {
  const token = readCookie('sotas_csrf') ?? (await api.get<{ token: string }>('/api/csrf')).token;
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Accept-Language': currentLanguage(),
        'Content-Type': 'application/octet-stream',
        'X-File-Name': encodeURIComponent(file.name),
        'x-csrf-token': token,
      },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'network.unreachable', i18n.t('errors.network'));
  }
  const body: unknown = await response.json().catch(() => undefined);
  return { status: response.status, body };
}

/** Throws the API's error for a failed upload answer. */
function uploadFailure(status: number, body: unknown): ApiError {
  const { code, message, inner } = errorOf(body, status);
  const fields = typeof inner.fields === 'object' && inner.fields !== null ? (inner.fields as Record<string, string>) : {};
  return new ApiError(status, code, message, fields);
}

export interface DocumentUpload {
  kind: DocumentKind;
  language: string;
  docVersion: string;
  /** YYYY-MM-DD, or '' when unknown. */
  issuedOn: string;
  file: File;
}

export function useUploadDocument(productId: string) {
  const refresh = useProductRefresh();
  return useMutation({
    mutationFn: async ({ file, ...meta }: DocumentUpload) => {
      const { status, body } = await uploadFile(`${BASE}/products/${id(productId)}/documents${catalogQuery({ ...meta })}`, file);
      if (status !== 201 && status !== 200) throw uploadFailure(status, body);
      return (body as { document: CatalogDocument }).document; // the server's answer is the API contract
    },
    onSuccess: () => refresh(),
  });
}

export type ImportFormat = 'csv' | 'xlsx';

export function importTemplateUrl(format: ImportFormat): string {
  return `${BASE}/products/import/template?format=${format}`;
}

function rowErrors(value: unknown): ImportRowError[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { row, column, message } = entry as Partial<Record<'row' | 'column' | 'message', unknown>>;
    return typeof message === 'string' ? [{ row: typeof row === 'number' ? row : 0, column: typeof column === 'string' ? column : '', message }] : [];
  });
}

/** Imports products from a CSV or XLSX file; all rows or none are created (as drafts). */
export function useImportProducts() {
  const refresh = useProductRefresh();
  return useMutation({
    mutationFn: async (file: File) => {
      const format: ImportFormat = file.name.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
      const { status, body } = await uploadFile(`${BASE}/products/import?format=${format}`, file);
      if (status === 201 || status === 200) return body as ImportResult; // the server's answer is the API contract
      const { message, inner } = errorOf(body, status);
      const rows = rowErrors(inner.rows);
      if (status === 422) throw new ImportRejected(message, rows);
      throw uploadFailure(status, body);
    },
    onSuccess: () => refresh(),
  });
}

/** Published products of every catalog tenant (own included), with drill-down facets. */
export function useSearch(filter: SearchFilter, enabled = true) {
  return useQuery({
    queryKey: [...CATALOG_KEYS.search, filter],
    queryFn: () => api.get<SearchResult>(`${BASE}/search${catalogQuery({ ...filter })}`),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCasLookup(casNumber: string | undefined) {
  return useQuery({
    queryKey: [...CATALOG_KEYS.search, 'cas', casNumber],
    queryFn: () => api.get<CasLookup>(`${BASE}/cas/${id(casNumber ?? '')}`),
    enabled: casNumber !== undefined && casNumber !== '',
  });
}

export function useCompare(ids: readonly string[]) {
  return useQuery({
    queryKey: [...CATALOG_KEYS.search, 'compare', ids],
    queryFn: () => api.get<CompareResult>(`${BASE}/compare?ids=${ids.map(id).join(',')}`),
    enabled: ids.length >= 2,
  });
}

export function useList(list: ListName) {
  return useQuery({
    queryKey: [...CATALOG_KEYS.lists, list],
    queryFn: async () => (await api.get<{ items: ListEntry[] }>(`${BASE}/lists/${list}`)).items,
  });
}

/** Adds a product to (or removes it from) one of the tenant's lists. */
export function useListMembership() {
  const client = useQueryClient();
  const refresh = () => {
    void client.invalidateQueries({ queryKey: CATALOG_KEYS.lists });
    void client.invalidateQueries({ queryKey: CATALOG_KEYS.products });
    void client.invalidateQueries({ queryKey: CATALOG_KEYS.search });
  };
  const add = useMutation({
    mutationFn: ({ list, productId, note }: { list: ListName; productId: string; note?: string }) =>
      api.put<{ entry: unknown }>(`${BASE}/lists/${list}/${id(productId)}`, note === undefined ? {} : { note }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: ({ list, productId }: { list: ListName; productId: string }) => api.delete<void>(`${BASE}/lists/${list}/${id(productId)}`),
    onSuccess: refresh,
  });
  return { add, remove };
}

export function useInquiries(filter: { box: InquiryBox; status?: InquiryStatus | ''; page?: number }) {
  return useQuery({
    queryKey: [...CATALOG_KEYS.inquiries, 'list', filter],
    queryFn: () => api.get<{ items: InquirySummary[]; total: number }>(`${BASE}/inquiries${catalogQuery({ ...filter })}`),
    placeholderData: keepPreviousData,
  });
}

export function useInquiry(inquiryId: string | undefined) {
  return useQuery({
    queryKey: [...CATALOG_KEYS.inquiries, 'one', inquiryId],
    queryFn: () => api.get<InquiryThread>(`${BASE}/inquiries/${id(inquiryId ?? '')}`),
    enabled: inquiryId !== undefined,
  });
}

export function useSendInquiry() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { productId: string; kind: InquiryKind; subject: string; body: string }) =>
      (await api.post<{ inquiry: InquirySummary }>(`${BASE}/inquiries`, input)).inquiry,
    onSuccess: () => void client.invalidateQueries({ queryKey: CATALOG_KEYS.inquiries }),
  });
}

export function useReplyInquiry(inquiryId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { body: string; attachmentFileIds?: string[] }) =>
      (await api.post<{ message: InquiryMessage }>(`${BASE}/inquiries/${id(inquiryId)}/messages`, input)).message,
    onSuccess: () => void client.invalidateQueries({ queryKey: CATALOG_KEYS.inquiries }),
  });
}

export function useCloseInquiry(inquiryId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => (await api.post<{ inquiry: InquirySummary }>(`${BASE}/inquiries/${id(inquiryId)}/close`)).inquiry,
    onSuccess: () => void client.invalidateQueries({ queryKey: CATALOG_KEYS.inquiries }),
  });
}

/** Uploads one attachment for a later message of the inquiry. */
export async function uploadInquiryAttachment(inquiryId: string, file: File): Promise<InquiryAttachment> {
  const { status, body } = await uploadFile(`${BASE}/inquiries/${id(inquiryId)}/attachments`, file);
  if (status !== 201 && status !== 200) throw uploadFailure(status, body);
  return (body as { attachment: InquiryAttachment }).attachment; // the server's answer is the API contract
}

export function inquiryAttachmentUrl(inquiryId: string, fileId: string): string {
  return `${BASE}/inquiries/${id(inquiryId)}/attachments/${id(fileId)}`;
}
