import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../../api';
import i18n, { currentLanguage } from '../../../i18n';
import type { LabelFields } from '../labels/labelFields';

export const ORDER_STATUSES = ['draft', 'planned', 'released', 'in_progress', 'done', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type OperationStatus = 'pending' | 'in_progress' | 'done';

export interface Order extends LabelFields {
  id: string;
  orderNo: string;
  itemId: string;
  itemCode: string;
  itemName: string;
  unit: string;
  quantity: number;
  dueAt: string;
  lotNo: string;
  status: OrderStatus;
  routingId: string | null;
  formulaId: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  late: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Operation {
  id: string;
  orderId: string;
  seq: number;
  name: string;
  workstationId: string;
  workstationCode: string;
  workstationName: string;
  quantity: number;
  setupMinutes: number;
  runMinutes: number;
  cleanupMinutes: number;
  startAt: string | null;
  endAt: string | null;
  status: OperationStatus;
}

export interface Material {
  itemId: string;
  itemCode: string;
  itemName: string;
  unit: string;
  requiredQuantity: number;
}

export interface ScheduleChange {
  id: string;
  changedAt: string;
  changedBy: string;
  undoneAt: string | null;
  canUndo: boolean;
}

export interface OrderDetail {
  order: Order;
  operations: Operation[];
  materials: Material[];
  changes: ScheduleChange[];
  allowedTransitions: OrderStatus[];
}

export interface OrderFilter {
  status: OrderStatus | '';
  q: string;
  late: boolean;
  page: number;
}

export const PAGE_SIZE = 50;

export interface NewOrderInput extends LabelFields {
  itemId: string;
  quantity: number;
  dueAt: string;
  lotNo?: string;
  routingId?: string;
  formulaId?: string;
}

/** Master data the order form chooses from (served by the master area). */
export interface ItemChoice {
  id: string;
  code: string;
  name: string;
  kind: 'raw' | 'intermediate' | 'product';
  unit: string;
  archived: boolean;
}
export interface RoutingChoice {
  id: string;
  itemId: string;
  code: string;
  name: string;
  isDefault: boolean;
}
export interface FormulaChoice {
  id: string;
  itemId: string;
  code: string;
  name: string;
  isDefault: boolean;
}
export interface WorkstationChoice {
  id: string;
  code: string;
  name: string;
  archived?: boolean;
}

export interface GanttWorkstation {
  id: string;
  code: string;
  name: string;
  nonWorking: { start: string; end: string }[];
}
export interface GanttOrder {
  id: string;
  orderNo: string;
  itemName: string;
  dueAt: string;
  status: OrderStatus;
  late: boolean;
}
export interface GanttOperation {
  id: string;
  orderId: string;
  orderNo: string;
  workstationId: string;
  seq: number;
  name: string;
  startAt: string;
  endAt: string;
  status: OperationStatus;
  late: boolean;
}
export interface GanttData {
  from: string;
  to: string;
  now: string;
  workstations: GanttWorkstation[];
  orders: GanttOrder[];
  operations: GanttOperation[];
}

export interface DispatchOperation extends Operation {
  orderNo: string;
  itemName: string;
  lotNo: string;
  dueAt: string;
  orderStatus: OrderStatus;
}
export interface DispatchData {
  workstation: WorkstationChoice;
  day: string;
  operations: DispatchOperation[];
}

export interface LoadData {
  weeks: string[];
  workstations: {
    id: string;
    code: string;
    name: string;
    weeks: { weekStart: string; bookedMinutes: number; availableMinutes: number; loadPct: number }[];
  }[];
}

export interface Conflict {
  operationId: string;
  orderId: string;
  orderNo: string;
  startAt: string;
  endAt: string;
}

/** A reschedule refused because the slot is taken; nothing was changed. */
export class ScheduleConflictError extends ApiError {
  constructor(
    message: string,
    readonly conflicts: Conflict[],
  ) {
    super(409, 'process.schedule_conflict', message);
  }
}

const BASE = '/api/process';
const ORDERS_KEY = ['process-orders'] as const;
const orderKey = (id: string) => ['process-order', id] as const;
const GANTT_KEY = ['process-gantt'] as const;

function orderQuery(filter: OrderFilter): string {
  const params = new URLSearchParams({ page: String(filter.page), pageSize: String(PAGE_SIZE) });
  if (filter.status) params.set('status', filter.status);
  if (filter.q.trim()) params.set('q', filter.q.trim());
  if (filter.late) params.set('late', 'true');
  return params.toString();
}

export function useOrders(filter: OrderFilter) {
  return useQuery({
    queryKey: [...ORDERS_KEY, filter],
    queryFn: () => api.get<{ orders: Order[]; total: number }>(`${BASE}/orders?${orderQuery(filter)}`),
    placeholderData: keepPreviousData,
  });
}

export function useOrder(id: string) {
  return useQuery({ queryKey: orderKey(id), queryFn: () => api.get<OrderDetail>(`${BASE}/orders/${id}`) });
}

export function useItemChoices() {
  return useQuery({
    queryKey: ['process-order-item-choices'],
    queryFn: async () => (await api.get<{ items: ItemChoice[] }>(`${BASE}/items?page=1&pageSize=500`)).items.filter((i) => !i.archived),
  });
}

export function useRoutingChoices(itemId: string | null) {
  return useQuery({
    queryKey: ['process-order-routing-choices', itemId],
    queryFn: async () => (await api.get<{ routings: RoutingChoice[] }>(`${BASE}/routings?itemId=${itemId ?? ''}&page=1&pageSize=200`)).routings,
    enabled: itemId !== null,
  });
}

export function useFormulaChoices(itemId: string | null) {
  return useQuery({
    queryKey: ['process-order-formula-choices', itemId],
    queryFn: async () => (await api.get<{ formulas: FormulaChoice[] }>(`${BASE}/formulas?itemId=${itemId ?? ''}&page=1&pageSize=200`)).formulas,
    enabled: itemId !== null,
  });
}

export function useWorkstationChoices() {
  return useQuery({
    queryKey: ['process-order-workstation-choices'],
    queryFn: async () =>
      (await api.get<{ workstations: WorkstationChoice[] }>(`${BASE}/workstations?page=1&pageSize=500`)).workstations.filter((w) => !w.archived),
  });
}

function invalidateAll(client: ReturnType<typeof useQueryClient>) {
  void client.invalidateQueries({ queryKey: ORDERS_KEY });
  void client.invalidateQueries({ queryKey: GANTT_KEY });
  void client.invalidateQueries({ queryKey: ['process-dispatch'] });
  void client.invalidateQueries({ queryKey: ['process-load'] });
}

export function useCreateOrder() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewOrderInput) => api.post<{ order: Order }>(`${BASE}/orders`, input),
    onSuccess: () => invalidateAll(client),
  });
}

