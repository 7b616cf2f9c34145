import { plainToInstance } from 'class-transformer';
import { IsBooleanString, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { isIP } from 'node:net';
import { resolve } from 'node:path';

/** Environment variables Jalon reads. Everything is validated at start; a bad value stops the start naming it. */
class Environment {
  @IsOptional() @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @IsOptional() @Matches(/^\d+$/, { message: 'PORT must be a number between 0 and 65535' })
  PORT?: string;

  @IsOptional() @IsString()
  HOST?: string;

  @IsOptional() @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// connection string' })
  DATABASE_URL?: string;

  @IsOptional() @IsString()
  JALON_DATA_DIR?: string;

  @IsOptional() @IsIn(['postgres', 'kurrentdb'], { message: 'EVENT_STORE must be "postgres" or "kurrentdb"' })
  EVENT_STORE?: string;

  @IsOptional() @Matches(/^(kurrentdb|esdb)(\+discover)?:\/\/.+/, { message: 'KURRENTDB_URL must be a kurrentdb:// connection string' })
  KURRENTDB_URL?: string;

  @IsOptional() @IsIn(['inline', 'off'], { message: 'PROJECTIONS must be "inline" or "off"' })
  PROJECTIONS?: string;

  @IsOptional() @IsString() @MinLength(32, { message: 'AUTH_JWT_SECRET must be at least 32 characters' })
  AUTH_JWT_SECRET?: string;

  @IsOptional() @Matches(/^\d+[smhd]$/, { message: 'AUTH_JWT_TTL must look like 8h, 30m or 3600s' })
  AUTH_JWT_TTL?: string;

  @IsOptional() @IsString()
  AUTH_USERS_FILE?: string;

  @IsOptional() @IsBooleanString({ message: 'AUTH_DEMO_USERS must be true or false' })
  AUTH_DEMO_USERS?: string;

  @IsOptional() @Matches(/^https?:\/\/.+/, { message: 'AUTH_OIDC_ISSUER must be an http(s) URL' })
  AUTH_OIDC_ISSUER?: string;

  @IsOptional() @Matches(/^https?:\/\/.+/, { message: 'AUTH_OIDC_JWKS_URL must be an http(s) URL' })
  AUTH_OIDC_JWKS_URL?: string;

  @IsOptional() @IsString()
  AUTH_OIDC_AUDIENCE?: string;

  @IsOptional() @IsString()
  RULES_FILE?: string;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional() @IsString()
  LOG_FILE?: string;

  @IsOptional() @Matches(/^[0-9a-fA-F]{64}$/, { message: 'JALON_MASTER_KEY must be 64 hexadecimal characters (32 bytes)' })
  JALON_MASTER_KEY?: string;

  @IsOptional() @IsInt() @Min(1) @Max(100)
  DB_POOL_SIZE?: number;

  @IsOptional() @IsString()
  TRUSTED_PROXIES?: string;

  @IsOptional() @IsString()
  CORS_ORIGINS?: string;

  @IsOptional() @IsBooleanString({ message: 'DOCS_PUBLIC must be true or false' })
  DOCS_PUBLIC?: string;

  @IsOptional() @Matches(/^([1-9]|[1-9]\d)$/, { message: 'JALON_RETENTION_YEARS must be a whole number of years between 1 and 99' })
  JALON_RETENTION_YEARS?: string;
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Null: start the embedded PostgreSQL under dataDir. */
  databaseUrl: string | null;
  dataDir: string;
  eventStore: { kind: 'postgres' } | { kind: 'kurrentdb'; url: string };
  projections: 'inline' | 'off';
  auth: {
    jwtSecret: string | null;
    jwtTtl: string;
    usersFile: string | null;
    demoUsers: boolean;
    oidc: { issuer: string; jwksUrl: string | null; audience: string | null } | null;
  };
  http: {
    /**
     * Addresses (IP, IP/prefix, or loopback / linklocal / uniquelocal) of the reverse proxies whose X-Forwarded-For
     * is believed; empty: the client address is the socket's, forwarded headers are ignored.
     */
    trustedProxies: string[];
    /** Origins allowed to call the API from a browser (CORS); empty: no cross-origin access. */
    corsOrigins: string[];
    /** Serve /docs and /docs-json; off in production unless DOCS_PUBLIC=true. */
    docsPublic: boolean;
  };
  rulesFile: string | null;
  logLevel: string;
  /** Personal data is erased this many years after the parcours ended (closure, or attestation). */
  retention: { yearsAfterEnd: number };
  /** Write the JSON logs to this file instead of standard output. */
  logFile: string | null;
  masterKey: string | null;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads and validates the environment; throws ConfigError listing every bad or missing variable by name. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const env = plainToInstance(Environment, raw, { enableImplicitConversion: false });
  if (raw.DB_POOL_SIZE !== undefined) (env as { DB_POOL_SIZE?: number }).DB_POOL_SIZE = Number(raw.DB_POOL_SIZE);
  const problems = validateSync(env, { skipMissingProperties: false, whitelist: false }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) => `${error.property}: ${message}`),
  );
  const nodeEnv = (env.NODE_ENV ?? 'development') as AppConfig['env'];
  const production = nodeEnv === 'production';
  const port = Number(env.PORT ?? 3000);
  if (env.PORT !== undefined && (port < 0 || port > 65535)) problems.push('PORT: must be a number between 0 and 65535');
  const eventStoreKind = env.EVENT_STORE ?? 'postgres';
  if (eventStoreKind === 'kurrentdb' && !env.KURRENTDB_URL) problems.push('KURRENTDB_URL: required when EVENT_STORE=kurrentdb');
  if (production && !env.AUTH_JWT_SECRET) problems.push('AUTH_JWT_SECRET: required when NODE_ENV=production (at least 32 characters)');
  if (production && !env.DATABASE_URL) problems.push('DATABASE_URL: required when NODE_ENV=production (the embedded database is for development)');
  if (production && !env.JALON_MASTER_KEY) problems.push('JALON_MASTER_KEY: required when NODE_ENV=production (64 hex characters)');
  const demoUsers = env.AUTH_DEMO_USERS !== undefined ? env.AUTH_DEMO_USERS === 'true' : !production;
  if (production && !demoUsers && !env.AUTH_USERS_FILE && !env.AUTH_OIDC_ISSUER) {
    problems.push('AUTH_USERS_FILE or AUTH_OIDC_ISSUER: production needs a users file or an OIDC issuer (demo users are off)');
  }
  const trustedProxies = list(env.TRUSTED_PROXIES);
  for (const entry of trustedProxies) {
    if (!isProxyAddress(entry)) problems.push(`TRUSTED_PROXIES: "${entry}" is not an IP address, an IP/prefix, loopback, linklocal or uniquelocal`);
  }
  const corsOrigins = list(env.CORS_ORIGINS);
  for (const origin of corsOrigins) {
    if (!isOrigin(origin)) problems.push(`CORS_ORIGINS: "${origin}" is not an origin like https://jalon.example.be (scheme, host, optional port, no path)`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    env: nodeEnv,
    port,
    host: env.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    databaseUrl: env.DATABASE_URL ?? null,
    dataDir: resolve(env.JALON_DATA_DIR ?? '.data'),
    eventStore: eventStoreKind === 'kurrentdb' ? { kind: 'kurrentdb', url: env.KURRENTDB_URL! } : { kind: 'postgres' },
    projections: (env.PROJECTIONS ?? 'inline') as AppConfig['projections'],
    auth: {
      jwtSecret: env.AUTH_JWT_SECRET ?? null,
      jwtTtl: env.AUTH_JWT_TTL ?? '8h',
      usersFile: env.AUTH_USERS_FILE ?? null,
      demoUsers,
      oidc: env.AUTH_OIDC_ISSUER
        ? { issuer: env.AUTH_OIDC_ISSUER, jwksUrl: env.AUTH_OIDC_JWKS_URL ?? null, audience: env.AUTH_OIDC_AUDIENCE ?? null }
        : null,
    },
    http: {
      trustedProxies,
      corsOrigins,
      docsPublic: env.DOCS_PUBLIC !== undefined ? env.DOCS_PUBLIC === 'true' : !production,
    },
    rulesFile: env.RULES_FILE ?? null,
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    logFile: env.LOG_FILE ?? null,
    retention: { yearsAfterEnd: Number(env.JALON_RETENTION_YEARS ?? 10) },
    masterKey: env.JALON_MASTER_KEY ?? null,
  };
}

/** A comma-separated list, blanks trimmed, empty entries dropped. */
const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** What Express's `trust proxy` (proxy-addr) accepts: an address, a subnet with its prefix length, or a named range. */
export function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const version = isIP(address ?? '');
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}
