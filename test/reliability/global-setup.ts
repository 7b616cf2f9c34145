// Loaded by jest outside the test sandbox.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanRunDir } from './support/cleanup';
import { ROOT, RUN_DIR_ENV } from './support/paths';

const OUTPUTS = ['dist/apps/api/src/main.js', 'dist/apps/cli/src/main.js'];
const SOURCES = ['apps/api/src', 'apps/cli/src', 'libs'];

/** Newest modification time of the TypeScript sources the api and the CLI are built from. */
function newestSource(): number {
  let newest = 0;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path);
      } else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name)) {
        newest = Math.max(newest, statSync(path).mtimeMs);
      }
    }
  };
  for (const dir of SOURCES) walk(join(ROOT, dir));
  return newest;
}

const builtAt = (): number =>
  Math.min(
    ...OUTPUTS.map((output) => (existsSync(join(ROOT, output)) ? statSync(join(ROOT, output)).mtimeMs : 0)),
  );

/** Builds the api and the CLI when dist is missing or older than the sources; creates the run's temp directory. */
export default async function globalSetup(): Promise<void> {
  if (builtAt() < newestSource()) {
    const started = Date.now();
    const nest = join(ROOT, 'node_modules', '.bin', 'nest');
    // One build compiles the whole tsconfig.build.json program (api, projector, cli); the cli build is a fallback.
    execFileSync(nest, ['build', 'api'], { cwd: ROOT, stdio: 'inherit' });
    if (builtAt() < started) execFileSync(nest, ['build', 'cli'], { cwd: ROOT, stdio: 'inherit' });
    process.stdout.write(`\nreliability: built dist in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  // Run directories left by a run that was killed outright (its teardown never ran): their processes died with it.
  for (const name of readdirSync(tmpdir())) {
    const stale = join(tmpdir(), name);
    if (name.startsWith('jalon-reliability-') && Date.now() - statSync(stale).mtimeMs > 3_600_000)
      await cleanRunDir(stale);
  }
  const runDir = mkdtempSync(join(tmpdir(), 'jalon-reliability-'));
  // As root, PostgreSQL runs as the postgres user, which must reach its data directory.
  chmodSync(runDir, 0o755);
  process.env[RUN_DIR_ENV] = runDir;
}
