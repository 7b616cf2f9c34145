import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every process the suite starts is recorded under its temp directory (`.pids/<pid>` holding a word its command line
 * must contain), so that a failed or interrupted file can still be cleaned up by pid, never by name.
 */
const PIDS = '.pids';

export function recordPid(dir: string, pid: number, marker: string): void {
  mkdirSync(join(dir, PIDS), { recursive: true });
  writeFileSync(join(dir, PIDS, String(pid)), marker);
}

export function forgetPid(dir: string, pid: number): void {
  rmSync(join(dir, PIDS, String(pid)), { force: true });
}

const commandLine = (pid: number): string | null => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return null;
  }
};

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Files or directories named `name` under dir (a few levels deep). */
function find(dir: string, name: string, depth = 4): string[] {
  if (depth < 0 || !existsSync(dir)) return [];
  const found: string[] = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.name === name) found.push(path);
    else if (entry.isDirectory()) found.push(...find(path, name, depth - 1));
  }
  return found;
}

const waitGone = async (pid: number, ms: number): Promise<boolean> => {
  const deadline = Date.now() + ms;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
};

/** Kills what is still running from dir (recorded pids, then PostgreSQL postmasters of data dirs in it), then removes dir. */
export async function cleanRunDir(dir: string): Promise<void> {
  if (!existsSync(dir)) return;
  for (const pidDir of find(dir, PIDS)) {
    for (const name of readdirSync(pidDir)) {
      const pid = Number(name);
      const marker = readFileSync(join(pidDir, name), 'utf8');
      if (Number.isInteger(pid) && alive(pid) && commandLine(pid)?.includes(marker))
        process.kill(pid, 'SIGKILL');
    }
  }
  for (const pidFile of find(dir, 'postmaster.pid')) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0 && alive(pid) && commandLine(pid)?.includes('postgres')) {
      process.kill(pid, 'SIGQUIT'); // immediate shutdown
      if (!(await waitGone(pid, 5000))) process.kill(pid, 'SIGKILL');
    }
  }
  rmSync(dir, { recursive: true, force: true });
}
