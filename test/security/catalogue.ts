import { randomUUID } from 'node:crypto';
import type { App } from '../../src/app.js';
import type { Access } from '../../src/platform/http/index.js';
import type { Method } from './http.js';
import type { TenantKey, World } from './world.js';

/** A JSON schema as the OpenAPI description carries it (from the routes' zod schemas). */
export interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  pattern?: string;
  additionalProperties?: boolean | JsonSchema;
  $ref?: string;
}

export interface Parameter {
  name: string;
  schema: JsonSchema;
  required: boolean;
}

export interface AttackRoute {
  method: Method;
  /** As registered, e.g. `/api/process/items/:id`. */
  url: string;
  access: Access;
  kind: 'public' | 'user' | 'staff';
  /** The permission a user or staff route requires (`self` for any signed-in user). */
  permission: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** The JSON body schema, when the route takes JSON. */
  body: JsonSchema | undefined;
  /** A state-changing route without a JSON schema takes raw bytes (uploads and imports). */
  rawBody: boolean;
}

/** Routes of the loopback operations listener, which the public attacker cannot reach. */
export const OPS_LISTENER_ROUTES = new Set(['/health', '/ready', '/metrics']);

interface OpenApiOperation {
  parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

/**
 * Every route of the public listener with its declaration (from `app.routes`) and its
 * parameter and body schemas (from the served OpenAPI description). HEAD answers mirror GET.
 */
export function attackRoutes(app: App, openapi: { paths: Record<string, Record<string, OpenApiOperation>> }): AttackRoute[] {
  const routes: AttackRoute[] = [];
  for (const r of app.routes) {
    if (r.method === 'HEAD' || OPS_LISTENER_ROUTES.has(r.url)) continue;
    const declaration = r.declaration;
    if (!declaration) throw new Error(`undeclared route ${r.method} ${r.url}`);
    const access = declaration.access;
    const openapiPath = r.url === '/*' ? '/{*}' : r.url.replace(/:(\w+)/g, '{$1}');
    const op = openapi.paths[openapiPath]?.[r.method.toLowerCase()];
    if (!op) throw new Error(`route ${r.method} ${r.url} is missing from the OpenAPI description`);
    const params = op.parameters ?? [];
    const body = op.requestBody?.content['application/json']?.schema;
    const method = r.method as Method;
    routes.push({
      method,
      url: r.url,
      access,
      kind: 'public' in access ? 'public' : 'staff' in access ? 'staff' : 'user',
      permission: 'user' in access ? access.user : 'staff' in access ? access.staff : '',
      pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema, required: true })),
      queryParams: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema, required: p.required === true })),
      body,
      rawBody: method !== 'GET' && !body,
    });
  }
  return routes;
}

/** Tables behind `:id`, by the path before it. */
const ID_TABLES: Record<string, string> = {
  'process/items': 'process.items',
  'process/formulas': 'process.formulas',
  'process/workstations': 'process.workstations',
  'process/routings': 'process.routings',
  'process/orders': 'process.orders',
  'process/schedule-changes': 'process.schedule_changes',
  'process/work-records': 'process.work_records',
  'process/lots': 'process.lots',
  'process/emission-factors': 'process.emission_factors',
  'process/cfp/orders': 'process.orders',
  'catalog/products': 'catalog.products',
  'catalog/inquiries': 'catalog.inquiries',
  'survey/lists': 'survey.substance_lists',
  'survey/products': 'survey.products',
  'survey/check-results': 'survey.check_results',
  'survey/requests': 'survey.requests',
  'survey/responses': 'survey.responses',
};

/** Tables (and column) behind named id parameters of tenant routes. */
const NAMED_TABLES: Record<string, string> = {
  userId: 'platform.users.id',
  sessionId: 'platform.sessions.id',
  passkeyId: 'platform.passkeys.id',
  invitationId: 'platform.invitations.id',
  exportId: 'platform.data_exports.id',
  itemId: 'process.items.id',
  documentId: 'catalog.product_documents.id',
  versionId: 'survey.list_versions.id',
  linkId: 'survey.upload_links.id',
  productId: 'catalog.products.id',
};

