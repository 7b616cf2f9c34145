import type { INestApplication } from '@nestjs/common';
import { loadConfig, type AppConfig } from '@app/platform';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../apps/api/src/bootstrap';

/** One master key for the whole bench run: the population seeded with it is read by the api with it. */
export const BENCH_MASTER_KEY = 'b3'.repeat(32);

export const benchConfig = (databaseUrl: string, dataDir: string, projections: 'inline' | 'off'): AppConfig =>
  loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    JALON_MASTER_KEY: process.env.JALON_MASTER_KEY ?? BENCH_MASTER_KEY,
    JALON_DATA_DIR: dataDir,
    AUTH_JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    AUTH_DEMO_USERS: 'true',
    LOG_LEVEL: 'warn',
    PROJECTIONS: projections,
  });

export interface BenchApi {
  app: INestApplication;
  baseUrl: string;
  token(username: string): Promise<string>;
  post(
    token: string,
    path: string,
    body: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** The real api (apps/api/src/bootstrap.ts createApp), production configuration, listening on a free port. */
export async function startApi(config: AppConfig, databaseUrl: string): Promise<BenchApi> {
  const app = await createApp({ config, databaseUrl });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const tokens = new Map<string, string>();
  const post = async (token: string | null, path: string, body: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  };
  return {
    app,
    baseUrl,
    token: async (username) => {
      const known = tokens.get(username);
      if (known) return known;
      const res = await post(null, '/api/auth/login', { username, password: 'demo' });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      tokens.set(username, res.body.accessToken as string);
      return res.body.accessToken as string;
    },
    post: (token, path, body) => post(token, path, body),
    close: () => app.close(),
  };
}
