/* global require, process */
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS, run by node outside jest */
// Runs one command for the reliability suite and never lets it outlive the test that started it.
//
//   node child-guard.cjs <registryDir> <command> [args…]
//
// The child's pid is recorded in <registryDir>/.pids (see cleanup.ts). Lines written to this process's standard input
// are signals for the child ("SIGKILL", "SIGTERM"); when standard input closes (the test process ended, however it
// ended) the child is killed. Output is the child's; the exit code is the child's (128 + signal number if killed).
const { spawn } = require('node:child_process');
const { mkdirSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { constants } = require('node:os');

const [registryDir, command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
const record = join(registryDir, '.pids', String(child.pid));
mkdirSync(join(registryDir, '.pids'), { recursive: true });
writeFileSync(record, args[0] ?? command);

let buffered = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffered += chunk;
  let end;
  while ((end = buffered.indexOf('\n')) >= 0) {
    const signal = buffered.slice(0, end).trim();
    buffered = buffered.slice(end + 1);
    if (signal === 'SIGKILL' || signal === 'SIGTERM') child.kill(signal);
  }
});
process.stdin.on('end', () => child.kill('SIGKILL'));
process.stdin.on('error', () => child.kill('SIGKILL'));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill('SIGKILL'));

child.on('exit', (code, signal) => {
  rmSync(record, { force: true });
  process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
});
