import type { Clock } from '../../core/clock.js';
import { withoutTenant, withTenant, type Database, type Tx } from '../../core/db/index.js';
import { recordOperatorEvent, type AuditActor, type AuditOrigin } from '../audit/index.js';
import type { KeyProvider, RotatableKeyProvider } from './keyProvider.js';
import { isKekWrapped } from './tenantKeyStore.js';
import { wrapContext } from './tenantKeys.js';

/**
 * Something that keeps values wrapped by the master key: the tenants' key-encryption keys
 * (the tenant key store), data keys not yet moved under a tenant KEK, the staff TOTP secrets,
 * and any module that wraps its own key (pass it to `rotateMasterKey`).
 */
export interface WrappedKeyHolder {
  /** Short name for reports and the operator log, e.g. `tenant_data_keys`. */
  readonly name: string;
  /** How many values it holds under each master key version. */
  census(provider: RotatableKeyProvider): Promise<Map<number, number>>;
  /** Re-wraps every value not under the current version (same context); returns how many. */
  rewrap(provider: RotatableKeyProvider): Promise<number>;
}

async function rewrapValue(provider: RotatableKeyProvider, wrapped: string, context: string): Promise<string> {
  return provider.wrap(await provider.unwrap(wrapped, context), context);
}

function count(map: Map<number, number>, version: number): void {
  map.set(version, (map.get(version) ?? 0) + 1);
}

async function tenantIds(db: Database): Promise<string[]> {
  return withoutTenant(db, async (tx) => (await tx.query<{ id: string }>('SELECT id FROM ops.tenants ORDER BY id')).rows.map((r) => r.id));
}

/**
 * The tenants' data keys (platform.tenant_keys) still wrapped by the master key — those made
 * before tenant KEKs, until the start-up upgrade moves them — one tenant transaction at a
 * time. Data keys under a tenant KEK are not master-wrapped and are not counted here.
 */
export function tenantDataKeysHolder(db: Database): WrappedKeyHolder {
  const rowsOf = async (tx: Tx, lock = '') => {
    const result = await tx.query<{ version: number; wrapped_key: string }>(`SELECT version, wrapped_key FROM platform.tenant_keys ORDER BY version ${lock}`);
    return { rows: result.rows.filter((row) => !isKekWrapped(row.wrapped_key)) };
  };
  return {
    name: 'tenant_data_keys',
    async census(provider) {
      const versions = new Map<number, number>();
      for (const id of await tenantIds(db)) {
        const { rows } = await withTenant(db, id, (tx) => rowsOf(tx));
        for (const row of rows) count(versions, provider.versionOf(row.wrapped_key));
      }
      return versions;
    },
    async rewrap(provider) {
      let done = 0;
      for (const id of await tenantIds(db)) {
        done += await withTenant(db, id, async (tx) => {
          let n = 0;
          for (const row of (await rowsOf(tx, 'FOR UPDATE')).rows) {
            if (provider.versionOf(row.wrapped_key) === provider.currentVersion()) continue;
            const rewrapped = await rewrapValue(provider, row.wrapped_key, wrapContext(id, row.version));
            await tx.query('UPDATE platform.tenant_keys SET wrapped_key = $3 WHERE tenant_id = $1 AND version = $2', [id, row.version, rewrapped]);
            n++;
          }
          return n;
        });
      }
      return done;
    },
  };
}

/**
 * Staff TOTP secrets, sealed directly under the master key (staff belong to no tenant). The
 * contexts are the ones src/platform/staff/login.ts seals them with.
 */
export function staffTotpSecretsHolder(db: Database): WrappedKeyHolder {
  const sources = [
    { sql: 'SELECT staff_id::text AS id, secret_ciphertext AS wrapped FROM ops.staff_totp FOR UPDATE', update: 'UPDATE ops.staff_totp SET secret_ciphertext = $2 WHERE staff_id = $1', context: (id: string) => `staff-totp:${id}` },
    {
      sql: 'SELECT id::text AS id, pending_secret AS wrapped FROM ops.staff_login_challenges WHERE pending_secret IS NOT NULL FOR UPDATE',
      update: 'UPDATE ops.staff_login_challenges SET pending_secret = $2 WHERE id = $1',
      context: (id: string) => `staff-totp-pending:${id}`,
    },
  ];
  return {
    name: 'staff_totp_secrets',
    async census(provider) {
      const versions = new Map<number, number>();
      await withoutTenant(db, async (tx) => {
        for (const source of sources) {
          for (const row of (await tx.query<{ id: string; wrapped: string }>(source.sql.replace(/ FOR UPDATE$/, ''))).rows) count(versions, provider.versionOf(row.wrapped));
        }
      });
      return versions;
    },
    async rewrap(provider) {
      return withoutTenant(db, async (tx) => {
        let n = 0;
        for (const source of sources) {
          for (const row of (await tx.query<{ id: string; wrapped: string }>(source.sql)).rows) {
            if (provider.versionOf(row.wrapped) === provider.currentVersion()) continue;
            await tx.query(source.update, [row.id, await rewrapValue(provider, row.wrapped, source.context(row.id))]);
            n++;
          }
        }
        return n;
      });
    },
  };
}

