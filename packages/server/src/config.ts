import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every setting Sinag reads from the environment, validated once at start-up. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  SINAG_DATA_DIR: z.string().min(1).default('.sinag'),
  SINAG_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  SINAG_BODY_LIMIT: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  SINAG_SESSION_HOURS: z.coerce.number().positive().default(12),
  SINAG_COOKIE_SECURE: bool.default(false),
  SINAG_LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  SINAG_LOCKOUT_MINUTES: z.coerce.number().positive().default(15),
  SINAG_DEFAULT_COUNTRY: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .default('PH'),
  SINAG_DEMO: bool.default(true),
  SINAG_ENCRYPTION_KEY: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  adminPassword?: string;
  bodyLimit: number;
  sessionHours: number;
  cookieSecure: boolean;
  loginMaxFailures: number;
  lockoutMinutes: number;
  defaultCountry: string;
  loadDemo: boolean;
  logLevel: string;
  /** Key of the identity store; without it a key file is created in the data folder. */
  encryptionKey?: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.SINAG_DATA_DIR),
    adminPassword: e.SINAG_ADMIN_PASSWORD,
    bodyLimit: e.SINAG_BODY_LIMIT,
    sessionHours: e.SINAG_SESSION_HOURS,
    cookieSecure: e.SINAG_COOKIE_SECURE,
    loginMaxFailures: e.SINAG_LOGIN_MAX_FAILURES,
    lockoutMinutes: e.SINAG_LOCKOUT_MINUTES,
    defaultCountry: e.SINAG_DEFAULT_COUNTRY,
    loadDemo: e.SINAG_DEMO,
    encryptionKey: e.SINAG_ENCRYPTION_KEY,
    logLevel: e.LOG_LEVEL,
  };
}
