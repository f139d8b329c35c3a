// Decision rules of the dependency audit (scripts/ci/audit.mjs), kept free of I/O so they can be
// tested over recorded `npm audit --json` outputs. Types: auditPolicy.d.mts beside this file.

/** Severities that block: `npm audit --audit-level=high`. */
export const BLOCKING_SEVERITIES = ['high', 'critical'];

/** Longest allowed time between an allow-list entry's review and its review-by date. */
export const MAX_REVIEW_DAYS = 180;

/** Exit codes of scripts/ci/audit.mjs. */
export const EXIT = {
  passed: 0,
  /** a high/critical advisory not on the allow-list, or an expired allow-list entry */
  failed: 1,
  /** the allow-list is malformed, or npm audit itself failed (e.g. no lockfile) */
  invalid: 2,
  /** the advisory database could not be reached: nothing is known either way */
  unavailable: 3,
};

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPROTO', 'CERT_HAS_EXPIRED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']);

function isObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Classifies what `npm audit --json` printed on stdout.
 *  - report: the advisory database answered (auditReportVersion 2)
 *  - unavailable: the advisory endpoint refused or could not be reached (HTTP error, network error)
 *  - error: npm audit failed for a reason of this project (no lockfile, unreadable output, ...)
 */
export function classifyAuditOutput(stdout) {
  let parsed;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    const head = String(stdout).trim().slice(0, 200);
    return { kind: 'error', message: head ? `npm audit printed something that is not JSON: ${head}` : 'npm audit printed nothing' };
  }
  if (!isObject(parsed)) return { kind: 'error', message: 'npm audit printed JSON that is not an object' };
  if (isObject(parsed.vulnerabilities) && isObject(parsed.metadata) && isObject(parsed.metadata.vulnerabilities)) {
    return { kind: 'report', report: parsed };
  }
  const err = isObject(parsed.error) ? parsed.error : {};
  const code = typeof err.code === 'string' ? err.code : typeof parsed.code === 'string' ? parsed.code : undefined;
  const statusCode = typeof parsed.statusCode === 'number' ? parsed.statusCode : undefined;
  const message = [parsed.message, err.summary, err.detail].filter((s) => typeof s === 'string' && s.trim()).join(' — ') || code || 'unknown error';
  // npm reports a refused or failed request to the advisory endpoint with its HTTP status, or
  // with the socket error in the message ("request to …/advisories/bulk failed, reason: …").
  const httpCode = code && /^E\d{3}$/.test(code) ? Number(code.slice(1)) : undefined;
  const networkCode = code && NETWORK_CODES.has(code) ? code : [...NETWORK_CODES].find((c) => message.includes(c));
  const endpoint = /security\/(advisories|audits)/.test(message) || (typeof parsed.uri === 'string' && /security\/(advisories|audits)/.test(parsed.uri));
  if (statusCode !== undefined || httpCode !== undefined || networkCode || endpoint) {
    return { kind: 'unavailable', error: { statusCode: statusCode ?? httpCode ?? null, code: code ?? networkCode ?? null, message } };
  }
  return { kind: 'error', message: code ? `${code}: ${message}` : message };
}

/** The GHSA id of an advisory URL (…/advisories/GHSA-xxxx-xxxx-xxxx), or undefined. */
function ghsaOf(url) {
  const m = /GHSA(-[23456789cfghjmpqrvwx]{4}){3}/i.exec(String(url ?? ''));
  return m ? m[0].toUpperCase() : undefined;
}

/**
 * The advisories of a report at or above the blocking level, once each.
 * An advisory sits in the `via` of the package it is about (an object); packages that are only
 * vulnerable through a dependency list that dependency's name (a string) and add no advisory.
 */
