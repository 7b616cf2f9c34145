import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from './config';

/**
 * A development secret kept in the data directory (mode 0600), made on first use so restarts keep it.
 * Production configures its secrets (the config refuses to start without them).
 */
export function developmentSecret(dataDir: string, name: string, bytes: number): Buffer {
  const file = join(dataDir, name);
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(bytes);
  writeFileSync(file, secret.toString('hex'), { mode: 0o600 });
  return secret;
}

/** The 32-byte master key that wraps the per-person keys and keys the NISS hashes. */
export const masterKey = (config: AppConfig): Buffer =>
  config.masterKey ? Buffer.from(config.masterKey, 'hex') : developmentSecret(config.dataDir, 'master-key', 32);

export const jwtSecret = (config: AppConfig): string =>
  config.auth.jwtSecret ?? developmentSecret(config.dataDir, 'jwt-secret', 48).toString('base64url');
