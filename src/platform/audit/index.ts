/**
 * The audit module's public face: one API that every command uses to write its event in
 * its own transaction (tenant event logs and the operator work log, each a hash chain),
 * and what the operator console, the CLI and the break-glass module need to read, verify
 * and export them. The HTTP routes and jobs are wired by `register.ts` from the
 * composition root, so that importing this index (every module does) loads no HTTP code.
 */
export {
  recordTenantEvent,
  recordOperatorEvent,
  type AuditActor,
  type AuditChange,
  type AuditEvent,
  type AuditOrigin,
  type AuditTarget,
} from './events.js';
export { redactDetails, REDACTED, SECRET_KEY } from './redaction.js';
export { canonicalJson, chainHash, GENESIS_HASH } from './canonical.js';
export { chainLabel, type ChainRef, type Checkpoint } from './chainFormat.js';
export { sealAllCheckpoints, sealHead } from './checkpoints.js';
export { verifyChain, type BreakKind, type ChainBreak, type ChainReport } from './verifyChain.js';
export { verifyAllChains, verifyStoredChain, type VerificationSummary } from './verifyDatabase.js';
export { eventFilterSchema, listTenantEvents, type EventFilter, type EventPage, type EventView } from './eventQueries.js';
export { eventPageView, presentEventPage } from './views.js';
export { buildEvidenceManifest, evidenceBundle, EVIDENCE_FORMAT, type EvidenceManifest } from './evidence.js';
export { verifyEvidenceContent, verifyEvidencePath, type EvidenceReport } from './evidenceVerify.js';
export { findEvidenceManifest, insertEvidenceExport } from './evidenceExports.js';
export { currentPolicies, runRetention, RECORD_TYPES, type RecordType, type RetentionPurger, type RetentionResult } from './retention.js';
export { auditKeysDir, deploymentSigner, lazySigner, loadOrCreateSigner, readTrustedKeys, type AuditSigner, type TrustedKey } from './signingKey.js';
export { staffAuditActor, type StaffRef } from './opsCommands.js';
export { runVerifyAudit, runVerifyEvidence } from './commandLine.js';
