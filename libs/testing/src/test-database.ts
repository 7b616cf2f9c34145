import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

export const TEMPLATE_DATABASE = 'jalon_template';
export const TEST_SERVER_ENV = 'JALON_TEST_PG_SERVER';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

const serverUrl = (): string => {
  const url = process.env[TEST_SERVER_ENV];
  if (!url) throw new Error(`${TEST_SERVER_ENV} is not set: run the tests through jest (its globalSetup starts PostgreSQL)`);
  return url;
};

const databaseUrl = (name: string): string => {
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
};

/** A fresh, migrated database cloned from the template: one per test file (or per test when isolation matters). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: databaseUrl(name),
    drop: async () => {
      const client = new Client({ connectionString: serverUrl() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