/** Changes the labels of a draft or planned order at the version the screen read (409 when stale). */
export function useUpdateOrderLabels(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: LabelFields & { version: number }) => api.put<OrderDetail>(`${BASE}/orders/${id}`, input),
    onSuccess: (detail) => {
      client.setQueryData(orderKey(id), detail);
      invalidateAll(client);
    },
  });
}

/** Transitions, scheduling and undo of one order; each answer refreshes the detail. */
export function useOrderActions(id: string) {
  const client = useQueryClient();
  const refresh = () => {
    void client.invalidateQueries({ queryKey: orderKey(id) });
    invalidateAll(client);
  };
  const transition = useMutation({
    mutationFn: (to: OrderStatus) => api.post<{ order: Order }>(`${BASE}/orders/${id}/transitions`, { to }),
    onSuccess: refresh,
  });
  const schedule = useMutation({
    mutationFn: (direction: 'forward' | 'backward') => api.post<OrderDetail>(`${BASE}/orders/${id}/schedule`, { direction }),
    onSuccess: (detail) => {
      client.setQueryData(orderKey(id), detail);
      refresh();
    },
  });
  const undo = useMutation({
    mutationFn: (changeId: string) => api.post<{ detail: OrderDetail }>(`${BASE}/schedule-changes/${changeId}/undo`),
    onSuccess: refresh,
  });
  return { transition, schedule, undo };
}

