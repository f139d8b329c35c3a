import type { FastifyInstance } from 'fastify';
import { systemClock, type Clock } from './core/clock.js';
import type { Config } from './core/config.js';
import { assertRestrictedAppRole, migrate, openDatabase, type Database } from './core/db/index.js';
import { createLogger, type Logger } from './core/logger.js';
import {
  buildHttpServer,
  buildOpsListener,
  createRegistrar,
  registerPlatformRoutes,
  registerWebApp,
  type RouteRecord,
} from './platform/http/index.js';
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
  http: FastifyInstance;
  ops: FastifyInstance;
  routes: RouteRecord[];
  /** Starts both listeners; resolves to their addresses. */
  listen(): Promise<{ http: string; ops: string }>;
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
  const ownsDb = !options.db;
  const db = options.db ?? (await openDatabase(config));
  await migrate(db);
  await assertRestrictedAppRole(db);

  const registry = new ServiceRegistry(SERVICES);
  const deps = { config, db, clock, logger, registry };
  const { app: http, routes } = await buildHttpServer(deps);
  const metrics = createMetrics(http);
  let shuttingDown = false;
  const opsListener = buildOpsListener({ db, metrics, isShuttingDown: () => shuttingDown });

  registerPlatformRoutes(http, deps, { mailboxEnabled: !config.mail.smtpUrl });
  for (const service of SERVICES) {
    await http.register(
      async (child) => service.routes(createRegistrar(child, { permissionExists: (p) => registry.allPermissions().has(p) })),
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
    http,
    ops: opsListener.app,
    routes: [...routes, ...opsListener.routes],
    async listen() {
      const httpAddress = await http.listen({ host: config.http.host, port: config.http.port });
      const opsAddress = await opsListener.app.listen({ host: config.metrics.host, port: config.metrics.port });
      return { http: httpAddress, ops: opsAddress };
    },
    async close() {
      shuttingDown = true;
      await opsListener.app.close();
      await http.close();
      if (ownsDb) await db.close();
    },
  };
}
