/**
 * The mixed workload: what each kind of request does, with which body, and which answer counts
 * as success. Every simulated user is admin of the three services of its tenant and only
 * updates rows it created itself, one request at a time per row, so a version conflict (409)
 * is a real failure, not a race of the load script.
 */
import type { Reply } from './client.js';
import { UserClient } from './client.js';
import type { SeededUser } from './server.js';

export type Service = 'process' | 'catalog' | 'survey';

interface Row {
  id: string;
  version: number;
  busy: boolean;
  n: number;
}

/** One simulated user: its client, its rows per service, and the tenant's rows it may read. */
export class VirtualUser {
  readonly own: Record<Service, Row[]> = { process: [], catalog: [], survey: [] };
  private counter = 0;

  constructor(
    readonly index: number,
    readonly user: SeededUser,
    readonly client: UserClient,
    readonly tenant: TenantRows,
  ) {}

  next(): number {
    return ++this.counter;
  }
}

/** The ids of a tenant's rows per service (what detail reads pick from). */
export class TenantRows {
  readonly ids: Record<Service, string[]> = { process: [], catalog: [], survey: [] };
  constructor(readonly code: string) {}
}

/** The outcome of one operation as the recorder takes it. */
export interface Outcome {
  reply: Reply;
  ok: boolean;
  /** True when the answer is the 4xx the operation sends on purpose. */
  expected4xx?: boolean;
  route: string;
}

export type Operation = (vu: VirtualUser, pick: () => number) => Promise<Outcome>;

const okIf = (reply: Reply, route: string, ...statuses: number[]): Outcome => ({ reply, route, ok: statuses.includes(reply.status) });

function pickFrom<T>(list: readonly T[], pick: () => number): T | undefined {
  return list.length ? list[Math.floor(pick() * list.length)] : undefined;
}

// Bodies -------------------------------------------------------------------------------------

const processItem = (vu: VirtualUser, n: number) => ({
  code: `LD-${vu.index}-${n}`,
  name: `負荷試験 品目 ${vu.index}-${n}`,
  kind: (['raw', 'intermediate', 'product'] as const)[n % 3],
  unit: 'kg',
});

const catalogProduct = (vu: VirtualUser, n: number, version?: number) => ({
  name: `負荷試験 樹脂 ${vu.index}-${n}${version ? ` 改${version}` : ''}`,
  grade: `LD-${n}`,
  category: 'PP',
  form: 'pellet',
  description: 'ホモポリマー。射出成形向けの汎用グレード。',
  applications: ['自動車部品', '家電'],
  components: [{ casNumber: '9003-07-0', name: 'ポリプロピレン', minPct: 95, maxPct: 100 }],
  properties: [{ key: 'density', name: '密度', valueMin: 0.9, unit: 'g/cm3', testMethod: 'ISO 1183' }],
  ...(version ? { version } : {}),
});

const surveyProduct = (vu: VirtualUser, n: number, version?: number) => ({
  productNumber: `LD-${vu.index}-${n}`,
  name: `負荷試験 部品 ${vu.index}-${n}${version ? ` 改${version}` : ''}`,
  massG: 62,
  composition: {
    parts: [
      {
        name: '筐体',
        numberOfUnits: 1,
        isArticle: true,
        massG: 60,
        parts: [],
        materials: [
          {
            name: 'ABS樹脂',
            massG: 60,
            substances: [
              { name: 'アクリロニトリル・ブタジエン・スチレン共重合体', cas: '9003-56-9', massPercent: 99.5 },
              { name: '鉛', cas: '7439-92-1', massPercent: 0.05 },
            ],
          },
        ],
      },
    ],
  },
  ...(version ? { version } : {}),
});

const PATHS: Record<Service, string> = { process: '/api/process/items', catalog: '/api/catalog/products', survey: '/api/survey/products' };

/** The version in a create or update answer: { item } for process, { product } for the others. */
function versionOf(body: unknown): { id: string; version: number } | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const inner = (body as { item?: unknown; product?: unknown }).item ?? (body as { product?: unknown }).product;
  if (!inner || typeof inner !== 'object') return undefined;
  const { id, version } = inner as { id?: unknown; version?: unknown };
  return typeof id === 'string' && typeof version === 'number' ? { id, version } : undefined;
}

/** Creates one row of the service as the user; remembers it for updates and the tenant's reads. */
export async function create(vu: VirtualUser, service: Service): Promise<Outcome> {
  await vu.client.ensureCsrf();
  const n = vu.next();
  const body = service === 'process' ? processItem(vu, n) : service === 'catalog' ? catalogProduct(vu, n) : surveyProduct(vu, n);
  const reply = await vu.client.request('POST', PATHS[service], body);
  const outcome = okIf(reply, `POST ${PATHS[service]}`, 201);
  const row = outcome.ok ? versionOf(reply.body) : undefined;
  if (outcome.ok && !row) return { ...outcome, ok: false };
  if (row) {
    vu.own[service].push({ id: row.id, version: row.version, busy: false, n });
    vu.tenant.ids[service].push(row.id);
  }
  return outcome;
}

/** Updates one of the user's own rows not being updated right now (creates one when all are). */
export async function update(vu: VirtualUser, service: Service, pick: () => number): Promise<Outcome> {
  const free = vu.own[service].filter((r) => !r.busy);
  const row = pickFrom(free, pick);
  if (!row) return create(vu, service);
  row.busy = true;
  try {
    await vu.client.ensureCsrf();
    const url = `${PATHS[service]}/${row.id}`;
    const body =
      service === 'process'
        ? { name: `負荷試験 品目 ${vu.index}-${row.n} 改${row.version}`, version: row.version }
        : service === 'catalog'
          ? catalogProduct(vu, row.n, row.version)
          : surveyProduct(vu, row.n, row.version);
    const reply = await vu.client.request('PUT', url, body);
    const outcome = okIf(reply, `PUT ${PATHS[service]}/:id`, 200);
    const next = outcome.ok ? versionOf(reply.body) : undefined;
    if (next) row.version = next.version;
    else if (outcome.ok) return { ...outcome, ok: false };
    return outcome;
  } finally {
    row.busy = false;
  }
}

