import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { describeEventStoreContract, newEvent } from '../contract/event-store.contract';
import { EventStoreUnavailableError } from '../errors';
import type { EventStore } from '../event-store.port';
import { createKurrentDbEventStore, KurrentDbEventStore } from './kurrentdb-event-store';

const url = process.env.KURRENTDB_URL;

if (!url) {
  console.info(
    'KurrentDB contract tests skipped: set KURRENTDB_URL (e.g. kurrentdb://localhost:2113?tls=false, see docker-compose.yml) to run them',
  );
}

(url ? describe : describe.skip)('KurrentDB server at KURRENTDB_URL', () => {
  describeEventStoreContract('KurrentDB', async () => {
    const store = await KurrentDbEventStore.connect(url!);
    return { store, gapless: false, dispose: () => store.close() };
  });
});

const repoRoot = join(__dirname, '..', '..', '..', '..');

/** A loopback port nobody listens on (taken, then released). */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const rejection = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => new Error('expected a rejection, got a result'),
    (error: unknown) => error,
  );

/** Every operation of the port must reject with EventStoreUnavailableError within `withinMs`. */
const expectAllUnavailable = async (store: EventStore, withinMs: number): Promise<void> => {
  const operations: Array<[string, () => Promise<unknown>]> = [
    ['append', () => store.append(`unreachable-${randomUUID()}`, [newEvent()], 'no-stream')],
    ['readStream', () => store.readStream(`unreachable-${randomUUID()}`)],
    ['readAll', () => store.readAll({ after: 0n, limit: 10 })],
    ['headPosition', () => store.headPosition()],
    ['ping', () => store.ping()],
  ];
  for (const [name, operation] of operations) {
    const started = Date.now();
    const error = await rejection(operation());
    expect({ name, error }).toEqual({ name, error: expect.any(EventStoreUnavailableError) });
    expect(Date.now() - started).toBeLessThan(withinMs);
  }
};

/**
 * Runs `body`, then lets background work (subscription retries, late rejections of timed-out calls) settle.
 * Jest 30 fails the running test on any unhandled rejection or uncaught 'error' event (checked), so a
 * passing test also proves that nothing escaped to the process.
 */
const thenSettle = async (body: () => Promise<void>, settleMs = 500): Promise<void> => {
  await body();
  await new Promise((resolve) => setTimeout(resolve, settleMs));
};

describe('KurrentDB adapter without a reachable server (no server needed)', () => {
  it('an unreachable server gives EventStoreUnavailableError', async () => {
    const port = await freePort();
    const store = await KurrentDbEventStore.connect(
      `kurrentdb://127.0.0.1:${port}?tls=false&defaultDeadline=2000`,
    );
    try {
      await thenSettle(async () => {
        // The live subscription fails in the background and retries: it must neither throw nor crash.
        let woken = 0;
        const unsubscribe = store.onAppended(() => {
          woken += 1;
        });
        await expectAllUnavailable(store, 5000);
        // Long enough for a few failed resubscriptions (backoff 250 ms, 500 ms, …) and one fallback wake-up.
        await new Promise((resolve) => setTimeout(resolve, 2500));
        unsubscribe();
        // The 2 s fallback timer keeps waking listeners while the live subscription is down.
        expect(woken).toBeGreaterThan(0);
      });
    } finally {
      await store.close();
    }
    await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });

  it('a server that accepts connections but never answers gives EventStoreUnavailableError (operation time limit)', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const store = await createKurrentDbEventStore(
      `kurrentdb://127.0.0.1:${port}?tls=false&defaultDeadline=1000`,
      {
        operationTimeoutMs: 1000,
      },
    );
    try {
      await thenSettle(() => expectAllUnavailable(store, 4000));
    } finally {
      await store.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  }, 60000);
});

describe('PostgreSQL mode does not load the KurrentDB client (no server needed)', () => {
  it('requiring libs/event-store/src/index.ts leaves @kurrent/* out of require.cache; connect() loads it', async () => {
    // A real Node process (not jest's module registry): .ts files are transpiled on the fly by typescript.
    const script = `
      const ts = require('typescript');
      const fs = require('fs');
      require.extensions['.ts'] = (module, filename) => {
        const source = fs.readFileSync(filename, 'utf8');
        const { outputText } = ts.transpileModule(source, {
          fileName: filename,
          compilerOptions: {
            module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true,
            experimentalDecorators: true, emitDecoratorMetadata: true,
          },
        });
        module._compile(outputText, filename);
      };
      require('tsconfig-paths/register');
      const kurrent = () => Object.keys(require.cache).filter((key) => key.includes('@kurrent'));
      const index = require(${JSON.stringify(join(repoRoot, 'libs/event-store/src/index.ts'))});
      const afterIndex = kurrent();
      const adapterLoaded = Object.keys(require.cache).some((key) => key.endsWith('kurrentdb-event-store.ts'));
      index.createKurrentDbEventStore('kurrentdb://127.0.0.1:1?tls=false').then(async (store) => {
        const afterConnect = kurrent();
        await store.close();
        process.stdout.write(JSON.stringify({ afterIndex, adapterLoaded, afterConnect: afterConnect.length }));
        process.exit(0);
      }, (error) => { console.error(error); process.exit(1); });
    `;
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['-e', script],
        { cwd: repoRoot, timeout: 60000 },
        (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
      );
    });
    const result = JSON.parse(output) as {
      afterIndex: string[];
      adapterLoaded: boolean;
      afterConnect: number;
    };
    expect(result.adapterLoaded).toBe(true);
    expect(result.afterIndex).toEqual([]);
    expect(result.afterConnect).toBeGreaterThan(0);
  }, 60000);
});
