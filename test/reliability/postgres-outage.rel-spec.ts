import {
  checkExactlyOnce,
  compareDumps,
  dumpReadModels,
  eventCount,
  hoursCommand,
  makeTempDir,
  openParcours,
  PgServer,
  rebuildProjections,
  removeTempDir,
  report,
  send,
  sendHours,
  sleep,
  startApi,
  storedHours,
  tally,
  User,
  waitCaughtUp,
  type ApiProcess,
  type HoursCommand,
} from './support/harness';

const PARCOURS = 10;
const CLIENTS = 12;
const BEFORE_OUTAGE_MS = 1000;
const OUTAGE_MS = 3000;
/** After PostgreSQL is back, the load goes on this long after the first success. */
const AFTER_RECOVERY_MS = 1500;
/** A client gives up retrying its last command this long after PostgreSQL is back. */
const GIVE_UP_AFTER_RESTART_MS = 20_000;

type Phase = 'before' | 'outage' | 'after';

interface Answer {
  phase: Phase;
  status: number | null;
  code?: string;
  problemJson: boolean;
  error?: string;
}

describe('PostgreSQL stopped and restarted under load, the api kept running', () => {
  let dir: string;
  let pg: PgServer | undefined;
  let api: ApiProcess | undefined;
  let databaseUrl: string;

  beforeAll(async () => {
    dir = makeTempDir('outage');
    pg = await PgServer.start(dir);
    databaseUrl = pg.database('jalon_outage');
    api = await startApi(dir, databaseUrl);
  });

  afterAll(async () => {
    await api?.stop().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    await removeTempDir(dir);
  });

  it('answers 503 problem+json during the outage, never 500, recovers alone, stores acknowledged commands exactly once', async () => {
    const user = new User(api!.baseUrl);
    await user.login();
    const parcours = await openParcours(user, PARCOURS);

    let phase: Phase = 'before';
    let stopLoad = false;
    let restartedAt = 0;
    let firstSuccessAfterRestart = 0;
    const sent: HoursCommand[] = [];
    const acked: HoursCommand[] = [];
    const pending: HoursCommand[] = [];
    const answers: Answer[] = [];
    let sequence = 0;

    // Clients resend a command (same key) until it is acknowledged, like a well-behaved client after a 503.
    const clients = Array.from({ length: CLIENTS }, async (_, client) => {
      let current: HoursCommand | null = null;
      while (true) {
        if (!current) {
          if (stopLoad) return;
          current = hoursCommand(
            `outage-${client}-${sequence++}`,
            parcours[Math.floor(Math.random() * parcours.length)],
            1 + Math.floor(Math.random() * 3),
          );
          sent.push(current);
        }
        if (restartedAt && Date.now() - restartedAt > GIVE_UP_AFTER_RESTART_MS) {
          pending.push(current);
          return;
        }
        const sentIn = phase;
        try {
          const res = await sendHours(user, current, 30_000);
          const answer: Answer = {
            phase: sentIn === 'outage' || phase === 'outage' ? 'outage' : phase,
            status: res.status,
            code: res.body?.code,
            problemJson: /application\/problem\+json/.test(String(res.headers['content-type'])),
          };
          answers.push(answer);
          if (res.status === 200) {
            acked.push(current);
            current = null;
            if (restartedAt && !firstSuccessAfterRestart) firstSuccessAfterRestart = Date.now();
          } else if (
            res.status === 503 ||
            (res.status === 409 && answer.code === 'IDEMPOTENCY_IN_PROGRESS')
          ) {
            await sleep(50 + Math.random() * 100);
          } else {
            current = null; // an unexpected answer: recorded, and the client moves on
          }
        } catch (error) {
          answers.push({
            phase,
            status: null,
            problemJson: false,
            error: (error as { code?: string }).code ?? String(error),
          });
          await sleep(100);
        }
      }
    });

    // /health is watched throughout: 503 while PostgreSQL is down, never 500.
    const healthAnswers: Array<{ phase: Phase; status: number | null; at: number }> = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const asked = phase;
        const res = await send(api!.baseUrl, 'GET', '/health', { timeoutMs: 10_000 }).catch(() => null);
        healthAnswers.push({
          phase: asked === phase ? phase : 'outage',
          status: res?.status ?? null,
          at: Date.now(),
        });
        await sleep(100);
      }
    })();

    await sleep(BEFORE_OUTAGE_MS);
    const stopStarted = Date.now();
    phase = 'outage';
    await pg!.stop();
    const stopMs = Date.now() - stopStarted;
    await sleep(OUTAGE_MS);
    const restartStarted = Date.now();
    pg = await PgServer.start(dir, pg!.port);
    const pgRestartMs = Date.now() - restartStarted;
    restartedAt = Date.now();
    phase = 'after';
    while (!firstSuccessAfterRestart && Date.now() - restartedAt < GIVE_UP_AFTER_RESTART_MS) await sleep(50);
    const recoveryMs = firstSuccessAfterRestart ? firstSuccessAfterRestart - restartedAt : null;
    await sleep(AFTER_RECOVERY_MS);
    stopLoad = true;
    await Promise.all(clients);
    watching = false;
    await watcher;

    const healthBack = healthAnswers.find((h) => h.phase === 'after' && h.status === 200);
    const healthRecoveryMs = healthBack ? healthBack.at - restartedAt : null;
    const catchUpMs = await waitCaughtUp(api!.baseUrl);

    const stored = await storedHours(databaseUrl);
    const check = checkExactlyOnce(user.userId, stored, acked, sent);
    const incremental = await dumpReadModels(databaseUrl);
    const rebuild = await rebuildProjections(dir, databaseUrl);
    const comparison = compareDumps(incremental, await dumpReadModels(databaseUrl));

    const byPhase = (p: Phase) =>
      tally(
        answers
          .filter((a) => a.phase === p)
          .map((a) => (a.status === null ? a.error : `${a.status}${a.code ? ` ${a.code}` : ''}`)),
      );
    const fiveHundreds = answers.filter((a) => a.status !== null && a.status >= 500 && a.status !== 503);
    const bad503 = answers.filter(
      (a) => a.status === 503 && (!a.problemJson || a.code !== 'SERVICE_UNAVAILABLE'),
    );
    const unexpected = answers.filter((a) => a.status !== 200 && a.status !== 503);

    report('PostgreSQL stopped and restarted during a load', {
      parcours: PARCOURS,
      clients: CLIENTS,
      'outage (ms)': `${OUTAGE_MS} (+ ${stopMs} to stop, ${pgRestartMs} to restart)`,
      'commands sent': sent.length,
      'requests sent (with retries)': answers.length,
      'answers before the outage': byPhase('before'),
      'answers during the outage': byPhase('outage'),
      'answers after the restart': byPhase('after'),
      '/health answers': tally(healthAnswers.map((h) => `${h.phase} ${h.status}`)),
      'first acknowledged command after the restart (ms)': recoveryMs,
      '/health 200 after the restart (ms)': healthRecoveryMs,
      'projections caught up after (ms)': catchUpMs,
      acknowledged: acked.length,
      'never acknowledged (client gave up)': pending.length,
      'hour events found': stored.length,
      'events in the store': await eventCount(databaseUrl),
      'commands stored twice': check.twice.length,
      'acknowledged but missing': check.missing.length,
      'stored but never acknowledged': check.storedNotExpected.length,
      'per-parcours total mismatches': check.totalMismatches.length,
      '5xx other than 503': fiveHundreds.length,
      '503 not problem+json SERVICE_UNAVAILABLE': bad503.length,
      'rebuild (ms)': rebuild.ms,
      'read-model tables / rows compared': `${comparison.tables} / ${comparison.rows}`,
      'read-model mismatches': comparison.mismatches.length,
    });

    expect(api!.running()).toBe(true);
    expect(answers.filter((a) => a.phase === 'outage' && a.status === 503).length).toBeGreaterThan(0);
    expect(healthAnswers.filter((h) => h.status === 503).length).toBeGreaterThan(0);
    expect(healthAnswers.filter((h) => h.status !== 200 && h.status !== 503)).toEqual([]);
    expect(fiveHundreds).toEqual([]);
    expect(bad503).toEqual([]);
    expect(answers.filter((a) => a.status === null)).toEqual([]);
    expect(unexpected).toEqual([]);
    expect(recoveryMs).not.toBeNull();
    expect(healthRecoveryMs).not.toBeNull();
    expect(pending.map((c) => c.key)).toEqual([]);
    expect(check.twice).toEqual([]);
    expect(check.missing.map((c) => c.key)).toEqual([]);
    expect(check.storedNotExpected).toEqual([]);
    expect(check.unknown).toEqual([]);
    expect(check.totalMismatches).toEqual([]);
    expect(comparison.mismatches.slice(0, 5)).toEqual([]);
  });
});
