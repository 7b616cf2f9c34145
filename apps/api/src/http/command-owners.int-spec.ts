import { dataSourceOptions } from '@app/platform';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import { DataSource } from 'typeorm';
import { CommandOwners } from './command-owners';

/** Two api instances on one database: each tells whether the other's requests may still run, by its liveness lock. */
describe('CommandOwners: a claim is abandoned when its request is over or its instance died, never by age', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = new DataSource(dataSourceOptions(db.url));
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  const instance = async () => {
    const owners = new CommandOwners(dataSource, db.url);
    await owners.onModuleInit();
    return owners;
  };

  it('own requests: running until ended; another live instance: running; a dead one (connection gone): not', async () => {
    const a = await instance();
    const b = await instance();
    const request = a.begin();
    expect(await a.isRunning(request)).toBe(true);
    expect(await b.isRunning(request)).toBe(true); // b cannot see a's requests: a is alive, so it may still run
    expect(await b.isRunning(null)).toBe(false);
    a.end(request);
    expect(await a.isRunning(request)).toBe(false);

    const dying = b.begin();
    await b.onApplicationShutdown(); // as a kill would: its liveness connection closes
    expect(await a.isRunning(dying)).toBe(false);
    await a.onApplicationShutdown();
  });

  it('the sweep clears the owner of claims whose request ended without clearing it', async () => {
    const a = await instance();
    const running = a.begin();
    const ended = a.begin();
    a.end(ended);
    await dataSource.query(
      `INSERT INTO app_idempotency_keys (scope_key, request_hash, status, owner) VALUES ('u:running', 'h', 'in-progress', $1), ('u:ended', 'h', 'in-progress', $2)`,
      [running, ended],
    );
    await a.sweep();
    const rows: Array<{ scope_key: string; owner: string | null }> = await dataSource.query(
      `SELECT scope_key, owner FROM app_idempotency_keys ORDER BY scope_key`,
    );
    expect(rows).toEqual([
      { scope_key: 'u:ended', owner: null },
      { scope_key: 'u:running', owner: running },
    ]);
    await a.onApplicationShutdown();
  });
});