/** Where a uuid parameter of a tenant route points: `table.column`, or 'tenant' for the tenant's own id. */
export function idSource(route: AttackRoute, name: string): string | undefined {
  if (name === 'id') {
    const prefix = route.url.slice(0, route.url.indexOf('/:id')).replace(/^\/api\//, '');
    const table = ID_TABLES[prefix];
    return table ? `${table}.id` : undefined;
  }
  if (name === 'tenantId') return 'tenant';
  if (name === 'fileId') {
    if (route.url.startsWith('/api/catalog/inquiries')) return 'catalog.inquiry_files.file_id';
    if (route.url.startsWith('/api/survey/responses')) return 'survey.response_files.file_id';
    return 'platform.files.id';
  }
  return NAMED_TABLES[name];
}

/** Body and query fields that carry ids, by name, and the table they point into. */
const FIELD_TABLES: Record<string, string> = {
  itemId: 'process.items.id',
  componentItemId: 'process.items.id',
  routingId: 'process.routings.id',
  formulaId: 'process.formulas.id',
  workstationId: 'process.workstations.id',
  orderId: 'process.orders.id',
  orderIds: 'process.orders.id',
  operationId: 'process.operations.id',
  lotId: 'process.lots.id',
  listId: 'survey.substance_lists.id',
  listVersionIds: 'survey.list_versions.id',
  responseId: 'survey.responses.id',
  userId: 'platform.users.id',
  fileId: 'platform.files.id',
  fileIds: 'platform.files.id',
  attachmentFileIds: 'platform.files.id',
};

/** Looks up and caches one id of a tenant's rows. */
export class IdBook {
  private cache = new Map<string, string | undefined>();
  constructor(private readonly world: World) {}

  async of(tenant: TenantKey, source: string): Promise<string | undefined> {
    const t = this.world.tenants[tenant];
    if (source === 'tenant') return t.tenant.id;
    const key = `${tenant}:${source}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const dot = source.lastIndexOf('.');
    const table = source.slice(0, dot);
    const column = source.slice(dot + 1);
    const value = await this.world.tdb.db.ownerTransaction(async (tx) => {
      // Files with contents in the store first (downloads of seeded metadata-only rows have nothing to send).
      const order = table === 'platform.files' ? 'created_at DESC' : column;
      const { rows } = await tx.query<{ v: string }>(`SELECT ${column}::text AS v FROM ${table} WHERE tenant_id = $1 ORDER BY ${order} LIMIT 1`, [t.tenant.id]);
      return rows[0]?.v;
    });
    this.cache.set(key, value);
    return value;
  }

  /** An id of the tenant for a body or query field, by its name; the tenant's id when the name says nothing. */
  async forField(tenant: TenantKey, field: string, route: AttackRoute): Promise<string> {
    let source = FIELD_TABLES[field];
    if (field === 'productId' || field === 'productIds') source = route.url.startsWith('/api/survey') ? 'survey.products.id' : 'catalog.products.id';
    return (source ? await this.of(tenant, source) : undefined) ?? this.world.tenants[tenant].tenant.id;
  }
}

/** A value for a non-id path parameter: its first enum value, or a plausible text. */
export function plainParam(p: Parameter): string {
  const s = first(p.schema);
  if (s.enum?.length) return String(s.enum[0]);
  if (p.name === 'casNumber') return '9003-07-0';
  if (p.name === 'token') return 'Zq'.repeat(22);
  if (p.name === '*') return 'index.html';
  return 'zq';
}

/** The first concrete branch of a schema (anyOf/oneOf with null: the non-null one). */
export function first(schema: JsonSchema): JsonSchema {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches?.length) return first(branches.find((b) => b.type !== 'null') ?? branches[0]!);
  if (schema.allOf?.length) return first(schema.allOf[0]!);
  return schema;
}

export function isUuidSchema(schema: JsonSchema): boolean {
  const s = first(schema);
  return s.format === 'uuid' || (s.type === 'array' && !!s.items && isUuidSchema(s.items));
}

/**
 * The URL of a route with its path parameters filled: ids from `tenant` (or per-parameter
 * overrides), other parameters with valid values. Undefined when an id has no row to point to.
 */
export async function fillPath(route: AttackRoute, ids: IdBook, tenant: TenantKey, overrides: Record<string, string> = {}, world?: World): Promise<string | undefined> {
  let url = route.url;
  for (const p of route.pathParams) {
    let value = overrides[p.name];
    if (value === undefined) {
      if (isUuidSchema(p.schema)) {
        if (route.kind === 'staff') value = p.name === 'tenantId' && world ? world.tenants.C.tenant.id : randomUUID();
        else {
          const source = idSource(route, p.name);
          value = source ? await ids.of(tenant, source) : undefined;
          if (value === undefined) return undefined;
        }
      } else value = plainParam(p);
    }
    url = p.name === '*' ? url.replace('*', value) : url.replace(`:${p.name}`, encodeURIComponent(value));
  }
  return url;
}

/** The uuid path parameters of a tenant route. */
export function idParams(route: AttackRoute): Parameter[] {
  return route.pathParams.filter((p) => isUuidSchema(p.schema));
}

/** Values of text fields whose rules the JSON schema does not carry (refinements in zod). */
const STRING_HINTS: Record<string, string> = { role: 'member', category: 'PP', cas: '7439-92-1', casNumber: '7439-92-1', language: 'ja' };

/**
 * A body that passes the route's schema as far as the JSON schema tells: required fields, and
 * optional fields that carry ids, with ids taken from `tenant`.
 */
export async function exampleBody(schema: JsonSchema, ids: IdBook, tenant: TenantKey, route: AttackRoute, field = '', depth = 0): Promise<unknown> {
  const s = first(schema);
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (s.format === 'uuid') return ids.forField(tenant, field, route);
  switch (type) {
    case 'string': {
      if (s.format === 'email') return `zq-${tenant.toLowerCase()}@example.com`;
      if (s.format === 'date') return '2026-06-01';
      if (s.format === 'date-time') return '2026-06-01T00:00:00Z';
      const hint = STRING_HINTS[field];
      if (hint) return hint;
      const min = s.minLength ?? 1;
      const text = 'ZQ1'.padEnd(Math.max(min, 3), '1');
      return text.slice(0, s.maxLength ?? text.length);
    }
    case 'integer':
    case 'number': {
      const low = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
      return Math.min(low, s.maximum ?? low, s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : low);
    }
    case 'boolean':
      return false;
    case 'null':
      return null;
    case 'array': {
      if (depth > 4) return [];
      if (s.prefixItems) return Promise.all(s.prefixItems.map((p) => exampleBody(p, ids, tenant, route, field, depth + 1)));
      const n = Math.max(s.minItems ?? 0, isUuidSchema(s) ? 1 : 0);
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) out.push(await exampleBody(s.items ?? {}, ids, tenant, route, field, depth + 1));
      return out;
    }
    case 'object': {
      if (depth > 4) return {};
      const out: Record<string, unknown> = {};
      const required = new Set(s.required ?? []);
      for (const [name, prop] of Object.entries(s.properties ?? {})) {
        if (required.has(name) || isUuidSchema(prop)) out[name] = await exampleBody(prop, ids, tenant, route, name, depth + 1);
      }
      return out;
    }
    default:
      return s.properties ? exampleBody({ ...s, type: 'object' }, ids, tenant, route, field, depth) : null;
  }
}

/** Whether a schema (at any depth) has a field that carries an id. */
export function carriesIds(schema: JsonSchema | undefined, depth = 0): boolean {
  if (!schema || depth > 5) return false;
  const s = first(schema);
  if (isUuidSchema(s)) return true;
  if (s.properties) return Object.values(s.properties).some((p) => carriesIds(p, depth + 1));
  if (s.items) return carriesIds(s.items, depth + 1);
  return false;
}
