import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * The one place that reads `process.env`. Parsed once at boot with zod and frozen;
 * a bad value stops the process with a message naming the variable and the fix.
 */
const boolFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce
  .number({ message: 'must be a whole number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_PORT: port.default(9464),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_APP_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).optional(),
  SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\//.test(v), 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Sotas <no-reply@localhost>'),
  PUBLIC_URL: z.url({ message: 'must be an absolute http(s) URL' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SECURITY_CONTACT: z.email({ message: 'must be an e-mail address' }).default('security@localhost'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(480).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  TRUST_PROXY: boolFromEnv.default(false),
  JOBS_ENABLED: boolFromEnv.default(true),
  // Operator console (issue: operator console)
  STAFF_ALERT_EMAIL: z.email({ message: 'must be an e-mail address' }).default('ops@sotas.localhost'),
  MAINTENANCE_LEAD_DAYS: z.coerce.number().int().min(0).max(60).default(7),
  // Keys and encryption in transit
  MASTER_KEY_FILE: z.string().min(1).optional(),
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  HTTPS_PORT: port.optional(),
  // Stored files
  FILE_STORE: z.enum(['local', 's3'], { message: 'must be local or s3' }).default('local'),
  FILES_DIR: z.string().min(1).optional(),
  S3_ENDPOINT: z.url({ message: 'must be an absolute http(s) URL' }).optional(),
  S3_REGION: z.string().min(1).default('ap-northeast-1'),
  S3_BUCKET: z.string().min(3).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: boolFromEnv.default(false),
  UPLOAD_MAX_MB: z.coerce.number().int().min(1).max(1024).default(50),
  // Backups
  BACKUP_ENABLED: boolFromEnv.default(true),
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(5),
  BACKUP_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  // Passwords: a longer minimum than the white paper's 10 characters (it can only tighten the rule).
  PASSWORD_MIN_LENGTH: z.coerce.number().int().min(10).max(31).default(10),
});

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly http: { readonly host: string; readonly port: number; readonly publicUrl: string; readonly trustProxy: boolean };
  readonly metrics: { readonly host: string; readonly port: number };
  readonly dataDir: string;
  readonly database:
    | { readonly kind: 'pglite'; readonly dataDir: string }
    | { readonly kind: 'postgres'; readonly ownerUrl: string; readonly appUrl: string; readonly poolSize: number };
  readonly mail: { readonly smtpUrl: string | undefined; readonly from: string };
  readonly logLevel: string;
  readonly securityContact: string;
  readonly session: { readonly idleMinutes: number; readonly absoluteHours: number };
  /** The minimum password length in force (10–31; the maximum is the white paper's 31). */
  readonly passwordMinLength: number;
  readonly jobsEnabled: boolean;
  /** Where staff alerts (deadlines, capacity, failed backups) are mailed. */
  readonly staffAlertEmail: string;
  readonly maintenance: { readonly leadDays: number };
  /** The master key file that wraps tenant data keys (created 0600 on first start). */
  readonly masterKeyFile: string;
  /** HTTPS served by the app itself when both files are given. */
  readonly tls: { readonly certFile: string; readonly keyFile: string; readonly httpsPort: number } | undefined;
  readonly files:
    | { readonly kind: 'local'; readonly dir: string; readonly maxBytes: number }
    | {
        readonly kind: 's3';
        readonly endpoint: string | undefined;
        readonly region: string;
        readonly bucket: string;
        readonly accessKeyId: string | undefined;
        readonly secretAccessKey: string | undefined;
        readonly forcePathStyle: boolean;
        readonly maxBytes: number;
      };
  readonly backup: { readonly enabled: boolean; readonly dir: string; readonly intervalMinutes: number; readonly retentionDays: number };
}

/** The database role the application serves requests as (not owner, not superuser, no BYPASSRLS). */
export const APP_DB_ROLE = 'sotas_app';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nFix the variables above (see README, "Configuration") and start again.`);
    this.name = 'ConfigError';
  }
}

/** Derives the app-role URL from the owner URL by swapping the user name (trust or peer auth setups). */
function deriveAppUrl(ownerUrl: string): string {
  const url = new URL(ownerUrl);
  url.username = APP_DB_ROLE;
  url.password = '';
  return url.toString();
}

/** Parses an environment (defaults to `process.env`) into a frozen Config, or throws ConfigError. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  if (e.DATABASE_APP_URL && !e.DATABASE_URL) {
    throw new ConfigError(['DATABASE_APP_URL: set DATABASE_URL (the owner connection used for migrations) as well']);
  }
  if (Boolean(e.TLS_CERT_FILE) !== Boolean(e.TLS_KEY_FILE)) {
    throw new ConfigError(['TLS_CERT_FILE / TLS_KEY_FILE: give both the certificate and its private key, or neither']);
  }
  if (e.FILE_STORE === 's3' && !e.S3_BUCKET) {
    throw new ConfigError(['S3_BUCKET: FILE_STORE=s3 needs the bucket name']);
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const maxBytes = e.UPLOAD_MAX_MB * 1024 * 1024;
  const config: Config = {
    env: e.NODE_ENV,
    http: {
      host: e.HOST,
      port: e.PORT,
      publicUrl: (e.PUBLIC_URL ?? (e.TLS_CERT_FILE ? `https://localhost:${e.HTTPS_PORT ?? 3443}` : `http://localhost:${e.PORT}`)).replace(/\/$/, ''),
      trustProxy: e.TRUST_PROXY,
    },
    metrics: { host: e.METRICS_HOST, port: e.METRICS_PORT },
    dataDir,
    database: e.DATABASE_URL
      ? {
          kind: 'postgres',
          ownerUrl: e.DATABASE_URL,
          appUrl: e.DATABASE_APP_URL ?? deriveAppUrl(e.DATABASE_URL),
          poolSize: e.DATABASE_POOL_SIZE ?? Math.max(4, os.availableParallelism() * 4),
        }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'db') },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    logLevel: e.LOG_LEVEL,
    securityContact: e.SECURITY_CONTACT,
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, absoluteHours: e.SESSION_ABSOLUTE_HOURS },
    passwordMinLength: e.PASSWORD_MIN_LENGTH,
    jobsEnabled: e.JOBS_ENABLED,
    staffAlertEmail: e.STAFF_ALERT_EMAIL,
    maintenance: { leadDays: e.MAINTENANCE_LEAD_DAYS },
    masterKeyFile: path.resolve(e.MASTER_KEY_FILE ?? path.join(dataDir, 'keys', 'master.key')),
    tls:
      e.TLS_CERT_FILE && e.TLS_KEY_FILE
        ? { certFile: path.resolve(e.TLS_CERT_FILE), keyFile: path.resolve(e.TLS_KEY_FILE), httpsPort: e.HTTPS_PORT ?? 3443 }
        : undefined,
    files:
      e.FILE_STORE === 's3'
        ? {
            kind: 's3',
            endpoint: e.S3_ENDPOINT,
            region: e.S3_REGION,
            bucket: e.S3_BUCKET ?? '',
            accessKeyId: e.S3_ACCESS_KEY_ID,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
            maxBytes,
          }
        : { kind: 'local', dir: path.resolve(e.FILES_DIR ?? path.join(dataDir, 'files')), maxBytes },
    backup: {
      enabled: e.BACKUP_ENABLED,
      dir: path.resolve(e.BACKUP_DIR ?? path.join(dataDir, 'backups')),
      intervalMinutes: e.BACKUP_INTERVAL_MINUTES,
      retentionDays: e.BACKUP_RETENTION_DAYS,
    },
  };
  return deepFreeze(config);
}

function deepFreeze<T extends object>(value: T): T {
  for (const v of Object.values(value)) {
    if (v && typeof v === 'object') deepFreeze(v as object);
  }
  return Object.freeze(value);
}
