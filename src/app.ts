import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { systemClock, type Clock } from './core/clock.js';
import type { Config } from './core/config.js';
import { assertRestrictedAppRole, migrate, openDatabase, PostgresDatabase, postgresTransport, type Database } from './core/db/index.js';
import { createLogger, type Logger } from './core/logger.js';
import { startHttpsRedirect, type RedirectListener } from './platform/http/tls.js';
import {
  buildHttpServer,
  buildOpsListener,
  createRegistrar,
  registerMailboxRoute,
  registerPlatformRoutes,
  registerWebApp,
  type RouteRecord,
} from './platform/http/index.js';
import { registerHousekeeping } from './platform/housekeeping/index.js';
import { registerAudit } from './platform/audit/register.js';
import { registerBreakGlassRoutes } from './platform/breakglass/index.js';
import { registerAccountRoutes, registerMfaRoutes, setPasswordMinLength } from './platform/identity/index.js';
import { registerMemberRoutes } from './platform/members/index.js';
import { masterKeyProvider, upgradeTenantDataKeys } from './platform/keys/index.js';
import { registerStaffAccountRoutes, registerStaffAuthRoutes, registerStaffTenantRoutes, registerTenantSecurityRoutes } from './platform/staff/index.js';
import { createFileStore } from './platform/files/index.js';
import { registerFileRoutes } from './platform/files/routes.js';
import { registerContractRoutes } from './platform/contracts/index.js';
import { registerMaintenance } from './platform/maintenance/index.js';
import { incidentRecordsPurger, registerIncidents } from './platform/incidents/index.js';
import { registerSecurityReports } from './platform/reports/index.js';
import { registerCapacity } from './platform/capacity/index.js';
import { registerBackups } from './platform/backup/index.js';
import { registerLifecycle } from './platform/lifecycle/index.js';
import { registerCompliance } from './platform/compliance/index.js';
import { JobRunner, jobQueueStats } from './platform/jobs/index.js';
import { createMailTransport, registerMailDelivery } from './platform/mail/index.js';
import { createMetrics } from './platform/metrics/index.js';
import { ServiceRegistry } from './platform/services/index.js';
import { catalogService } from './services/catalog/index.js';
import { processService } from './services/process/index.js';
import { surveyService } from './services/survey/index.js';

/** Every service of the suite, in menu order. Adding a service means adding it here. */
export const SERVICES = [processService, catalogService, surveyService] as const;

export interface App {
  config: Config;
  db: Database;
  clock: Clock;
  logger: Logger;
  registry: ServiceRegistry;
  jobs: JobRunner;
  http: FastifyInstance;
  ops: FastifyInstance;
  routes: RouteRecord[];
  /**
   * Starts both listeners; resolves to their addresses. With TLS configured `http` is the HTTPS
   * address and `redirect` the plain-HTTP port that only answers with redirects to it.
   */
  listen(): Promise<{ http: string; ops: string; redirect?: string }>;
  close(): Promise<void>;
}

export interface CreateAppOptions {
  config: Config;
  /** An already open database (tests); otherwise the configured one is opened. */
  db?: Database;
  clock?: Clock;
  logger?: Logger;
  /** Directory of the built web app; defaults to dist/web. */
  webDir?: string;
}

/**
 * The composition root: opens and migrates the database, checks the application role
 * cannot bypass row-level security, and builds both listeners with every route.
 */
