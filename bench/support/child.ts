import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * Runs a bench script in its own Node process (its own event loop and CPU time: load generators never share the
 * measured process) and returns the JSON it prints on its last stdout line.
 */
export function runChild<T>(
  script: string,
  input: unknown,
  options: { timeoutMs?: number } = {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', join(ROOT, 'bench', 'ts-register.cjs'), join(ROOT, 'bench', script)],
      {
        cwd: ROOT,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    child.stdin.end(JSON.stringify(input));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 10 * 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${script} exited with ${code}: ${stderr.slice(-2000)}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no JSON result: ${stdout.slice(-1000)} ${stderr.slice(-1000)}`));
      }
    });
  });
}

/** Child side: reads the input runChild wrote on stdin and prints the result as the last line. */
export async function childMain<I, O>(work: (input: I) => Promise<O>): Promise<void> {
  try {
    let text = '';
    for await (const chunk of process.stdin) text += (chunk as Buffer).toString();
    const result = await work(JSON.parse(text || '{}') as I);
    process.stdout.write(`\n${JSON.stringify(result)}\n`);
    process.exit(0);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  }
}