/** GET of a list or a detail of the tenant's rows. */
export async function read(vu: VirtualUser, route: string, pick: () => number): Promise<Outcome> {
  const service = route.split('/')[2] as Service;
  if (route.endsWith('/:id')) {
    const id = pickFrom(vu.tenant.ids[service], pick);
    if (!id) return okIf(await vu.client.request('GET', route.replace('/:id', '')), `GET ${route.replace('/:id', '')}`, 200);
    return okIf(await vu.client.request('GET', route.replace(':id', id)), `GET ${route}`, 200);
  }
  return okIf(await vu.client.request('GET', route), `GET ${route.split('?')[0]}`, 200);
}

/** A create with an empty code and an unknown kind: the answer must be 400 validation.failed. */
export async function badInput(vu: VirtualUser): Promise<Outcome> {
  await vu.client.ensureCsrf();
  const reply = await vu.client.request('POST', PATHS.process, { code: '', name: '不正な品目', kind: 'gas', unit: 'kg' });
  const ok = reply.status === 400 && reply.code === 'validation.failed';
  return { reply, ok, expected4xx: ok, route: `POST ${PATHS.process} (bad input)` };
}

/** The weighted mix of the steady requests (sign-ins and exports are scheduled on their own). */
export const MIX: readonly { kind: string; weight: number; run: Operation }[] = [
  { kind: 'session', weight: 5, run: (vu) => read(vu, '/api/session', () => 0) },
  { kind: 'process.items.list', weight: 10, run: (vu, pick) => read(vu, '/api/process/items?pageSize=50', pick) },
  { kind: 'process.items.get', weight: 10, run: (vu, pick) => read(vu, '/api/process/items/:id', pick) },
  { kind: 'process.items.create', weight: 4, run: (vu) => create(vu, 'process') },
  { kind: 'process.items.update', weight: 4, run: (vu, pick) => update(vu, 'process', pick) },
  { kind: 'catalog.products.list', weight: 8, run: (vu, pick) => read(vu, '/api/catalog/products', pick) },
  { kind: 'catalog.products.get', weight: 8, run: (vu, pick) => read(vu, '/api/catalog/products/:id', pick) },
  { kind: 'catalog.search', weight: 6, run: (vu, pick) => read(vu, `/api/catalog/search?q=${encodeURIComponent(['樹脂', 'PP', '自動車'][Math.floor(pick() * 3)]!)}`, pick) },
  { kind: 'catalog.products.create', weight: 3, run: (vu) => create(vu, 'catalog') },
  { kind: 'catalog.products.update', weight: 3, run: (vu, pick) => update(vu, 'catalog', pick) },
  { kind: 'survey.products.list', weight: 8, run: (vu, pick) => read(vu, '/api/survey/products', pick) },
  { kind: 'survey.products.get', weight: 8, run: (vu, pick) => read(vu, '/api/survey/products/:id', pick) },
  { kind: 'survey.dashboard', weight: 4, run: (vu, pick) => read(vu, '/api/survey/dashboard', pick) },
  { kind: 'survey.products.create', weight: 3, run: (vu) => create(vu, 'survey') },
  { kind: 'survey.products.update', weight: 3, run: (vu, pick) => update(vu, 'survey', pick) },
  { kind: 'exports.list', weight: 1, run: (vu, pick) => read(vu, '/api/exports', pick) },
  { kind: 'bad-input (400 expected)', weight: 1, run: (vu) => badInput(vu) },
];

/** Sign-in with the password from a fresh browser, then the session read and sign-out. */
export async function signInCycle(base: string, user: SeededUser, address: string, timeoutMs: number, record: (kind: string, started: number, outcome: Outcome) => void, scheduled: number): Promise<void> {
  const client = new UserClient(base, address, timeoutMs);
  const csrf = await client.request('GET', '/api/csrf');
  record('auth.csrf', scheduled, okIf(csrf, 'GET /api/csrf', 200));
  const start = performance.now();
  const login = await client.request('POST', '/api/auth/login', { companyCode: user.tenantCode, email: user.email, password: user.password });
  const signedIn = login.status === 200 && !!login.body && typeof login.body === 'object' && !('secondFactor' in login.body);
  record('auth.login', start, { ...okIf(login, 'POST /api/auth/login', 200), ok: signedIn });
  if (!signedIn) return;
  const s = performance.now();
  record('auth.session', s, okIf(await client.request('GET', '/api/session'), 'GET /api/session', 200));
  const o = performance.now();
  record('auth.logout', o, okIf(await client.request('POST', '/api/auth/logout'), 'POST /api/auth/logout', 204));
}

/** Signs the user in on its long-lived client (the session the steady requests use). */
export async function signIn(vu: VirtualUser): Promise<void> {
  await vu.client.ensureCsrf();
  const reply = await vu.client.request('POST', '/api/auth/login', { companyCode: vu.user.tenantCode, email: vu.user.email, password: vu.user.password });
  if (reply.status !== 200 || (reply.body && typeof reply.body === 'object' && 'secondFactor' in reply.body)) {
    throw new Error(`sign-in of ${vu.user.email} failed: ${reply.status} ${reply.code ?? ''} ${reply.message ?? ''}`);
  }
}
