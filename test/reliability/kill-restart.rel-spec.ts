import {
  checkExactlyOnce,
  compareDumps,
  dumpReadModels,
  eventCount,
  hoursCommand,
  openParcours,
  PgServer,
  pool,
  rebuildProjections,
  removeTempDir,
  report,
  sendHours,
  sleep,
  startApi,
  storedHours,
  tally,
  User,
  waitCaughtUp,
  makeTempDir,
  type ApiProcess,
  type HoursCommand,
} from './support/harness';

const PARCOURS = 20;
const CLIENTS = 16;
const LOAD_MS = 3000;

interface Outcome {
  status: number | null;
  code?: string;
  error?: string;
  version?: number;
}

describe('kill -9 of the api during a write load, then a restart on the same database', () => {
  let dir: string;
  let pg: PgServer | undefined;
  let api: ApiProcess | undefined;
  let databaseUrl: string;

  beforeAll(async () => {
    dir = makeTempDir('kill');
    pg = await PgServer.start(dir);
    databaseUrl = pg.database('jalon_kill');
    api = await startApi(dir, databaseUrl, 'api-before-kill');
  });

  afterAll(async () => {
    await api?.stop().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    await removeTempDir(dir);
  });

  it('stores every acknowledged command exactly once, resends are absorbed, read models equal a rebuild', async () => {
    const user = new User(api!.baseUrl);
    await user.login();
    const parcours = await openParcours(user, PARCOURS);

    // Load: 16 clients record hours, each command with its own Idempotency-Key; SIGKILL half-way through.
    const sent: HoursCommand[] = [];
    const outcomes = new Map<string, Outcome>();
    let killed = false;
    let sequence = 0;
    const started = Date.now();
    const killAfter = 1200 + Math.floor(Math.random() * 800);
    const clients = Array.from({ length: CLIENTS }, async (_, client) => {
      while (Date.now() - started < LOAD_MS) {
        const command = hoursCommand(
          `kill-${client}-${sequence++}`,
          parcours[Math.floor(Math.random() * parcours.length)],
          1 + Math.floor(Math.random() * 3),
        );
        sent.push(command);
        try {
          const res = await sendHours(user, command);
          outcomes.set(command.key, { status: res.status, code: res.body?.code, version: res.body?.version });
        } catch (error) {
          outcomes.set(command.key, {
            status: null,
            error: (error as { code?: string }).code ?? String(error),
          });
          if (killed) return; // the server is gone: this client stops
        }
      }
    });
    const killer = (async () => {
      await sleep(killAfter);
      killed = true;
      await api!.kill9();
    })();
    await Promise.all([...clients, killer]);
    const beforeKill = [...outcomes.values()];
    const acked = sent.filter((c) => outcomes.get(c.key)!.status === 200);
    const unacked = sent.filter((c) => outcomes.get(c.key)!.status !== 200);

    // Restart on the same database; resend every unacknowledged command (same key) and some acknowledged ones.
    const restartStarted = Date.now();
    api = await startApi(dir, databaseUrl, 'api-after-kill');
    const restartMs = Date.now() - restartStarted;
    user.baseUrl = api.baseUrl;
    const ackedSample = [...acked].sort(() => Math.random() - 0.5).slice(0, 40);
    const resent = [...unacked, ...ackedSample];
    const resendStarted = Date.now();
    const resendOnce = async (command: HoursCommand) => {
      try {
        const res = await sendHours(user, command, 40_000);
        const code = res.body?.code as string | undefined;
        return {
          command,
          status: res.status as number | null,
          code,
          version: res.body?.version as number | undefined,
          replayed: res.headers['idempotent-replayed'] === 'true',
        };
      } catch (error) {
        return {
          command,
          status: null,
          code: (error as { code?: string }).code ?? String(error),
          version: undefined,
          replayed: false,
        };
      }
    };
    let inProgressAnswers = 0;
    const resendResults = await pool(resent, CLIENTS, async (command) => {
      const first = await resendOnce(command);
      if (first.status !== 409 || first.code !== 'IDEMPOTENCY_IN_PROGRESS')
        return { ...first, ms: Date.now() - resendStarted };
      // A client retries "still in progress" once; the key's first request died with the process that ran it.
      inProgressAnswers += 1;
      return { ...(await resendOnce(command)), ms: Date.now() - resendStarted };
    });
    const resendMs = Date.now() - resendStarted;
    const finallyAcked = new Set([
      ...acked,
      ...resendResults.filter((r) => r.status === 200).map((r) => r.command),
    ]);
    const replayMismatches = resendResults.filter(
      (r) =>
        outcomes.get(r.command.key)!.status === 200 &&
        (r.status !== 200 || !r.replayed || r.version !== outcomes.get(r.command.key)!.version),
    );

    // The store: each acknowledged (or resent until acknowledged) command exactly once, nothing else, right totals.
    const catchUpMs = await waitCaughtUp(api.baseUrl);
    const stored = await storedHours(databaseUrl);
    const check = checkExactlyOnce(user.userId, stored, [...finallyAcked], sent);

    // Read models after the crash equal a full rebuild from the events.
    const incremental = await dumpReadModels(databaseUrl);
    const rebuild = await rebuildProjections(dir, databaseUrl);
    const rebuilt = await dumpReadModels(databaseUrl);
    const comparison = compareDumps(incremental, rebuilt);

    report('kill -9 during a write load, restart, resend', {
      parcours: PARCOURS,
      clients: CLIENTS,
      'killed after (ms)': killAfter,
      'commands sent before the kill': sent.length,
      'acknowledged before the kill': acked.length,
      'statuses before the kill': tally(beforeKill.map((o) => o.status ?? o.error)),
      'restart to /health 200 (ms)': restartMs,
      'resent (unacknowledged + acknowledged sample)': `${resent.length} (${unacked.length} + ${ackedSample.length})`,
      'resend statuses': tally(
        resendResults.map((r) => (r.status === 200 ? '200' : `${r.status} ${r.code ?? ''}`.trim())),
      ),
      'answers 409 IDEMPOTENCY_IN_PROGRESS (retried once)': inProgressAnswers,
      'resend wall time (ms)': resendMs,
      'slowest resend (ms)': Math.max(0, ...resendResults.map((r) => r.ms)),
      'acknowledged in the end': finallyAcked.size,
      'hour events found': stored.length,
      'events in the store': await eventCount(databaseUrl),
      'commands stored twice': check.twice.length,
      'acknowledged but missing': check.missing.length,
      'stored but never acknowledged': check.storedNotExpected.length,
      'unknown command ids': check.unknown.length,
      'per-parcours total mismatches': check.totalMismatches.length,
      'replays not identical to the first answer': replayMismatches.length,
      'projections caught up after (ms)': catchUpMs,
      'rebuild (ms)': rebuild.ms,
      'read-model tables / rows compared': `${comparison.tables} / ${comparison.rows}`,
      'read-model mismatches': comparison.mismatches.length,
    });

    expect(acked.length).toBeGreaterThan(20);
    expect(beforeKill.filter((o) => o.status !== null && o.status !== 200)).toEqual([]);
    expect(
      resendResults.filter((r) => r.status !== 200).map((r) => `${r.command.key}: ${r.status} ${r.code}`),
    ).toEqual([]);
    expect(replayMismatches).toEqual([]);
    expect(check.twice).toEqual([]);
    expect(check.missing.map((c) => c.key)).toEqual([]);
    expect(check.storedNotExpected).toEqual([]);
    expect(check.unknown).toEqual([]);
    expect(check.totalMismatches).toEqual([]);
    expect(comparison.mismatches.slice(0, 5)).toEqual([]);
    expect(api.log()).not.toMatch(/"code":"INTERNAL_ERROR"/);
  });
});
