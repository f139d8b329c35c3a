import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../../api';
import i18n, { currentLanguage } from '../../../i18n';
import { useSession } from '../../../data/session';
import type { LabelFields } from '../labels/labelFields';

/** Master data of the process service (items, formulas, workstations, routings), as the API returns it. */

export const ITEM_KINDS = ['raw', 'intermediate', 'product'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** Energy types the service knows (keys of energy maps), with the unit each is measured in. */
export const ENERGY_TYPES = ['electricity', 'city_gas', 'lpg', 'heavy_oil_a', 'steam'] as const;
export type EnergyType = (typeof ENERGY_TYPES)[number];
export const ENERGY_UNITS: Record<EnergyType, string> = { electricity: 'kWh', city_gas: 'm3', lpg: 'kg', heavy_oil_a: 'L', steam: 'GJ' };

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A time range within one day, e.g. ['08:00', '17:00']. */
export type HourRange = [string, string];

export interface Item extends LabelFields {
  id: string;
  code: string;
  name: string;
  kind: ItemKind;
  unit: string;
  archived: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface FormulaLine {
  lineNo: number;
  componentItemId: string;
  componentCode: string;
  componentName: string;
  unit: string;
  quantity: number;
  scrapPct: number;
}

export interface Formula {
  id: string;
  itemId: string;
  itemCode: string;
  itemName: string;
  code: string;
  name: string;
  baseQuantity: number;
  yieldPct: number;
  isDefault: boolean;
  version: number;
  lines: FormulaLine[];
}

export interface WorkstationDay {
  day: string;
  hours: HourRange[];
  note: string;
}

export interface Workstation {
  id: string;
  code: string;
  name: string;
  capacity: number;
  capacityUnit: string;
  setupMinutes: number;
  cleanupMinutes: number;
  powerKw: number;
  energySources: string[];
  workHours: Partial<Record<Weekday, HourRange[]>>;
  observeHolidays: boolean;
  days: WorkstationDay[];
  archived: boolean;
  version: number;
}

export type TimeBasis = 'per_unit' | 'per_batch';

export interface RoutingStep {
  seq: number;
  name: string;
  workstationId: string;
  workstationCode: string;
  workstationName: string;
  timeBasis: TimeBasis;
  standardMinutes: number;
  batchSize: number;
  energyPerUnit: Partial<Record<string, number>>;
}

export interface Routing {
  id: string;
  itemId: string;
  itemCode: string;
  itemName: string;
  code: string;
  name: string;
  isDefault: boolean;
  version: number;
  steps: RoutingStep[];
}

export type ItemInput = Pick<Item, 'code' | 'name' | 'kind' | 'unit'> & LabelFields & { version?: number };
export type FormulaInput = Pick<Formula, 'itemId' | 'code' | 'name' | 'baseQuantity' | 'yieldPct' | 'isDefault'> & {
  lines: { componentItemId: string; quantity: number; scrapPct: number }[];
  version?: number;
};
export type WorkstationInput = Omit<Workstation, 'id' | 'archived' | 'version'> & { version?: number };
export type RoutingInput = Pick<Routing, 'itemId' | 'code' | 'name' | 'isDefault'> & {
  steps: Omit<RoutingStep, 'workstationCode' | 'workstationName'>[];
  version?: number;
};

export const PAGE_SIZE = 20;
const BASE = '/api/process';

/** Whether the signed-in user administers the process service (only admins edit master data). */
export function useIsProcessAdmin(): boolean {
  // The process screens render inside the service's own layout, so the session is read from its query.
  const user = useSession().data;
  return user?.memberships.some((m) => m.service === 'process' && m.role === 'admin') ?? false;
}

function query(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '' && value !== false) search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

const KEYS = {
  items: ['process-items'] as const,
  formulas: ['process-formulas'] as const,
  workstations: ['process-workstations'] as const,
  routings: ['process-routings'] as const,
};

export interface ItemFilter {
  q: string;
  kind: ItemKind | '';
  includeArchived: boolean;
  page: number;
}

export function useItems(filter: ItemFilter) {
  return useQuery({
    queryKey: [...KEYS.items, filter],
    queryFn: () => api.get<{ items: Item[]; total: number }>(`${BASE}/items${query({ ...filter, pageSize: PAGE_SIZE })}`),
    placeholderData: keepPreviousData,
  });
}

/** Every current item, for pickers (component items, the item of a formula or routing). */
export function useItemChoices() {
  return useQuery({
    queryKey: [...KEYS.items, 'choices'],
    queryFn: async () => (await api.get<{ items: Item[]; total: number }>(`${BASE}/items?pageSize=500`)).items,
  });
}

export function useItem(id: string | undefined) {
  return useQuery({
    queryKey: [...KEYS.items, 'one', id],
    queryFn: async () => (await api.get<{ item: Item }>(`${BASE}/items/${encodeURIComponent(id ?? '')}`)).item,
    enabled: id !== undefined,
  });
}

export function useFormulas(filter: { itemId: string; page: number }) {
  return useQuery({
    queryKey: [...KEYS.formulas, filter],
    queryFn: () => api.get<{ formulas: Formula[]; total: number }>(`${BASE}/formulas${query({ ...filter, pageSize: PAGE_SIZE })}`),
    placeholderData: keepPreviousData,
  });
}

export function useFormula(id: string | undefined) {
  return useQuery({
    queryKey: [...KEYS.formulas, 'one', id],
    queryFn: async () => (await api.get<{ formula: Formula }>(`${BASE}/formulas/${encodeURIComponent(id ?? '')}`)).formula,
    enabled: id !== undefined,
  });
}

export function useWorkstations(filter: { page: number }) {
  return useQuery({
    queryKey: [...KEYS.workstations, filter],
    queryFn: () => api.get<{ workstations: Workstation[]; total: number }>(`${BASE}/workstations${query({ ...filter, pageSize: PAGE_SIZE })}`),
    placeholderData: keepPreviousData,
  });
}

/** Every workstation, for the step editor of a routing. */
export function useWorkstationChoices() {
  return useQuery({
    queryKey: [...KEYS.workstations, 'choices'],
    queryFn: async () => (await api.get<{ workstations: Workstation[]; total: number }>(`${BASE}/workstations?pageSize=500`)).workstations,
  });
}

export function useWorkstation(id: string | undefined) {
  return useQuery({
    queryKey: [...KEYS.workstations, 'one', id],
    queryFn: async () => (await api.get<{ workstation: Workstation }>(`${BASE}/workstations/${encodeURIComponent(id ?? '')}`)).workstation,
    enabled: id !== undefined,
  });
}

export function useRoutings(filter: { itemId: string; page: number }) {
  return useQuery({
    queryKey: [...KEYS.routings, filter],
    queryFn: () => api.get<{ routings: Routing[]; total: number }>(`${BASE}/routings${query({ ...filter, pageSize: PAGE_SIZE })}`),
    placeholderData: keepPreviousData,
  });
}

export function useRouting(id: string | undefined) {
  return useQuery({
    queryKey: [...KEYS.routings, 'one', id],
    queryFn: async () => (await api.get<{ routing: Routing }>(`${BASE}/routings/${encodeURIComponent(id ?? '')}`)).routing,
    enabled: id !== undefined,
  });
}

type Kind = keyof typeof KEYS;
const SINGULAR = { items: 'item', formulas: 'formula', workstations: 'workstation', routings: 'routing' } as const;

/** Creates (no id) or updates (with id) one master record; the lists refresh afterwards. */
function useSave<Input, Result>(kind: Kind, id: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: Input) => {
      const answer = id === undefined ? await api.post<Record<string, Result>>(`${BASE}/${kind}`, input) : await api.put<Record<string, Result>>(`${BASE}/${kind}/${encodeURIComponent(id)}`, input);
      const saved = answer[SINGULAR[kind]];
      if (saved === undefined) throw new ApiError(500, 'http.500', i18n.t('errors.unexpected', { status: 500 }));
      return saved;
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: KEYS[kind] }),
  });
}

