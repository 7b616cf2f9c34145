#!/usr/bin/env node
// `npx jalon …`: runs the compiled CLI, (re)building it first when the sources are newer than the build.
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..');
const entry = join(root, 'dist', 'apps', 'cli', 'src', 'main.js');

const newestSource = (dir) => {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (item.name.endsWith('.ts') && !item.name.endsWith('spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
};

const stale = !existsSync(entry) || ['apps/cli', 'libs'].some((d) => newestSource(join(root, d)) > statSync(entry).mtimeMs);
if (stale) {
  process.stderr.write('Building the jalon CLI…\n');
  const built = spawnSync(join(root, 'node_modules', '.bin', 'nest'), ['build', 'cli'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
require(entry);
