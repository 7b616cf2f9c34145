import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The embedded default's secrets (issue 23, docs/security.md): what another local user could read. */
describe('embedded PostgreSQL: random password, loopback only, private files', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'jalon-embedded-security-'));
  let report: Record<string, unknown>;

  beforeAll(() => {
    chmodSync(dataDir, 0o755); // as root, the server runs as the postgres user, which must reach its data directory
    const root = join(__dirname, '..', '..', '..');
    const out = execFileSync(process.execPath, ['-r', join(root, 'bench', 'ts-register.cjs'), join(__dirname, '__tests__', 'embedded-secrets.probe.ts'), dataDir], {
      cwd: root,
      encoding: 'utf8',
      timeout: 110000,
    });
    report = JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
  }, 120000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('the password is random, kept in a 0600 file; the marker file (0600) names no password', () => {
    const password = report.password as string;
    expect(password).not.toBe('jalon-embedded');
    expect(password.length).toBeGreaterThanOrEqual(24);
    expect(report.passwordFileMode).toBe('600');
    expect(report.markerMode).toBe('600');
    expect(report.marker).not.toContain(password);
    expect(report.firstUrl).toContain(encodeURIComponent(password));
  });

  it('the PostgreSQL data directory is 0700 and the server listens on 127.0.0.1 only', () => {
    expect(report.pgDirMode).toBe('700');
    expect(report.listen).toEqual([{ listen_addresses: '127.0.0.1' }]);
  });

  it('the old fixed password is refused', () => {
    expect(report.legacy).toMatch(/^refused: .*password/);
  });

  it('a second process (the CLI) shares the running server with the kept password', () => {
    expect(report.secondShares).toBe(true);
    expect(report.secondAnswers).toEqual([{ one: 1 }]);
  });
});
