#!/usr/bin/env node
// CycloneDX SBOM of the installed dependency tree (docs/dependencies.md).
//
//   node scripts/ci/sbom.mjs [--output FILE]
//
// Runs @cyclonedx/cyclonedx-npm (it reads `npm ls` locally, no network), adds each package's
// tarball hash from package-lock.json's `integrity`, then checks the result: CycloneDX 1.5 JSON
// schema, the project as metadata.component, and one component per package installed under
// node_modules (the lockfile's entries that exist on disk), each at the lockfile's version.
// Writes sbom.cdx.json at the project root (read by the compliance report). Exit 0 when valid.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SPEC = '1.5';

let output = path.join(root, 'sbom.cdx.json');
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--output') output = path.resolve(args[++i] ?? '');
  else {
    console.error(`sbom: unknown argument ${args[i]}`);
    process.exit(2);
  }
}

function fail(message) {
  console.error(`sbom: ${message}`);
  process.exit(1);
}

const require = createRequire(path.join(root, 'package.json'));
let cli;
try {
  // The package's exports do not include package.json, so it is read from node_modules directly.
  const pkgFile = path.join(root, 'node_modules', '@cyclonedx', 'cyclonedx-npm', 'package.json');
  cli = path.join(path.dirname(pkgFile), JSON.parse(readFileSync(pkgFile, 'utf8')).bin['cyclonedx-npm']);
} catch {
  fail('@cyclonedx/cyclonedx-npm is not installed (it is a dev dependency: run npm ci)');
}

const started = Date.now();
const run = spawnSync(process.execPath, [cli, '--output-format', 'JSON', '--spec-version', SPEC, '--validate', '--output-file', '-', path.join(root, 'package.json')], {
  cwd: root,
  encoding: 'utf8',
  maxBuffer: 512 * 1024 * 1024,
});
if (run.status !== 0) fail(`cyclonedx-npm failed (exit ${run.status}):\n${run.stderr}`);
let bom;
try {
  bom = JSON.parse(run.stdout);
} catch {
  fail('cyclonedx-npm printed something that is not JSON');
}

// Installed packages: the lockfile's node_modules entries that exist on disk (optional packages
// for other platforms are in the lockfile but not installed).
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
const installed = new Map();
for (const [key, entry] of Object.entries(lock.packages ?? {})) {
  if (!key.startsWith('node_modules/') && !key.includes('/node_modules/')) continue;
  if (entry.link || !existsSync(path.join(root, key))) continue;
  installed.set(key, entry);
}

/** sha512-<base64> (and other SRI forms) as CycloneDX hashes. */
function hashesOf(integrity) {
  const algs = { sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };
  return String(integrity ?? '')
    .split(/\s+/)
    .map((sri) => /^(sha1|sha256|sha384|sha512)-(.+)$/.exec(sri))
    .filter(Boolean)
    .map((m) => ({ alg: algs[m[1]], content: Buffer.from(m[2], 'base64').toString('hex') }));
}

function* walk(components) {
  for (const c of components ?? []) {
    yield c;
    yield* walk(c.components);
  }
}

const problems = [];
const seen = new Set();
let hashed = 0;
for (const c of walk(bom.components)) {
  const where = c.properties?.find((p) => p.name === 'cdx:npm:package:path')?.value;
  const entry = where ? installed.get(where) : undefined;
  const fullName = c.group ? `${c.group}/${c.name}` : c.name;
  if (!entry) {
    problems.push(`component ${fullName}@${c.version} (${where ?? 'no path'}) is not an installed package of package-lock.json`);
    continue;
  }
  if (seen.has(where)) problems.push(`${where} appears twice`);
  seen.add(where);
  if (entry.version !== c.version) problems.push(`${where}: SBOM says ${c.version}, package-lock.json says ${entry.version}`);
  if (!c.purl?.startsWith('pkg:npm/')) problems.push(`${where}: no npm purl`);
  const hashes = hashesOf(entry.integrity);
  if (hashes.length && !c.hashes?.length) {
    c.hashes = hashes;
    hashed++;
  } else if (c.hashes?.length) hashed++;
}
for (const key of installed.keys()) if (!seen.has(key)) problems.push(`installed package ${key} has no component`);

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
if (bom.bomFormat !== 'CycloneDX') problems.push(`bomFormat is ${bom.bomFormat}`);
if (bom.specVersion !== SPEC) problems.push(`specVersion is ${bom.specVersion}, expected ${SPEC}`);
const meta = bom.metadata?.component;
if (!meta || meta.name !== pkg.name || meta.version !== pkg.version) problems.push(`metadata.component is ${meta?.name}@${meta?.version}, expected ${pkg.name}@${pkg.version}`);

const text = `${JSON.stringify(bom, null, 2)}\n`;
const { Validation, Spec } = await import(require.resolve('@cyclonedx/cyclonedx-library'));
const schemaErrors = await new Validation.JsonStrictValidator(Spec.Version[`v${SPEC.replace('.', 'dot')}`]).validate(text);
if (schemaErrors) problems.push(`CycloneDX ${SPEC} schema: ${JSON.stringify(schemaErrors).slice(0, 2000)}`);

if (problems.length) {
  console.error(`sbom: the SBOM is not valid (${problems.length} problem(s)); nothing written:`);
  for (const p of problems.slice(0, 50)) console.error(`  - ${p}`);
  process.exit(1);
}
writeFileSync(output, text);
const licensed = [...walk(bom.components)].filter((c) => c.licenses?.length).length;
console.log(
  `sbom: ${path.relative(root, output)}: CycloneDX ${bom.specVersion}, ${seen.size} components for ${installed.size} installed packages, ` +
    `${hashed} with hashes, ${licensed} with licenses; schema valid (${((Date.now() - started) / 1000).toFixed(1)} s)`,
);
