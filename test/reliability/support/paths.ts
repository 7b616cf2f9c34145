import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');
/** Temp directory of one suite run (created by global-setup, removed by global-teardown). */
export const RUN_DIR_ENV = 'JALON_RELIABILITY_RUN_DIR';
export const API_MAIN = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
export const CLI_MAIN = join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');
export const PG_SERVER = join(__dirname, 'pg-server.cjs');
export const CHILD_GUARD = join(__dirname, 'child-guard.cjs');
