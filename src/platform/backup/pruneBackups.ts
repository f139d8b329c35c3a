import { rm } from 'node:fs/promises';
import type { BackupStore } from './chunkStore.js';
import type { ManifestHeader } from './manifest.js';
import { refsOf } from './verifyBackups.js';

export interface PruneResult {
  /** Backups whose manifests were removed. */
  pruned: string[];
  /** Whether unreferenced chunks were looked for this time. */
  collected: boolean;
  chunksDeleted: number;
  bytesFreed: number;
  /** Bytes of chunks left in the store (when collected). */
  storeBytes: number | null;
  /** Manifests that could not be read, which stop the collection (see `backup verify`). */
  unreadable?: string[];
}

/** A write interrupted by a crash leaves a `.tmp` file; one this old is no write in progress. */
const STALE_TEMP_MS = 3_600_000;

/**
 * Removes backups taken before `now - retentionDays` (the newest backup always stays, so a
 * long outage of the schedule never leaves nothing to restore), then, when `collect`, deletes
 * every chunk no remaining manifest refers to. The caller holds the store's write lock, so
 * no backup is half-written meanwhile.
 */
export async function pruneBackups(store: BackupStore, options: { now: Date; retentionDays: number; collect: boolean }): Promise<PruneResult> {
  const cutoff = options.now.getTime() - options.retentionDays * 86_400_000;
  const { headers } = await store.listHeaders();
  const newest: ManifestHeader | undefined = headers.at(-1);
  const expired = headers.filter((h) => h !== newest && new Date(h.takenAt).getTime() < cutoff);
  for (const header of expired) await store.deleteManifest(header.id);
  const result: PruneResult = { pruned: expired.map((h) => h.id), collected: false, chunksDeleted: 0, bytesFreed: 0, storeBytes: null };
  if (!options.collect) return result;

  const referenced = new Set<string>();
  const kept = await store.listHeaders();
  // A manifest that cannot be read might still need its chunks: collect nothing until it is dealt with.
  if (kept.unreadable.length) return { ...result, unreadable: kept.unreadable.map((u) => u.id) };
  for (const header of kept.headers) {
    const manifest = await store.readManifest(header.id);
    if (manifest) for (const [name] of refsOf(manifest)) referenced.add(name);
  }
  let storeBytes = 0;
  for await (const chunk of store.chunkFiles()) {
    const temp = chunk.name.endsWith('.tmp');
    // File times are the host's, so a leftover's age is measured on the host clock.
    if (temp ? Date.now() - chunk.modifiedAt.getTime() > STALE_TEMP_MS : !referenced.has(chunk.name)) {
      await rm(chunk.file, { force: true });
      result.chunksDeleted++;
      result.bytesFreed += chunk.bytes;
    } else {
      storeBytes += chunk.bytes;
    }
  }
  result.collected = true;
  result.storeBytes = storeBytes;
  return result;
}
