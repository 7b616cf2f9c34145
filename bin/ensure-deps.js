#!/usr/bin/env node
// Runs before `npm start` and `npm test`: installs the locked dependencies when node_modules is missing or older than
// package-lock.json, so a fresh clone needs only `npm start` or `npm test`. Dependency-free on purpose (it runs before
// anything is installed).
const { existsSync, readFileSync, statSync, utimesSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..');
const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json'); // written by npm after every install

const packagesOf = (file) => {
  const { packages = {} } = JSON.parse(readFileSync(file, 'utf8'));
  return Object.entries(packages).filter(([path]) => path.startsWith('node_modules/'));
};
const identity = (meta) => `${meta.version}|${meta.resolved ?? ''}|${meta.integrity ?? ''}`;

const sameTree = () => {
  const wanted = new Map(packagesOf(lock));
  const have = packagesOf(installed);
  if (have.some(([path, meta]) => !wanted.has(path) || identity(wanted.get(path)) !== identity(meta))) return false;
  const haveIds = new Set(have.map(([path]) => path));
  // Optional packages for other platforms are in the lock but never installed.
  return [...wanted].every(([path, meta]) => haveIds.has(path) || meta.optional);
};

const reason = !existsSync(installed)
  ? 'node_modules is missing'
  : statSync(installed).mtimeMs < statSync(lock).mtimeMs && !sameTree()
    ? 'package-lock.json is newer than node_modules'
    : null;

if (reason === null) {
  if (existsSync(installed) && statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
    const now = new Date();
    utimesSync(installed, now, now); // same tree, only the lock's date moved (e.g. a checkout): no reinstall next time
  }
  process.exit(0);
}
process.stderr.write(`Installing the locked dependencies (${reason}): npm ci…\n`);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