export function blockingAdvisories(report) {
  const out = new Map();
  for (const vuln of Object.values(report.vulnerabilities ?? {})) {
    if (!isObject(vuln) || !Array.isArray(vuln.via)) continue;
    for (const via of vuln.via) {
      if (!isObject(via) || !BLOCKING_SEVERITIES.includes(via.severity)) continue;
      const pkg = typeof via.name === 'string' ? via.name : vuln.name;
      const id = ghsaOf(via.url) ?? String(via.source ?? via.id ?? via.url);
      const key = `${pkg}\u0000${id}`;
      if (out.has(key)) continue;
      out.set(key, {
        id,
        source: via.source ?? via.id ?? null,
        url: typeof via.url === 'string' ? via.url : null,
        package: pkg,
        severity: via.severity,
        title: typeof via.title === 'string' ? via.title : '',
        range: typeof via.range === 'string' ? via.range : typeof via.vulnerable_versions === 'string' ? via.vulnerable_versions : '',
      });
    }
  }
  return [...out.values()].sort((a, b) => a.package.localeCompare(b.package) || a.id.localeCompare(b.id));
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(s) {
  if (typeof s !== 'string' || !ISO_DATE.test(s)) return undefined;
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== s ? undefined : t;
}

/** Today's date (UTC) as YYYY-MM-DD. */
export function utcDay(date = new Date()) {
  return date.toISOString().slice(0, 10);
}

/**
 * Checks the allow-list file's content. Each entry needs an advisory (`id`: GHSA id or npm source
 * number, and/or `url`), the `package` it is about, a `reason` it does not apply, the `reviewed`
 * date and a `reviewBy` date at most MAX_REVIEW_DAYS later. Returns the entries and every problem.
 */
export function validateAllowlist(content) {
  const errors = [];
  if (!isObject(content) || !Array.isArray(content.advisories)) {
    return { entries: [], errors: ['the allow-list must be an object with an "advisories" array'] };
  }
  const entries = [];
  content.advisories.forEach((e, i) => {
    const where = `advisories[${i}]`;
    if (!isObject(e)) {
      errors.push(`${where}: not an object`);
      return;
    }
    const problems = [];
    const hasId = (typeof e.id === 'string' && e.id.trim()) || typeof e.id === 'number';
    const hasUrl = typeof e.url === 'string' && /^https?:\/\//.test(e.url);
    if (!hasId && !hasUrl) problems.push('needs "id" (GHSA id or advisory number) or "url"');
    if (typeof e.package !== 'string' || !e.package.trim()) problems.push('needs "package"');
    if (typeof e.reason !== 'string' || e.reason.trim().length < 20) problems.push('needs "reason" saying why the advisory does not apply (at least 20 characters)');
    const reviewed = parseDay(e.reviewed);
    const reviewBy = parseDay(e.reviewBy);
    if (reviewed === undefined) problems.push('needs "reviewed" as YYYY-MM-DD');
    if (reviewBy === undefined) problems.push('needs "reviewBy" as YYYY-MM-DD');
    if (reviewed !== undefined && reviewBy !== undefined) {
      if (reviewBy < reviewed) problems.push('"reviewBy" is before "reviewed"');
      else if (reviewBy - reviewed > MAX_REVIEW_DAYS * DAY_MS) problems.push(`"reviewBy" is more than ${MAX_REVIEW_DAYS} days after "reviewed"`);
    }
    if (problems.length) {
      errors.push(`${where}${e.package ? ` (${e.package})` : ''}: ${problems.join('; ')}`);
      return;
    }
    entries.push({
      id: hasId ? String(e.id).trim() : null,
      url: hasUrl ? e.url : null,
      package: e.package.trim(),
      reason: e.reason.trim(),
      reviewed: e.reviewed,
      reviewBy: e.reviewBy,
    });
  });
  return { entries, errors };
}

function entryMatches(entry, adv) {
  if (entry.package !== adv.package) return false;
  if (entry.url && adv.url && entry.url === adv.url) return true;
  if (!entry.id) return false;
  const id = entry.id.toUpperCase();
  return id === adv.id.toUpperCase() || (adv.source !== null && id === String(adv.source)) || (ghsaOf(entry.id) !== undefined && ghsaOf(entry.id) === ghsaOf(adv.url));
}

/**
 * The verdict over one audit report. `today` is YYYY-MM-DD (UTC).
 * Fails on a blocking advisory that no live entry covers, and on any expired entry (past its
 * reviewBy date), used or not, so that every exception is looked at again in time.
 */
export function decide(report, entries, today) {
  const advisories = blockingAdvisories(report);
  const expired = entries.filter((e) => e.reviewBy < today);
  const live = entries.filter((e) => e.reviewBy >= today);
  const blocking = [];
  const allowed = [];
  for (const adv of advisories) {
    const entry = live.find((e) => entryMatches(e, adv));
    if (entry) allowed.push({ ...adv, reason: entry.reason, reviewBy: entry.reviewBy });
    else blocking.push({ ...adv, expiredEntry: expired.some((e) => entryMatches(e, adv)) });
  }
  const unused = live.filter((e) => !advisories.some((adv) => entryMatches(e, adv)));
  const status = blocking.length || expired.length ? 'failed' : 'passed';
  return { status, blocking, allowed, expired, unused, counts: countsOf(report) };
}

/** npm's own counts of vulnerable packages per severity. */
export function countsOf(report) {
  const v = report.metadata?.vulnerabilities ?? {};
  return { info: v.info ?? 0, low: v.low ?? 0, moderate: v.moderate ?? 0, high: v.high ?? 0, critical: v.critical ?? 0, total: v.total ?? 0 };
}

/**
 * What is written to npm-audit.json. With an answer it is npm's own report (the compliance report
 * reads `metadata.vulnerabilities`) plus a `policy` section with the verdict; without one it has no
 * `metadata` at all (nothing is known, so nothing may read as zero) and says why.
 */
export function auditFile({ classified, verdict, checkedAt, allowlistFile, npmVersion }) {
  const common = { checkedAt, tool: 'scripts/ci/audit.mjs', auditLevel: 'high', allowlist: allowlistFile, npmVersion: npmVersion ?? null };
  if (classified.kind === 'report') {
    const v = verdict ?? { status: 'failed', blocking: [], allowed: [], expired: [], unused: [] };
    return {
      ...classified.report,
      status: v.status,
      policy: {
        ...common,
        status: v.status,
        blocking: v.blocking,
        allowed: v.allowed,
        expiredEntries: v.expired,
        unusedEntries: v.unused,
        blockingCounts: {
          high: v.blocking.filter((a) => a.severity === 'high').length,
          critical: v.blocking.filter((a) => a.severity === 'critical').length,
        },
      },
    };
  }
  if (classified.kind === 'unavailable') {
    return {
      status: 'unavailable',
      error: classified.error,
      policy: { ...common, status: 'unavailable', reason: 'the advisory database could not be reached; no finding is known either way' },
    };
  }
  return { status: 'error', error: { message: classified.message }, policy: { ...common, status: 'error' } };
}
