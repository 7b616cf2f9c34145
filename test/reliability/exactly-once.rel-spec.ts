/**
 * Exactly once under faults (issue 14): a load that mixes every parcours and sanction command type runs while the
 * whole app — api and PostgreSQL — is killed with SIGKILL at three moments; after each restart every client resends
 * the request it had in flight with the same Idempotency-Key and body, then goes on. Asserted: every command ends
 * with the success answer its script expects (a resend after a commit answers the stored outcome, never a refusal),
 * resends of acknowledged commands replay the first answer, nothing is stored twice, one open parcours per person
 * (a second opening with a new key is refused), one open procedure per breach, attestation numbers without gaps,
 * and the read models equal a rebuild.
 */
import { isDeepStrictEqual } from 'node:util';
import { Client as PgClient } from 'pg';
import { nissFor, obligedPerson } from '../support/api';
import {
  commandIdFor,
  compareDumps,
  dumpReadModels,
  makeTempDir,
  PgServer,
  query,
  rebuildProjections,
  removeTempDir,
  report,
  sleep,
  startApi,
  tally,
  User,
  waitCaughtUp,
  type ApiProcess,
  type HttpResult,
} from './support/harness';

/** The longest each kill waits for a committed-but-unanswered request, from the load start or the previous restart (ms). */
const KILL_AFTER_MS = [400, 900, 1600];
const ATTESTED = 10;
const DELAYED = 10;
const SANCTIONED = 10;

type Who = 'cai.aline' | 'cai.coord' | 'sanction';
interface Step {
  key: string;
  who: Who;
  path: string;
  body: unknown;
  expect: 200 | 201;
}
interface Answer {
  status: number;
  body: unknown;
}

const person = (n: number, extra: Record<string, unknown> = {}) => {
  const base = obligedPerson();
  return obligedPerson({ person: { ...base.person, lastName: `Fiable${n}`, niss: nissFor('1990-04-12', 100 + n) }, ...extra });
};

/** A script: the commands of one case, in order; `{id}` in a path is the case's id (known once opened). */
function attestedScript(n: number): Step[] {
  const k = (s: string) => `eo-a${n}-${s}`;
  const p = (path: string, body: unknown, who: Who = 'cai.aline'): Step => ({ key: k(path), who, path: `/api/parcours/{id}/${path}`, body, expect: 200 });
  return [
    { key: k('open'), who: 'cai.aline', path: '/api/parcours', body: person(n), expect: 201 },
    p('presentation', { date: '2026-02-20' }),
    p('accueil/rights-and-duties', { date: '2026-03-02' }),
    p('accueil/bilan-social', { date: '2026-03-02', needs: ['logement'] }),
    p('french/positioning', { date: '2026-03-03', level: 'A1', test: 'ELAO' }),
    p('convention', { signedOn: '2026-03-10', includesFrench: true, includesIsp: true, citizenshipLanguage: 'ar' }),
    p('citizenship/hours', { operator: 'CAI', from: '2026-03-15', to: '2026-05-15', hours: 60, language: 'ar' }),
    p('isp/hours', { provider: 'Forem', date: '2026-04-02', hours: 4 }),
    p('french/hours', { operator: 'Lire et Écrire Namur', from: '2026-03-15', to: '2026-09-30', hours: 180.5 }),
    p('french/certification', { date: '2026-10-05', level: 'A2', issuer: 'Promotion sociale de Namur', test: 'Examen A2' }),
    p('evaluations', { date: '2026-10-20', convocation: 'email', attended: true }),
    p('attestation', { issuedOn: '2026-11-02' }),
    p('nationality-dossier', { openedOn: '2026-11-10' }),
    p('nationality-dossier/proofs', { kind: 'economic-participation', issuer: 'ONSS', date: '2026-11-12', reference: 'Attestation 468 jours' }),
    p('closure', { date: '2026-11-20', reason: 'left-belgium' }),
  ];
}

