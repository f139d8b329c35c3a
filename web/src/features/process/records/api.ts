import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api';

const BASE = '/api/process';

/** Energy types the records and factors know, in display order, with their units. */
export const ENERGY_TYPES = ['electricity', 'city_gas', 'lpg', 'heavy_oil_a', 'steam'] as const;
export type EnergyType = (typeof ENERGY_TYPES)[number];
export const ENERGY_UNITS: Record<EnergyType, string> = { electricity: 'kWh', city_gas: 'm3', lpg: 'kg', heavy_oil_a: 'L', steam: 'GJ' };
export function isEnergyType(value: string): value is EnergyType {
  return (ENERGY_TYPES as readonly string[]).includes(value);
}

/** Energy used by type, e.g. `{ electricity: 120.5 }`. */
export type EnergyMap = Partial<Record<string, number>>;

export type Classification = 'general' | 'internal' | 'confidential';

export interface LabelFields {
  remarks: string;
  labels: string[];
  classification: Classification;
  namedUsers: string[];
}

export interface Workstation {
  id: string;
  code: string;
  name: string;
  archived: boolean;
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
  status: 'pending' | 'in_progress' | 'done';
}

export interface ConsumedLot {
  lotId: string;
  lotNo: string;
  itemCode: string;
  quantity: number;
}

export interface WorkRecord extends LabelFields {
  id: string;
  operationId: string;
  orderId: string;
  orderNo: string;
  operationName: string;
  operationSeq: number;
  startedAt: string;
  finishedAt: string | null;
  goodQuantity: number;
  scrapQuantity: number;
  lossReason: string;
  operatorId: string | null;
  operatorName: string;
  energy: EnergyMap;
  consumedLots: ConsumedLot[];
  producedLotId: string | null;
  producedLotNo: string | null;
  version: number;
}

export interface QueueOperation extends Operation {
  orderNo: string;
  itemName: string;
  lotNo: string;
  records: WorkRecord[];
}

/** What a new or changed work record carries. */
export interface WorkRecordInput {
  operationId: string;
  startedAt: string;
  finishedAt?: string | null;
  goodQuantity: number;
  scrapQuantity: number;
  lossReason?: string;
  energy: EnergyMap;
  consumedLots: { lotId: string; quantity: number }[];
  producedLotNo?: string;
  remarks?: string;
}

export interface Lot {
  id: string;
  itemId: string;
  itemCode: string;
  itemName: string;
  unit?: string;
  lotNo: string;
  origin: 'purchased' | 'produced';
  quantity: number;
  orderId?: string | null;
  orderNo?: string | null;
  createdAt: string;
}

export interface GenealogyNode {
  lot: Lot;
  depth: number;
  via: { workRecordId: string; orderNo: string } | null;
}

export interface Genealogy {
  lot: Lot;
  nodes: GenealogyNode[];
}

export interface Factor {
  id: string;
  kind: 'energy' | 'material';
  energyType: string | null;
  itemId: string | null;
  itemCode: string | null;
  itemName: string | null;
  name: string;
  unit: string;
  kgCo2ePerUnit: number;
  source: string;
  year: number;
  version: number;
}

/** A new factor names its kind and subject; energy factors take the energy type's unit. */
export interface NewFactorInput {
  kind: 'energy' | 'material';
  energyType?: string;
  itemId?: string;
  name: string;
  unit?: string;
  kgCo2ePerUnit: number;
  source: string;
  year: number;
}

/** A change keeps the kind and subject. */
export interface FactorChange {
  version: number;
  name: string;
  unit?: string;
  kgCo2ePerUnit: number;
  source: string;
  year: number;
}

export interface FootprintMaterial {
  itemId: string;
  itemCode: string;
  itemName: string;
  quantity: number;
  unit: string;
  factor: number | null;
  /** null when the material has no factor. */
  kg: number | null;
}

export interface FootprintStep {
  seq: number;
  name: string;
  workstationName: string;
  energy: EnergyMap;
  kg: number;
}

export interface Footprint {
  totalKg: number;
  perUnitKg: number;
  materialsKg: number;
  energyKg: number;
  materials: FootprintMaterial[];
  steps: FootprintStep[];
}

export interface ItemRef {
  id: string;
  code: string;
  name: string;
  unit: string;
  kind?: 'raw' | 'intermediate' | 'product';
}

export interface OrderCfp {
  orderId: string;
  orderNo: string;
  status: string;
  completedAt: string | null;
  item: ItemRef;
  quantity: number;
  unit: string;
  planned: Footprint;
  actual: Footprint | null;
  missingFactors: string[];
}

export interface ProductCfp {
  item: ItemRef;
  declaredUnit: string;
  /** The period used (JST days), the last twelve months unless asked otherwise. */
  from: string;
  to: string;
  orders: { orderId: string; orderNo: string; completedAt: string; quantity: number; basis: 'actual' | 'planned'; totalKg: number; perUnitKg: number }[];
  trend: { month: string; perUnitKg: number }[];
  perUnitKg: number | null;
  missingFactors: string[];
}

export interface OrderSummary {
  id: string;
  orderNo: string;
  itemId: string;
  itemCode: string;
  itemName: string;
  unit: string;
  quantity: number;
  dueAt: string;
  lotNo: string;
  status: string;
}

export interface OrderDetail {
  order: OrderSummary;
  operations: Operation[];
}

const qs = (params: Record<string, string | number | boolean | undefined>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
};