export async function createApp(options: CreateAppOptions): Promise<App> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  setPasswordMinLength(config.passwordMinLength);
  const ownsDb = !options.db;
  const db = options.db ?? (await openDatabase(config));
  await migrate(db);
  await assertRestrictedAppRole(db);

  const registry = new ServiceRegistry(SERVICES);
  const keys = masterKeyProvider(config.masterKeyFile);
  // Tenant data keys made before tenant key-encryption keys move under them (idempotent; ADR 0020).
  const keyUpgrade = await upgradeTenantDataKeys(db, keys);
  if (keyUpgrade.upgraded > 0) logger.info({ upgraded: keyUpgrade.upgraded }, 'tenant data keys re-wrapped under tenant key-encryption keys');
  if (keyUpgrade.skipped.length > 0) logger.warn({ skipped: keyUpgrade.skipped }, 'tenant data keys left wrapped by the master key');
  const jobs = new JobRunner({ db, clock, logger, nodeId: `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}` });
  const mailTransport = createMailTransport({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, requireTls: config.env === 'production' });
  registerMailDelivery(jobs, mailTransport);
  await registerHousekeeping(jobs, db, clock);
  const deps = { config, db, clock, logger, registry };
  const { app: http, routes } = await buildHttpServer(deps);
  const metrics = createMetrics(http);
  metrics.gauge('job_queue_jobs', 'Jobs by state', ['state'], async (set) => {
    const stats = await jobQueueStats(db);
    for (const [state, n] of Object.entries(stats)) set({ state }, n);
  });
  if (db instanceof PostgresDatabase) {
    metrics.gauge('db_pool_connections', 'Application pool connections by state', ['state'], (set) => {
      for (const [state, n] of Object.entries(db.poolStats())) set({ state }, n);
    });
  }
  let shuttingDown = false;
  let redirect: RedirectListener | undefined;
  const opsListener = buildOpsListener({ db, metrics, isShuttingDown: () => shuttingDown });

  registerPlatformRoutes(http, deps, { mailboxEnabled: !config.mail.smtpUrl });
  registerMailboxRoute(http, deps, !config.mail.smtpUrl);
  registerAccountRoutes(http, deps);
  registerMfaRoutes(http, deps);
  registerMemberRoutes(http, deps);
  registerStaffAuthRoutes(http, { ...deps, box: keys });
  registerTenantSecurityRoutes(http, deps);
  registerStaffTenantRoutes(http, deps);
  await registerAudit(http, jobs, deps, { purgers: [incidentRecordsPurger] });
  registerBreakGlassRoutes(http, deps);
  const files = createFileStore(config.files);
  const moduleDeps = { ...deps, jobs, keys, files, metrics };
  registerFileRoutes(http, moduleDeps);
  registerStaffAccountRoutes(http, moduleDeps);
  registerContractRoutes(http, moduleDeps);
  await registerMaintenance(http, moduleDeps);
  await registerIncidents(http, moduleDeps);
  registerSecurityReports(http, moduleDeps);
  await registerCapacity(http, moduleDeps);
  await registerBackups(http, moduleDeps);
  await registerLifecycle(http, moduleDeps);
  await registerCompliance(http, moduleDeps);
  for (const service of SERVICES) {
    await http.register(
      async (child) => service.routes(createRegistrar(child, { permissionExists: (p) => registry.allPermissions().has(p) }), moduleDeps),
      { prefix: `/api/${service.id}` },
    );
  }
  await registerWebApp(http, options.webDir);
  await http.ready();
  await opsListener.app.ready();

  return {
    config,
    db,
    clock,
    logger,
    registry,
    jobs,
    http,
    ops: opsListener.app,
    routes: [...routes, ...opsListener.routes],
    async listen() {
      if (config.env === 'production' && config.database.kind === 'postgres') {
        const transport = postgresTransport(config.database.appUrl);
        if (transport === 'none' || transport === 'unverified') {
          logger.warn({ transport }, 'The database connection is not TLS-verified: add sslmode=verify-full&sslrootcert=<CA file> to DATABASE_URL (README, "Encryption in transit").');
        }
      }
      const tls = config.tls;
      const bound = await http.listen({ host: config.http.host, port: tls ? tls.httpsPort : config.http.port });
      // fastify names the scheme from its own https option; the TLS server here comes from a factory.
      const httpAddress = tls ? bound.replace(/^http:/, 'https:') : bound;
      if (tls) {
        // PORT keeps answering, but only with a redirect to HTTPS (10.1.1).
        const httpsPort = Number(new URL(httpAddress).port) || 443;
        redirect = await startHttpsRedirect({ host: config.http.host, port: config.http.port, publicUrl: config.http.publicUrl, httpsPort });
      }
      const opsAddress = await opsListener.app.listen({ host: config.metrics.host, port: config.metrics.port });
      if (config.jobsEnabled) jobs.start();
      return { http: httpAddress, ops: opsAddress, ...(redirect ? { redirect: redirect.address } : {}) };
    },
    async close() {
      shuttingDown = true;
      await redirect?.close();
      await opsListener.app.close();
      await http.close();
      await jobs.stop();
      await mailTransport.close();
      if (ownsDb) await db.close();
    },
  };
}