function delayedScript(n: number): Step[] {
  const k = (s: string) => `eo-d${n}-${s}`;
  const p = (path: string, body: unknown, who: Who = 'cai.aline'): Step => ({ key: k(path), who, path: `/api/parcours/{id}/${path}`, body, expect: 200 });
  return [
    { key: k('open'), who: 'cai.aline', path: '/api/parcours', body: person(ATTESTED + n), expect: 201 },
    p('presentation', { date: '2026-02-20' }),
    p('accueil/rights-and-duties', { date: '2026-03-02' }),
    p('accueil/bilan-social', { date: '2026-03-02' }),
    p('french/positioning', { date: '2026-03-03', level: 'A1' }),
    p('convention', { signedOn: '2026-03-10', includesFrench: true }),
    p('training-unavailability', { axis: 'french', from: '2026-04-01', to: '2026-04-30' }),
    p('suspensions', { from: '2026-05-01', reason: 'illness' }),
    p('suspensions/end', { to: '2026-06-01' }),
    p('extensions', { decidedOn: '2026-07-01', until: '2029-08-01', reason: 'illness' }),
    p('dispenses', { category: 'D2', decidedOn: '2026-08-01', evidence: 'certificat' }),
    p('transfer', { toCri: 'CRIPEL', communeCode: '62063', date: '2026-09-01' }, 'cai.coord'),
  ];
}

/** A late presentation (registered 02/02/2026, never presented) and one of five ways its procedure goes. */
function sanctionScript(n: number): Step[] {
  const k = (s: string) => `eo-s${n}-${s}`;
  const s = (path: string, body: unknown): Step => ({ key: k(path), who: 'sanction', path: `/api/sanctions/{procedure}/${path}`, body, expect: 200 });
  const opening: Step[] = [
    { key: k('parcours'), who: 'cai.aline', path: '/api/parcours', body: person(ATTESTED + DELAYED + n), expect: 201 },
    { key: k('report'), who: 'sanction', path: '/api/sanctions', body: { parcoursId: '{id}', breach: 'presentation', reportedOn: '2026-06-01' }, expect: 201 },
  ];
  const notice = s('notice', { sentOn: '2026-06-05' });
  const fine = s('decision', { decidedOn: '2026-07-10', outcome: 'fine', amount: 250 });
  switch (n % 5) {
    case 0:
      return [...opening, notice, s('defence', { receivedOn: '2026-06-15', summary: 'Pas de garde pour les enfants' }), fine, s('payment', { paidOn: '2026-08-01', amount: 100 }), s('payment-rest', { paidOn: '2026-08-20' }), s('closure', { closedOn: '2026-08-21' })];
    case 1:
      return [...opening, notice, fine, s('appeal', { lodgedOn: '2026-07-20', authority: 'Tribunal du travail' }), s('appeal-outcome', { decidedOn: '2026-09-01', outcome: 'reduced', amount: 100 }), s('closure', { closedOn: '2026-09-02' })];
    case 2:
      return [...opening, s('withdrawal', { withdrawnOn: '2026-06-02', reason: 'Ouverte par erreur' })];
    case 3:
      return [...opening, notice, s('decision', { decidedOn: '2026-07-10', outcome: 'dismissed', reason: 'regularised' }), s('closure', { closedOn: '2026-07-11' })];
    default:
      return [...opening, notice]; // stays open: a second report of the same breach must be refused
  }
}

/** `payment-rest` is a second payment: same route as `payment`, its own key. */
const routeOf = (path: string): string => path.replace('/payment-rest', '/payment');