const KEYS = {
  queue: (workstationId: string) => ['process-records', 'queue', workstationId] as const,
  records: (orderId: string) => ['process-records', 'records', orderId] as const,
  lots: ['process-records', 'lots'] as const,
  factors: ['process-records', 'factors'] as const,
};
const ALL = ['process-records'] as const;

export function useWorkstations() {
  return useQuery({
    queryKey: ['process-records', 'workstations'],
    queryFn: async () => (await api.get<{ workstations: Workstation[] }>(`${BASE}/workstations${qs({ pageSize: 200 })}`)).workstations.filter((w) => !w.archived),
  });
}

export function useWorkQueue(workstationId: string | null) {
  return useQuery({
    queryKey: KEYS.queue(workstationId ?? ''),
    queryFn: async () => (await api.get<{ operations: QueueOperation[] }>(`${BASE}/work-queue${qs({ workstationId: workstationId ?? undefined })}`)).operations,
    enabled: workstationId !== null,
  });
}

export function useOrderRecords(orderId: string) {
  return useQuery({
    queryKey: KEYS.records(orderId),
    queryFn: () => api.get<{ records: WorkRecord[]; total: number }>(`${BASE}/work-records${qs({ orderId, pageSize: 200 })}`),
  });
}

export function useOrder(orderId: string) {
  return useQuery({ queryKey: ['process-records', 'order', orderId], queryFn: () => api.get<OrderDetail>(`${BASE}/orders/${orderId}`) });
}

export function useOrders(q: string) {
  return useQuery({
    queryKey: ['process-records', 'orders', q],
    queryFn: () => api.get<{ orders: OrderSummary[]; total: number }>(`${BASE}/orders${qs({ q, pageSize: 50 })}`),
    placeholderData: (previous) => previous,
  });
}

export function useItems(kind?: 'raw' | 'intermediate' | 'product') {
  return useQuery({
    queryKey: ['process-records', 'items', kind ?? ''],
    queryFn: async () => (await api.get<{ items: ItemRef[] }>(`${BASE}/items${qs({ kind, pageSize: 200 })}`)).items,
  });
}

/** Starts a record now, or saves a finished record. */
export function useCreateRecord() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: WorkRecordInput) => api.post<{ record: WorkRecord }>(`${BASE}/work-records`, input),
    onSuccess: () => void client.invalidateQueries({ queryKey: ALL }),
  });
}

export function useUpdateRecord() {
  const client = useQueryClient();
  return useMutation({
    // The record's operation cannot change: the update carries everything but the operation.
    mutationFn: ({ id, operationId: _operationId, ...input }: WorkRecordInput & { id: string; version: number }) =>
      api.put<{ record: WorkRecord }>(`${BASE}/work-records/${id}`, input),
    onSuccess: () => void client.invalidateQueries({ queryKey: ALL }),
  });
}

export function useLots(filter: { q: string; itemId?: string }) {
  return useQuery({
    queryKey: [...KEYS.lots, filter],
    queryFn: () => api.get<{ lots: Lot[]; total: number }>(`${BASE}/lots${qs({ q: filter.q, itemId: filter.itemId, pageSize: 100 })}`),
    placeholderData: (previous) => previous,
  });
}

export function useCreateLot() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { itemId: string; lotNo: string; quantity: number }) => api.post<{ lot: Lot }>(`${BASE}/lots`, input),
    onSuccess: () => void client.invalidateQueries({ queryKey: KEYS.lots }),
  });
}

export type GenealogyDirection = 'backward' | 'forward';

export function useGenealogy(lotId: string, direction: GenealogyDirection) {
  return useQuery({
    queryKey: ['process-records', 'genealogy', lotId, direction],
    queryFn: () => api.get<Genealogy>(`${BASE}/lots/${lotId}/genealogy${qs({ direction })}`),
  });
}

export function useFactors() {
  return useQuery({ queryKey: KEYS.factors, queryFn: async () => (await api.get<{ factors: Factor[] }>(`${BASE}/emission-factors`)).factors });
}

export function useSaveFactor() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (save: { id: null; input: NewFactorInput } | { id: string; input: FactorChange }) =>
      save.id === null ? api.post<{ factor: Factor }>(`${BASE}/emission-factors`, save.input) : api.put<{ factor: Factor }>(`${BASE}/emission-factors/${save.id}`, save.input),
    onSuccess: () => void client.invalidateQueries({ queryKey: ALL }),
  });
}

export function useDeleteFactor() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<unknown>(`${BASE}/emission-factors/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ALL }),
  });
}

export function useOrderCfp(orderId: string) {
  return useQuery({ queryKey: ['process-records', 'cfp-order', orderId], queryFn: () => api.get<OrderCfp>(`${BASE}/cfp/orders/${orderId}`) });
}

export function useProductCfp(itemId: string, range: { from?: string; to?: string }) {
  return useQuery({
    queryKey: ['process-records', 'cfp-product', itemId, range],
    queryFn: () => api.get<ProductCfp>(`${BASE}/cfp/products/${itemId}${qs(range)}`),
  });
}

/** A missing factor as the CFP names it: `energy:electricity` or `material:<item code>`. */
export function parseMissingFactor(text: string): { kind: 'energy' | 'material' | 'other'; subject: string } {
  const [kind, ...rest] = text.split(':');
  const subject = rest.join(':');
  return kind === 'energy' || kind === 'material' ? { kind, subject } : { kind: 'other', subject: text };
}

/** Address of the PACT v3 ProductFootprint download of a product. */
export function pactUrl(itemId: string, range: { from?: string; to?: string }): string {
  return `${BASE}/cfp/products/${itemId}/pact${qs(range)}`;
}