/**
 * Every holder of master-wrapped values the platform itself has — with `provider`, its tenant
 * key store's KEK files too — plus the given ones.
 */
export function wrappedKeyHolders(db: Database, extra: readonly WrappedKeyHolder[] = [], provider?: KeyProvider): WrappedKeyHolder[] {
  const keks = provider?.tenantKeys?.masterWrapped;
  return [...(keks ? [keks] : []), tenantDataKeysHolder(db), staffTotpSecretsHolder(db), ...extra];
}

/** Values per holder and master key version, e.g. `{ tenant_data_keys: { 1: 12 } }`. */
export async function masterKeyCensus(provider: RotatableKeyProvider, holders: readonly WrappedKeyHolder[]): Promise<Record<string, Record<number, number>>> {
  const result: Record<string, Record<number, number>> = {};
  for (const holder of holders) result[holder.name] = Object.fromEntries(await holder.census(provider));
  return result;
}

export interface RotationResult {
  fromVersion: number;
  toVersion: number;
  /** Values re-wrapped, per holder. */
  rewrapped: Record<string, number>;
  /** Master key versions deleted from the key ring. */
  retiredVersions: number[];
}

export interface RotationDeps {
  db: Database;
  provider: RotatableKeyProvider;
  clock: Clock;
  /** Holders beyond the platform's own (e.g. a module that wraps its own key). */
  holders?: readonly WrappedKeyHolder[];
}

/** A value written under an older version by a server while the rotation ran gets this many more passes. */
const PASSES = 3;

/**
 * Replaces the master key (10.1.1): makes a new master key current, re-wraps every wrapped
 * value under it (tenant KEK files, legacy master-wrapped tenant data keys, staff TOTP secrets,
 * the given holders) without touching
 * any data encrypted with those keys, checks nothing is left under an older version, then
 * retires (deletes) the older versions and writes `keys.master.rotated` to the operator log.
 *
 * Safe to interrupt: until the last step every version stays in the key ring, so both old
 * and re-wrapped values keep working; running it again finishes the job (with a newer key).
 */
export async function rotateMasterKey(deps: RotationDeps, who: { actor: AuditActor; origin: AuditOrigin }): Promise<RotationResult> {
  const { db, provider, clock } = deps;
  const holders = wrappedKeyHolders(db, deps.holders, provider);
  const release = provider.lockRotation();
  let step = 'rotate';
  try {
    const { from, to } = provider.rotate();
    step = 're-wrap';
    const rewrapped: Record<string, number> = Object.fromEntries(holders.map((h) => [h.name, 0]));
    let left: string[] = [];
    for (let pass = 0; pass < PASSES; pass++) {
      for (const holder of holders) rewrapped[holder.name] = (rewrapped[holder.name] ?? 0) + (await holder.rewrap(provider));
      left = [];
      for (const [name, versions] of Object.entries(await masterKeyCensus(provider, holders))) {
        for (const [version, n] of Object.entries(versions)) if (Number(version) !== to) left.push(`${name}: ${n} under v${version}`);
      }
      if (left.length === 0) break;
    }
    if (left.length > 0) throw new Error(`values are still wrapped under older master keys (${left.join('; ')})`);
    step = 'retire';
    const retiredVersions = provider.versions().filter((v) => v < to);
    provider.retire(retiredVersions);
    const result: RotationResult = { fromVersion: from, toVersion: to, rewrapped, retiredVersions };
    await withoutTenant(db, (tx) =>
      recordOperatorEvent(tx, clock, who.origin, {
        actor: who.actor,
        action: 'keys.master.rotated',
        target: { type: 'master_key', id: `v${to}` },
        result: 'success',
        details: { ...result },
      }),
    );
    return result;
  } catch (error) {
    const reason = `${step}: ${(error as Error).message}`.slice(0, 900);
    await withoutTenant(db, (tx) =>
      recordOperatorEvent(tx, clock, who.origin, { actor: who.actor, action: 'keys.master.rotated', target: { type: 'master_key', id: provider.location }, result: 'failure', reason }),
    ).catch(() => undefined);
    throw new Error(`The master key rotation stopped at "${step}": ${(error as Error).message}. Every key version is still kept; fix the cause and run it again.`, { cause: error });
  } finally {
    release();
  }
}
