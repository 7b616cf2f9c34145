import type { INestApplication } from '@nestjs/common';
import { ProjectionRunner } from '@app/event-store';
import { loadConfig, PROJECTION_RUNNER, type Clock } from '@app/platform';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import { Client } from 'pg';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createApp } from '../../apps/api/src/bootstrap';

export interface TestApp {
  app: INestApplication;
  db: TestDatabase;
  http: TestAgent;
  /** Resolves once every projection has applied what was appended so far (no sleeps in tests). */
  whenCaughtUp(): Promise<void>;
  close(): Promise<void>;
}

/** How many rows a table of the test database holds (events, claims, keys…): what a refused command must leave. */
export async function countRows(t: TestApp, table: string): Promise<number> {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`Unsafe table name: ${table}`);
  const db = new Client({ connectionString: t.db.url });
  await db.connect();
  try {
    return Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  } finally {
    await db.end();
  }
}

/** A settable clock: tests decide what "today" is. */
export class TestClock implements Clock {
  constructor(private instant: Date = new Date('2026-11-21T10:00:00Z')) {}
  now(): Date {
    return new Date(this.instant);
  }
  set(iso: string): void {
    this.instant = new Date(iso);
  }
}

/** The real api (all modules, real PostgreSQL database of its own) in-process, for HTTP end-to-end tests. */
export async function createTestApp(
  options: { clock?: Clock; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    AUTH_JWT_SECRET: 'test-secret-test-secret-test-secret-42',
    JALON_MASTER_KEY: '0f'.repeat(32),
    ...options.env,
  });
  const app = await createApp(
    { config, databaseUrl: db.url, clock: options.clock ?? new TestClock() },
    { bufferLogs: true },
  );
  await app.init();
  const runner = app.get<ProjectionRunner | null>(PROJECTION_RUNNER);
  return {
    app,
    db,
    http: request(app.getHttpServer()),
    whenCaughtUp: async () => {
      await runner?.whenCaughtUp();
    },
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
