import { ChunkError, type BackupStore } from './chunkStore.js';
import type { ChunkRef, Manifest } from './manifest.js';

export interface VerifyProblem {
  backupId: string;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  /** Backups whose every chunk was read back. */
  backups: number;
  /** Distinct chunks checked (a chunk shared by many backups is read once). */
  chunks: number;
  bytes: number;
  problems: VerifyProblem[];
}

/** Every chunk reference of a manifest, database image first. */
export function refsOf(manifest: Manifest): ChunkRef[] {
  return [...(manifest.body.database?.files ?? []), ...manifest.body.files].flatMap((f) => f.chunks);
}

/**
 * Reads back every chunk of one backup (or of all): each must decrypt, decompress and match
 * its size and keyed checksum. A damaged chunk is reported once for every backup it spoils.
 * Takes no lock: a backup pruned while it is checked is left out, not reported.
 */
export async function verifyBackups(store: BackupStore, options: { backupId?: string } = {}): Promise<VerifyReport> {
  const report: VerifyReport = { ok: true, backups: 0, chunks: 0, bytes: 0, problems: [] };
  let ids = options.backupId ? [options.backupId] : [];
  if (!options.backupId) {
    const listing = await store.listHeaders();
    ids = listing.headers.map((h) => h.id);
    for (const bad of listing.unreadable) report.problems.push({ backupId: bad.id, message: `the manifest cannot be read: ${bad.error}` });
  }
  const checked = new Map<string, string | null>();
  for (const id of ids) {
    let manifest: Manifest | undefined;
    try {
      manifest = await store.readManifest(id);
    } catch (error) {
      report.problems.push({ backupId: id, message: `the manifest cannot be read: ${error instanceof Error ? error.message : String(error)}` });
      continue;
    }
    if (!manifest) continue;
    const problems: string[] = [];
    for (const ref of refsOf(manifest)) {
      let outcome = checked.get(ref[0]);
      if (outcome === undefined) {
        try {
          await store.readChunk(ref);
          outcome = null;
          report.chunks++;
          report.bytes += ref[1];
        } catch (error) {
          if (!(error instanceof ChunkError)) throw error;
          outcome = error.message;
        }
        checked.set(ref[0], outcome);
      }
      if (outcome !== null && !problems.includes(outcome)) problems.push(outcome);
    }
    // The backup may have been pruned while it was read; its chunks may then be gone too.
    if (problems.length && !(await store.readManifest(id))) continue;
    report.backups++;
    for (const message of problems) report.problems.push({ backupId: id, message });
  }
  report.ok = report.problems.length === 0;
  return report;
}
