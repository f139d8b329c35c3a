import type { Clock } from '../../core/clock.js';
import { withTenant, withoutTenant, type Database, type Tx } from '../../core/db/index.js';
import { chainLabel, checkpointPayload, type ChainRef, type Checkpoint } from './chainFormat.js';
import { insertCheckpoint, lastCheckpointSeq, listTenantIds, readHead, rememberSigningKey } from './chainStore.js';
import type { AuditSigner } from './signingKey.js';

/** Signs a checkpoint over entry `seq` with hash `hash` and stores it in the caller's transaction. */
export async function sealCheckpoint(
  tx: Tx,
  clock: Clock,
  signer: AuditSigner,
  ref: ChainRef,
  at: { seq: number; hash: string; kind: Checkpoint['kind'] },
): Promise<Checkpoint> {
  const signedAt = clock.now().toISOString();
  const unsigned = { seq: at.seq, kind: at.kind, hash: at.hash, signedAt, keyId: signer.keyId };
  const checkpoint: Checkpoint = { ...unsigned, signature: signer.sign(checkpointPayload(chainLabel(ref), unsigned)) };
  await rememberSigningKey(tx, signer.keyId, signer.publicKeyPem, clock.now());
  await insertCheckpoint(tx, ref, checkpoint);
  return checkpoint;
}

/** Seals the chain's head when it moved since the last checkpoint; returns whether it did. */
export async function sealHead(tx: Tx, clock: Clock, signer: AuditSigner, ref: ChainRef): Promise<boolean> {
  const head = await readHead(tx, ref);
  if (!head || head.seq <= (await lastCheckpointSeq(tx, ref))) return false;
  await sealCheckpoint(tx, clock, signer, ref, { seq: head.seq, hash: head.hash, kind: 'periodic' });
  return true;
}

/**
 * The periodic job: signs the head of the operator log and of every tenant's log that grew
 * since its last checkpoint. Each chain in its own short transaction.
 */
export async function sealAllCheckpoints(db: Database, clock: Clock, signer: AuditSigner): Promise<{ sealed: number }> {
  let sealed = 0;
  if (await withoutTenant(db, (tx) => sealHead(tx, clock, signer, { kind: 'operator' }))) sealed++;
  for (const tenantId of await withoutTenant(db, listTenantIds)) {
    if (await withTenant(db, tenantId, (tx) => sealHead(tx, clock, signer, { kind: 'tenant', tenantId }))) sealed++;
  }
  return { sealed };
}
