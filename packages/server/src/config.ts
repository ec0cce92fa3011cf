import { DEFAULT_LINKING_RULES, type LinkingRules } from '@sinag/core';
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
  SINAG_IMPORT_BODY_LIMIT: z.coerce
    .number()
    .int()
    .positive()
    .default(50 * 1024 * 1024),
  SINAG_SESSION_HOURS: z.coerce.number().positive().default(12),
  SINAG_COOKIE_SECURE: bool.default(false),
  SINAG_LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  SINAG_LOCKOUT_MINUTES: z.coerce.number().positive().default(15),
  SINAG_DEFAULT_COUNTRY: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .default('PH'),
  SINAG_DEMO: bool.default(true),
  // Behind a reverse proxy: "true" trusts X-Forwarded-For from any hop, or a comma-separated list of the
  // proxies' addresses/CIDRs. Rate limits and audit entries then see the client's address, not the proxy's.
  SINAG_TRUST_PROXY: z
    .string()
    .min(1)
    .transform((v): boolean | string => (v === 'true' ? true : v === 'false' ? false : v))
    .default(false),
  SINAG_ENCRYPTION_KEY: z.string().min(1).optional(),
  SINAG_ENCRYPTION_KEY_PREVIOUS: z.string().min(1).optional(),
  SINAG_PUBLIC_REPORTS_PER_HOUR: z.coerce.number().int().positive().default(5),
  SINAG_PUBLIC_FOLLOW_UPS_PER_HOUR: z.coerce.number().int().positive().default(20),
  SINAG_ISPWS_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 1024 ** 3),
  // Shared only among the members of a deconfliction federation (see docs/linking.md).
  SINAG_FEDERATION_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  SINAG_LINK_IP_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(DEFAULT_LINKING_RULES.ipWindowMinutes),
  SINAG_LINK_IP_ACROSS_SERVICES: bool.default(DEFAULT_LINKING_RULES.ipAcrossServices),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  adminPassword?: string;
  bodyLimit: number;
  /** Largest request body of a bulk import batch (POST /api/v1/imports/cybertip), in bytes. */
  importBodyLimit: number;
  sessionHours: number;
  cookieSecure: boolean;
  loginMaxFailures: number;
  lockoutMinutes: number;
  defaultCountry: string;
  loadDemo: boolean;
  logLevel: string;
  trustProxy: boolean | string;
  /** Key of the identity store; without it a key file is created in the data folder. */
  encryptionKey?: string;
  /** Earlier keys (comma-separated), still accepted for reading the identity vault while it is re-encrypted. */
  previousEncryptionKeys?: string;
  /** Largest file accepted by POST /ispws/upload (hashed while streaming, never stored). */
  ispwsMaxUploadBytes: number;
  /** Reports the public form accepts per address and hour (every submission counts). */
  publicReportsPerHour: number;
  /** Follow-up attempts (right or wrong code) the public form accepts per address and hour. */
  publicFollowUpsPerHour: number;
  /** Which identifiers link referrals into clusters. */
  linking: LinkingRules;
  /** HMAC key shared by the organisations that deconflict; without it deconfliction is off. */
  federationKey?: string;
}

export class ConfigError extends Error {
  // The CLI loads the server lazily, so it recognises this error by name.
  override name = 'ConfigError';
}

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
    importBodyLimit: e.SINAG_IMPORT_BODY_LIMIT,
    sessionHours: e.SINAG_SESSION_HOURS,
    cookieSecure: e.SINAG_COOKIE_SECURE,
    loginMaxFailures: e.SINAG_LOGIN_MAX_FAILURES,
    lockoutMinutes: e.SINAG_LOCKOUT_MINUTES,
    defaultCountry: e.SINAG_DEFAULT_COUNTRY,
    loadDemo: e.SINAG_DEMO,
    encryptionKey: e.SINAG_ENCRYPTION_KEY,
    previousEncryptionKeys: e.SINAG_ENCRYPTION_KEY_PREVIOUS,
    ispwsMaxUploadBytes: e.SINAG_ISPWS_MAX_UPLOAD_BYTES,
    publicReportsPerHour: e.SINAG_PUBLIC_REPORTS_PER_HOUR,
    publicFollowUpsPerHour: e.SINAG_PUBLIC_FOLLOW_UPS_PER_HOUR,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.SINAG_TRUST_PROXY,
    linking: {
      ...DEFAULT_LINKING_RULES,
      ipWindowMinutes: e.SINAG_LINK_IP_WINDOW_MINUTES,
      ipAcrossServices: e.SINAG_LINK_IP_ACROSS_SERVICES,
    },
    federationKey: e.SINAG_FEDERATION_KEY,
  };
}
