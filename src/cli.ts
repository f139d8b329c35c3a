#!/usr/bin/env node
import { systemClock } from './core/clock.js';
import { ConfigError, loadConfig, type Config } from './core/config.js';
import { migrate, openDatabase } from './core/db/index.js';
import { createApp } from './app.js';
import { seedDemo } from './demo.js';
import { issueStaffSetupLink } from './platform/identity/index.js';
import { runVerifyAudit, runVerifyEvidence } from './platform/audit/index.js';
import { KEYS_USAGE, runKeysCommand } from './platform/keys/index.js';
import { BACKUP_USAGE, backupKeyHolder, runBackupCommand, runRestoreCommand } from './platform/backup/index.js';
import { complianceContext, renderReport, REPORT_FORMATS, runComplianceReport, type ReportFormat } from './platform/compliance/index.js';
import { createLogger } from './core/logger.js';

const USAGE = `Usage: sotas <command>

Commands:
  serve            Migrate the database and serve the app (PORT, default 3000) and the
                   operations listener (METRICS_PORT, default 9464, loopback only).
  migrate          Apply pending database migrations and exit.
  bootstrap-staff  Print a one-time link to create the first staff account
                   (refused once any staff account exists).
  demo             Create two demo tenants with an admin each and print how to sign in.
  verify-audit     Walk every audit log chain (operator log and each tenant's log) and
                   report the first break of each; exit 1 if any chain is broken.
  verify-evidence <dir|file>
                   Check an evidence package offline (no database); exit 1 if it fails.
  compliance-report [--format md|json|html] [--lang ja|en]
                   Check every control of the white paper against this deployment and
                   print the report (default Markdown, Japanese); exit 2 if any is not met.
${KEYS_USAGE}
${BACKUP_USAGE}
`;

/** Output meant for the person at the terminal (links, passwords); never sent to the log. */
function tell(text: string): void {
  process.stdout.write(`${text}\n`);
}

function setupBanner(config: Config, token: string, expiresAt: Date): string {
  const link = `${config.http.publicUrl}/setup/staff/${token}`;
  return [
    '',
    '──────────────────────────────────────────────────────────────────────',
    ' 運用スタッフのアカウントがまだありません。次のリンクから最初のアカウントを作成してください。',
    ' No staff account exists yet. Create the first one with this one-time link:',
    '',
    `   ${link}`,
    '',
    ` 有効期限 / expires: ${expiresAt.toISOString()} (one use only)`,
    '──────────────────────────────────────────────────────────────────────',
    '',
  ].join('\n');
}

async function serve(config: Config): Promise<void> {
  const app = await createApp({ config });
  const addresses = await app.listen();
  app.logger.info({ http: addresses.http, ops: addresses.ops, database: config.database.kind }, 'listening');
  tell(`Sotas is serving on ${config.http.publicUrl} (database: ${config.database.kind}; operations listener ${addresses.ops})`);
  const link = await issueStaffSetupLink(app.db, app.clock);
  if (link.issued) tell(setupBanner(config, link.token, link.expiresAt));
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.logger.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

async function withDatabase<T>(config: Config, fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const db = await openDatabase(config);
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** The value after `--name` (or in `--name=value`), if given. */
function option(args: readonly string[], name: string): string | undefined {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const arg = args[i] ?? '';
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[i + 1];
}

async function complianceReport(args: readonly string[], config: Config): Promise<number> {
  const format = option(args, 'format') ?? 'md';
  const lang = option(args, 'lang') ?? 'ja';
  if (!(REPORT_FORMATS as readonly string[]).includes(format) || (lang !== 'ja' && lang !== 'en')) {
    tell('Usage: sotas compliance-report [--format md|json|html] [--lang ja|en]');
    return 1;
  }
  // The whole app, not listening, so the header check can ask its public listener in-process.
  const app = await createApp({ config: { ...config, jobsEnabled: false }, logger: createLogger('silent') });
  try {
    const report = await runComplianceReport(complianceContext(app.http, app));
    process.stdout.write(renderReport(report, format as ReportFormat, lang));
    return report.summary.not_met > 0 ? 2 : 0;
  } finally {
    await app.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const command = argv[0];
  if (!command || command === '--help' || command === 'help') {
    tell(USAGE);
    return command ? 0 : 1;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve':
      await serve(config);
      return -1;
    case 'migrate': {
      const result = await withDatabase(config, (db) => migrate(db));
      tell(result.applied.length ? `Applied: ${result.applied.join(', ')}` : 'The database is up to date.');
      return 0;
    }
    case 'bootstrap-staff': {
      const link = await withDatabase(config, (db) => issueStaffSetupLink(db, systemClock));
      if (!link.issued) {
        tell('A staff account already exists, so bootstrap is refused: it happens only once. Ask an existing staff member to create your account in the operator console.');
        return 1;
      }
      tell(setupBanner(config, link.token, link.expiresAt));
      return 0;
    }
    case 'demo': {
      const result = await withDatabase(config, (db) => seedDemo(db, systemClock));
      for (const code of result.existing) tell(`Demo tenant ${code} already exists; left unchanged.`);
      for (const a of result.created) {
        tell(`\n${a.tenantName}\n  企業コード / company code: ${a.companyCode}\n  メール / e-mail:          ${a.email}\n  パスワード / password:    ${a.password}`);
      }
      if (result.created.length) tell(`\nStart the app with \`npm start\` and sign in at ${config.http.publicUrl}/login with one of the accounts above.`);
      return 0;
    }
    case 'verify-audit':
      return withDatabase(config, (db) => runVerifyAudit(db, config, tell));
    case 'verify-evidence':
      return runVerifyEvidence(argv[1], tell);
    case 'keys':
      // The backup key (kept beside the backups) is wrapped by the master key too.
      return withDatabase(config, (db) => runKeysCommand(argv.slice(1), { config, db, clock: systemClock, holders: [backupKeyHolder(config.backup.dir)] }, tell));
    case 'backup':
      return runBackupCommand(argv.slice(1), config, systemClock, tell);
    case 'restore':
      return runRestoreCommand(argv.slice(1), config, systemClock, tell);
    case 'compliance-report':
      return complianceReport(argv.slice(1), config);
    default:
      tell(`Unknown command "${command}".\n\n${USAGE}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    }
    process.exit(1);
  },
);