export const useSaveItem = (id?: string) => useSave<ItemInput, Item>('items', id);
export const useSaveFormula = (id?: string) => useSave<FormulaInput, Formula>('formulas', id);
export const useSaveWorkstation = (id?: string) => useSave<WorkstationInput, Workstation>('workstations', id);
export const useSaveRouting = (id?: string) => useSave<RoutingInput, Routing>('routings', id);

/** Deletes a record; an item still referenced elsewhere is archived instead (`deleted: false`). */
export function useDeleteRecord(kind: Kind) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<{ deleted: boolean }>(`${BASE}/${kind}/${encodeURIComponent(id)}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: KEYS[kind] }),
  });
}

export const IMPORT_KINDS = ['items', 'formulas', 'workstations', 'routings'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportRowError {
  row: number;
  column: string;
  message: string;
}

export interface ImportResult {
  kind: ImportKind;
  rows: number;
  created: number;
  updated: number;
  dryRun: boolean;
}

/** An import the server refused: nothing was written; `errors` says which rows are wrong. */
export class ImportRejected extends Error {
  override readonly name = 'ImportRejected';
  constructor(
    message: string,
    readonly errors: ImportRowError[],
  ) {
    super(message);
  }
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function readCookie(name: string): string | undefined {
  const entry = document.cookie.split('; ').find((part) => part.startsWith(`${name}=`));
  return entry === undefined ? undefined : decodeURIComponent(entry.slice(name.length + 1));
}

function rowErrors(value: unknown): ImportRowError[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { row, column, message } = entry as Partial<Record<'row' | 'column' | 'message', unknown>>;
    return typeof message === 'string' ? [{ row: typeof row === 'number' ? row : 0, column: typeof column === 'string' ? column : '', message }] : [];
  });
}

/** Sends a CSV or XLSX file to the import endpoint as it is (the body is the file). */
export async function uploadImport(kind: ImportKind, file: File, dryRun: boolean): Promise<ImportResult> {
  const isXlsx = file.name.toLowerCase().endsWith('.xlsx') || file.type === XLSX_TYPE;
  const token = readCookie('sotas_csrf') ?? (await api.get<{ token: string }>('/api/csrf')).token;
  let response: Response;
  try {
    response = await fetch(`${BASE}/import/${kind}${dryRun ? '?dryRun=true' : ''}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Accept-Language': currentLanguage(),
        'Content-Type': isXlsx ? XLSX_TYPE : 'text/csv; charset=utf-8',
        'x-csrf-token': token,
      },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'network.unreachable', i18n.t('errors.network'));
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return body as ImportResult; // the server's answer is the API contract
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const inner = typeof record.error === 'object' && record.error !== null ? (record.error as Record<string, unknown>) : record;
  const message = typeof inner.message === 'string' ? inner.message : i18n.t('errors.unexpected', { status: response.status });
  const errors = rowErrors(inner.errors ?? record.errors);
  if (response.status === 422 && errors.length > 0) throw new ImportRejected(message, errors);
  throw new ApiError(response.status, typeof inner.code === 'string' ? inner.code : `http.${response.status}`, message);
}

export function templateUrl(kind: ImportKind, format: 'csv' | 'xlsx'): string {
  return `${BASE}/import/${kind}/template?format=${format}`;
}

export function useImport(kind: ImportKind) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file, dryRun }: { file: File; dryRun: boolean }) => uploadImport(kind, file, dryRun),
    onSuccess: (result) => {
      if (!result.dryRun) void client.invalidateQueries({ queryKey: KEYS[kind] });
    },
  });
}
