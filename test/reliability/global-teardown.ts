import { cleanRunDir } from './support/cleanup';
import { RUN_DIR_ENV } from './support/paths';

/** Whatever a failed or interrupted test file left behind: its processes (by recorded pid) and temp directories. */
export default async function globalTeardown(): Promise<void> {
  const runDir = process.env[RUN_DIR_ENV];
  if (runDir) await cleanRunDir(runDir);
}
