import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import type { Tx } from '../../../core/db/index.js';
import type { CatalogPlan } from '../shared/plan.js';
import { auditCatalog, iso, notFound, type CatalogWrite } from './catalogWrite.js';
import type { ProfileInput } from './productSchemas.js';

export const contactView = z.object({ id: z.string(), name: z.string(), department: z.string(), email: z.string(), phone: z.string(), topics: z.string() });

/** A publisher profile; `contacts` only for its own tenant and paid readers. */
export const profileView = z.object({
  tenantId: z.string(),
  displayName: z.string(),
  displayNameEn: z.string(),
  description: z.string(),
  descriptionEn: z.string(),
  website: z.string(),
  sites: z.array(z.string()),
  certifications: z.array(z.string()),
  contacts: z.array(contactView).optional().meta({ description: 'Own tenant and paid readers only.' }),
  version: z.number(),
  updatedAt: z.string(),
});
export type ProfileView = z.infer<typeof profileView>;

interface ProfileRow {
  tenant_id: string;
  display_name: string;
  display_name_en: string;
  description: string;
  description_en: string;
  website: string;
  sites: string[];
  certifications: string[];
  version: number;
  updated_at: unknown;
}

const COLUMNS = 'tenant_id, display_name, display_name_en, description, description_en, website, sites, certifications, version, updated_at';

async function readContacts(tx: Tx, tenantId: string): Promise<z.infer<typeof contactView>[]> {
  const { rows } = await tx.query<{ id: string; name: string; department: string; email: string; phone: string; topics: string }>(
    'SELECT id, name, department, email, phone, topics FROM catalog.publisher_contacts WHERE tenant_id = $1 ORDER BY sort_order, created_at, id',
    [tenantId],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, department: r.department, email: r.email, phone: r.phone, topics: r.topics }));
}

/** Presents a profile row; contacts are read only when the reader may have them. */
async function present(tx: Tx, row: ProfileRow, withContacts: boolean): Promise<ProfileView> {
  const view: ProfileView = {
    tenantId: row.tenant_id,
    displayName: row.display_name,
    displayNameEn: row.display_name_en,
    description: row.description,
    descriptionEn: row.description_en,
    website: row.website,
    sites: row.sites,
    certifications: row.certifications,
    version: row.version,
    updatedAt: iso(row.updated_at),
  };
  if (withContacts) view.contacts = await readContacts(tx, row.tenant_id);
  return view;
}

async function readRow(tx: Tx, tenantId: string, lock = false): Promise<ProfileRow | undefined> {
  const { rows } = await tx.query<ProfileRow>(`SELECT ${COLUMNS} FROM catalog.publishers WHERE tenant_id = $1${lock ? ' FOR UPDATE' : ''}`, [tenantId]);
  return rows[0];
}

/** The own tenant's profile with its contacts, or null before the first save. */
export async function getOwnProfile(tx: Tx, tenantId: string): Promise<ProfileView | null> {
  const row = await readRow(tx, tenantId);
  return row ? present(tx, row, true) : null;
}

/**
 * Another publisher's public profile and its number of published products, as the reader sees
 * them (RLS): 404 unless the publisher has a published product the reader can see.
 */
export async function getPublisher(tx: Tx, readerTenantId: string, plan: CatalogPlan, tenantId: string): Promise<{ profile: ProfileView; productCount: number }> {
  const own = tenantId === readerTenantId;
  const row = await readRow(tx, tenantId);
  if (!row) throw notFound();
  const { rows } = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM catalog.products WHERE tenant_id = $1 AND status = 'published'`, [tenantId]);
  const productCount = rows[0]?.n ?? 0;
  if (!own && productCount === 0) throw notFound();
  return { profile: await present(tx, row, own || plan.subscription === 'paid'), productCount };
}

/** Creates or replaces the own profile (contacts as a set) at the version read; `catalog.profile.updated`. */
export async function saveProfile(w: CatalogWrite, input: ProfileInput): Promise<ProfileView> {
  const tenantId = w.actor.tenantId;
  const before = await readRow(w.tx, tenantId, true);
  if (before && input.version !== before.version) throw new AppError('conflict');
  const old = before ? await present(w.tx, before, true) : null;
  const now = w.clock.now();
  const values = [
    tenantId,
    input.displayName,
    input.displayNameEn ?? '',
    input.description ?? '',
    input.descriptionEn ?? '',
    input.website ?? '',
    input.sites ?? [],
    input.certifications ?? [],
    now,
  ];
  if (before) {
    await w.tx.query(
      `UPDATE catalog.publishers SET display_name = $2, display_name_en = $3, description = $4, description_en = $5, website = $6,
         sites = $7::text[], certifications = $8::text[], version = version + 1, updated_at = $9 WHERE tenant_id = $1`,
      values,
    );
  } else {
    await w.tx.query(
      `INSERT INTO catalog.publishers (tenant_id, display_name, display_name_en, description, description_en, website, sites, certifications, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8::text[], $9, $9)`,
      values,
    );
  }
  await w.tx.query('DELETE FROM catalog.publisher_contacts WHERE tenant_id = $1', [tenantId]);
  for (const [i, c] of (input.contacts ?? []).entries()) {
    await w.tx.query(
      `INSERT INTO catalog.publisher_contacts (tenant_id, name, department, email, phone, topics, sort_order, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [tenantId, c.name, c.department ?? '', c.email, c.phone ?? '', c.topics ?? '', i, now],
    );
  }
  const profile = await present(w.tx, (await readRow(w.tx, tenantId))!, true);
  const compared = ['displayName', 'displayNameEn', 'description', 'descriptionEn', 'website', 'sites', 'certifications'] as const;
  const changed = compared.filter((k) => !old || JSON.stringify(old[k]) !== JSON.stringify(profile[k]));
  const contactsOf = (p: ProfileView | null) => (p?.contacts ?? []).map(({ name, department, email, phone, topics }) => ({ name, department, email, phone, topics }));
  const contactsChanged = JSON.stringify(contactsOf(old)) !== JSON.stringify(contactsOf(profile));
  await auditCatalog(
    w,
    'catalog.profile.updated',
    { type: 'catalog.publisher', id: tenantId },
    { displayName: profile.displayName, created: !before, fields: contactsChanged ? [...changed, 'contacts'] : changed },
    {
      before: Object.fromEntries([...changed.map((k) => [k, old?.[k] ?? null]), ...(contactsChanged ? [['contacts', contactsOf(old)]] : [])]),
      after: Object.fromEntries([...changed.map((k) => [k, profile[k]]), ...(contactsChanged ? [['contacts', contactsOf(profile)]] : [])]),
    },
  );
  return profile;
}