describe('exactly once: kill -9 of api and PostgreSQL during a load of every command type, restart, resend', () => {
  let dir: string;
  let pg: PgServer | undefined;
  let api: ApiProcess | undefined;
  let databaseUrl: string;

  beforeAll(async () => {
    dir = makeTempDir('once');
    pg = await PgServer.start(dir);
    databaseUrl = pg.database('jalon_once');
    api = await startApi(dir, databaseUrl, 'api-0');
  });

  afterAll(async () => {
    await api?.stop().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    await removeTempDir(dir);
  });

  it('every command gets its expected answer once, nothing twice, one open parcours per person, no number gap', async () => {
    const users = new Map<Who, User>();
    for (const who of ['cai.aline', 'cai.coord', 'sanction'] as const) {
      const user = new User(api!.baseUrl, who);
      await user.login();
      users.set(who, user);
    }
    const scripts = [
      ...Array.from({ length: ATTESTED }, (_, i) => attestedScript(i)),
      ...Array.from({ length: DELAYED }, (_, i) => delayedScript(i)),
      ...Array.from({ length: SANCTIONED }, (_, i) => sanctionScript(i)),
    ];
    const allSteps = scripts.flat();

    // The app's availability: clients wait on `up` after a connection error, then resend the same request.
    let up: Promise<void> = Promise.resolve();
    let generation = 0;
    let killsDone = false;
    const first = new Map<string, Answer>(); // the first answer each key got
    const resends = { afterUnknown: 0, ofAcknowledged: 0, inProgress: 0 };
    const failures: string[] = [];
    const replayMismatches: string[] = [];
    const connectionErrors: string[] = [];
    /** Requests sent and not answered yet, by command id. */
    const inFlight = new Map<string, Step>();
    const resentKeys = new Set<string>();

    const send = async (step: Step, ids: { id?: string; procedure?: string }): Promise<Answer> => {
      const path = routeOf(step.path).replace('{id}', ids.id ?? '').replace('{procedure}', ids.procedure ?? '');
      const body = JSON.parse(JSON.stringify(step.body).replace('"{id}"', JSON.stringify(ids.id ?? '')));
      for (;;) {
        await up;
        const seen = generation;
        let res: HttpResult;
        inFlight.set(commandIdFor(users.get(step.who)!.userId, step.key), step);
        try {
          res = await users.get(step.who)!.post(path, body, { 'Idempotency-Key': step.key }, 60_000);
        } catch (error) {
          connectionErrors.push(`${step.key}: ${(error as { code?: string }).code ?? String(error)}`);
          resentKeys.add(step.key);
          resends.afterUnknown += 1;
          // The outcome is unknown: wait until the app is back (a kill is under way), then resend the same request.
          while (generation === seen && !killsDone) await sleep(20);
          if (killsDone) await sleep(200);
          continue;
        }
        inFlight.delete(commandIdFor(users.get(step.who)!.userId, step.key));
        if (res.status === 409 && res.body?.code === 'IDEMPOTENCY_IN_PROGRESS') {
          resends.inProgress += 1;
          continue;
        }
        if (res.status === 503) {
          await sleep(100);
          continue;
        }
        return { status: res.status, body: res.body };
      }
    };

    const runScript = async (script: Step[]) => {
      const ids: { id?: string; procedure?: string } = {};
      for (const step of script) {
        const answer = await send(step, ids);
        if (!first.has(step.key)) first.set(step.key, answer);
        if (answer.status !== step.expect) {
          failures.push(`${step.key}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
          return;
        }
        const body = answer.body as { parcoursId?: string; procedureId?: string };
        if (step.path === '/api/parcours') ids.id = body.parcoursId;
        if (step.path === '/api/sanctions') ids.procedure = body.procedureId;
      }
    };

    // The load, and the kills: api and PostgreSQL together, then both restarted on the same data directory and port.
    // Each kill waits for the worst moment: a request whose events are committed but whose answer has not left the
    // api yet (the store is polled for the command ids in flight); after KILL_AFTER_MS + 3 s without one, it kills anyway.
    const kills: Array<{ afterMs: number; restartMs: number; committedUnanswered: string[] }> = [];
    const connectWatcher = async () => {
      const client = new PgClient({ connectionString: databaseUrl });
      client.on('error', () => undefined); // the kill ends it
      await client.connect();
      return client;
    };
    let watcher = await connectWatcher();
    const committedInFlight = async (): Promise<string[]> => {
      const ids = [...inFlight.keys()];
      if (ids.length === 0) return [];
      const rows = (await watcher.query<{ id: string }>(`SELECT DISTINCT metadata->>'commandId' AS id FROM es_events WHERE metadata->>'commandId' = ANY($1)`, [ids])).rows;
      // A resent request whose events were stored before the previous kill is not a new crash point.
      return rows.map((r) => inFlight.get(r.id)?.key).filter((key): key is string => key !== undefined && !resentKeys.has(key));
    };
    const killer = (async () => {
      for (const afterMs of KILL_AFTER_MS) {
        const since = Date.now();
        let caught: string[] = [];
        await sleep(150);
        while (Date.now() - since < afterMs + 3000 && caught.length === 0) caught = await committedInFlight();
        let reopen!: () => void;
        up = new Promise<void>((resolve) => (reopen = resolve));
        const killedAt = Date.now();
        await api!.kill9();
        await pg!.kill9();
        await watcher.end().catch(() => undefined);
        const started = Date.now();
        pg = await PgServer.start(dir, pg!.port);
        api = await startApi(dir, databaseUrl, `api-${kills.length + 1}`);
        for (const user of users.values()) user.baseUrl = api.baseUrl;
        kills.push({ afterMs: killedAt - since, restartMs: Date.now() - started, committedUnanswered: caught });
        watcher = await connectWatcher();
        generation += 1;
        reopen();
      }
      killsDone = true;
    })();
    const loadStarted = Date.now();
    await Promise.all([...scripts.map(runScript), killer]);
    await watcher.end();
    const loadMs = Date.now() - loadStarted;

    // Every acknowledged command sent again with its key: the first answer, replayed.
    for (const step of allSteps.filter((s) => first.get(s.key)?.status === s.expect)) {
      const script = scripts.find((s) => s.includes(step))!;
      const opened = first.get(script[0].key)!.body as { parcoursId: string };
      const reported = script[1]?.path === '/api/sanctions' ? (first.get(script[1].key)?.body as { procedureId?: string } | undefined) : undefined;
      const again = await send(step, { id: opened.parcoursId, procedure: reported?.procedureId });
      resends.ofAcknowledged += 1;
      if (!isDeepStrictEqual(again, first.get(step.key))) replayMismatches.push(`${step.key}: ${JSON.stringify(again).slice(0, 200)}`);
    }

    // One open parcours per person: each person opened again with a new key is refused (409 PARCOURS_ALREADY_OPEN),
    // except the attested ones, which were closed.
    const aline = users.get('cai.aline')!;
    const secondOpenings: string[] = [];
    for (let n = ATTESTED; n < ATTESTED + DELAYED + SANCTIONED; n++) {
      const res = await aline.post('/api/parcours', person(n), { 'Idempotency-Key': `eo-second-${n}` });
      if (res.status !== 409 || res.body?.code !== 'PARCOURS_ALREADY_OPEN') secondOpenings.push(`person ${n}: ${res.status} ${res.body?.code}`);
    }
    // One open procedure per breach: the procedures left open refuse a second report.
    const secondReports: string[] = [];
    for (let n = 0; n < SANCTIONED; n++) {
      if (n % 5 !== 4) continue;
      const parcoursId = (first.get(`eo-s${n}-parcours`)!.body as { parcoursId: string }).parcoursId;
      const res = await users.get('sanction')!.post('/api/sanctions', { parcoursId, breach: 'presentation', reportedOn: '2026-06-02' }, { 'Idempotency-Key': `eo-second-report-${n}` });
      if (res.status !== 409 || res.body?.code !== 'PROCEDURE_ALREADY_OPEN') secondReports.push(`procedure ${n}: ${res.status} ${res.body?.code}`);
    }

    // The store: each command's events once; every acknowledged command present; nothing from elsewhere.
    const expectedIds = new Map(allSteps.map((s) => [commandIdFor(users.get(s.who)!.userId, s.key), s.key]));
    const stored = await query<{ command_id: string; event_type: string; n: string }>(
      databaseUrl,
      `SELECT metadata->>'commandId' AS command_id, event_type, count(*) AS n FROM es_events GROUP BY 1, 2`,
    );
    const twice = stored.filter((r) => Number(r.n) > 1).map((r) => `${expectedIds.get(r.command_id) ?? r.command_id} ${r.event_type} × ${r.n}`);
    const storedIds = new Set(stored.map((r) => r.command_id));
    const missing = allSteps
      .filter((s) => first.get(s.key)?.status === s.expect && !storedIds.has(commandIdFor(users.get(s.who)!.userId, s.key)))
      .map((s) => s.key);
    const unknown = [...storedIds].filter((id) => !expectedIds.has(id));
    const openings = await query<{ n: string }>(databaseUrl, `SELECT count(*) AS n FROM es_events WHERE event_type = 'ParcoursOpened'`);
    const numbers = (
      await query<{ number: string }>(databaseUrl, `SELECT data->>'attestationNumber' AS number FROM es_events WHERE event_type = 'AttestationIssued'`)
    )
      .map((r) => Number(r.number.split('-')[2]))
      .sort((a, b) => a - b);
    const gaps = numbers.filter((seq, i) => seq !== i + 1);

    const catchUpMs = await waitCaughtUp(api!.baseUrl);
    const incremental = await dumpReadModels(databaseUrl);
    const rebuild = await rebuildProjections(dir, databaseUrl);
    const comparison = compareDumps(incremental, await dumpReadModels(databaseUrl));

    report('exactly once: kill -9 of api + PostgreSQL at three moments of a mixed load', {
      scripts: `${scripts.length} (${ATTESTED} to the attestation and closure, ${DELAYED} delays and transfer, ${SANCTIONED} sanction procedures)`,
      'commands (distinct keys)': allSteps.length,
      'command types covered': new Set(allSteps.map((s) => `${s.who === 'sanction' ? 'S' : 'P'} ${routeOf(s.path).replace(/\{id\}|\{procedure\}/, '')}`)).size,
      'kills (ms after load start or restart → restart ms)': kills.map((k) => `${k.afterMs} → ${k.restartMs}`).join(', '),
      'commands committed but unanswered at each kill': kills.map((k) => k.committedUnanswered.join(' ') || '—').join(' | '),
      'load wall time (ms)': loadMs,
      'requests lost in flight, resent with their key': resends.afterUnknown,
      'answers 409 IDEMPOTENCY_IN_PROGRESS, resent': resends.inProgress,
      'connection errors by kind': tally(connectionErrors.map((e) => e.split(': ')[1])),
      'first answers': tally([...first.values()].map((a) => a.status)),
      'commands not answered as expected': failures.length,
      'acknowledged commands resent': resends.ofAcknowledged,
      'replays not identical to the first answer': replayMismatches.length,
      'events stored twice': twice.length,
      'acknowledged but missing': missing.length,
      'unknown command ids in the store': unknown.length,
      'ParcoursOpened events / persons': `${openings[0].n} / ${ATTESTED + DELAYED + SANCTIONED}`,
      'second openings not refused': secondOpenings.length,
      'second reports not refused': secondReports.length,
      'attestation numbers / gaps': `${numbers.length} / ${gaps.length}`,
      'projections caught up after (ms)': catchUpMs,
      'rebuild (ms)': rebuild.ms,
      'read-model tables / rows compared': `${comparison.tables} / ${comparison.rows}`,
      'read-model mismatches': comparison.mismatches.length,
    });

    expect(kills).toHaveLength(KILL_AFTER_MS.length);
    // The premise: at least one kill hit a command stored but not yet answered (the first one nearly always does).
    expect(kills.flatMap((k) => k.committedUnanswered).length).toBeGreaterThan(0);
    expect(failures).toEqual([]);
    expect(replayMismatches).toEqual([]);
    expect(twice).toEqual([]);
    expect(missing).toEqual([]);
    expect(unknown).toEqual([]);
    expect(Number(openings[0].n)).toBe(ATTESTED + DELAYED + SANCTIONED);
    expect(secondOpenings).toEqual([]);
    expect(secondReports).toEqual([]);
    expect(numbers).toHaveLength(ATTESTED);
    expect(gaps).toEqual([]);
    expect(comparison.mismatches.slice(0, 5)).toEqual([]);
    expect(api!.log()).not.toMatch(/"code":"INTERNAL_ERROR"/);
  });
});