export function useGantt(from: string, to: string) {
  return useQuery({
    queryKey: [...GANTT_KEY, from, to],
    queryFn: () => api.get<GanttData>(`${BASE}/gantt?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`),
    placeholderData: keepPreviousData,
  });
}

function readCookie(name: string): string | undefined {
  const prefix = `${name}=`;
  const entry = document.cookie.split('; ').find((part) => part.startsWith(prefix));
  return entry === undefined ? undefined : decodeURIComponent(entry.slice(prefix.length));
}

function conflictsOf(body: unknown): { message?: string; code?: string; conflicts: Conflict[] } {
  if (typeof body !== 'object' || body === null) return { conflicts: [] };
  const record = body as Record<string, unknown>;
  const inner = typeof record.error === 'object' && record.error !== null ? (record.error as Record<string, unknown>) : {};
  const pick = (key: string): unknown => record[key] ?? inner[key];
  const conflicts = pick('conflicts');
  const message = pick('message');
  const code = pick('code');
  return {
    message: typeof message === 'string' ? message : undefined,
    code: typeof code === 'string' ? code : undefined,
    conflicts: Array.isArray(conflicts) ? (conflicts as Conflict[]) : [],
  };
}

/**
 * Moves one operation. A 409 answer carries the conflicting operations, which the shared client
 * drops, so this call reads the body itself and throws a ScheduleConflictError with them.
 */
async function reschedule(input: { orderId: string; operationId: string; startAt: string; workstationId?: string }) {
  const path = `${BASE}/orders/${input.orderId}/reschedule`;
  const body = { operationId: input.operationId, startAt: input.startAt, ...(input.workstationId ? { workstationId: input.workstationId } : {}) };
  let token = readCookie('sotas_csrf');
  if (!token) token = (await api.get<{ token: string }>('/api/csrf')).token;
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Accept-Language': currentLanguage(), 'Content-Type': 'application/json', 'x-csrf-token': token },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network.unreachable', i18n.t('errors.network'));
  }
  const answer: unknown = await response.json().catch(() => undefined);
  if (response.status === 409) {
    const parsed = conflictsOf(answer);
    if (parsed.code === 'process.schedule_conflict' || parsed.conflicts.length > 0) {
      throw new ScheduleConflictError(parsed.message ?? i18n.t('processOrders.gantt.conflictTitle'), parsed.conflicts);
    }
  }
  if (!response.ok) {
    const parsed = conflictsOf(answer);
    throw new ApiError(response.status, parsed.code ?? `http.${response.status}`, parsed.message ?? i18n.t('errors.unexpected', { status: response.status }));
  }
  return answer as { detail: OrderDetail; changeId: string | null };
}

export function useReschedule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: reschedule,
    onSuccess: (_answer, input) => {
      void client.invalidateQueries({ queryKey: orderKey(input.orderId) });
      invalidateAll(client);
    },
  });
}

export function useUndoChange() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (changeId: string) => api.post<{ detail: OrderDetail }>(`${BASE}/schedule-changes/${changeId}/undo`),
    onSuccess: (answer) => {
      if (answer?.detail?.order) void client.invalidateQueries({ queryKey: orderKey(answer.detail.order.id) });
      invalidateAll(client);
    },
  });
}

export function useDispatch(workstationId: string | null, day: string) {
  return useQuery({
    queryKey: ['process-dispatch', workstationId, day],
    queryFn: () => api.get<DispatchData>(`${BASE}/dispatch?workstationId=${workstationId ?? ''}&day=${day}`),
    enabled: workstationId !== null && /^\d{4}-\d{2}-\d{2}$/.test(day),
  });
}

export function useLoad(from: string, weeks: number) {
  return useQuery({
    queryKey: ['process-load', from, weeks],
    queryFn: () => api.get<LoadData>(`${BASE}/load?from=${from}&weeks=${weeks}`),
    enabled: /^\d{4}-\d{2}-\d{2}$/.test(from),
    placeholderData: keepPreviousData,
  });
}
