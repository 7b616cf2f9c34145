import {
  liveTx,
  ProjectionRunner,
  rebuildProjection,
  type EncryptingEventStore,
  type RecordedEvent,
} from '@app/event-store';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import { Pool } from 'pg';
import {
  deadlines,
  decide,
  defaultRuleConfig,
  ERASED_VALUE,
  evolve,
  foldParcours,
  initialParcoursState,
  type IsoDate,
  type ParcoursCommand,
  type ParcoursEvent,
  type ParcoursState,
} from '../domain';
import { DEADLINE_KINDS } from './deadline-segments';
import { createParcoursReadProjection } from './parcours-read.projection';
import {
  caseAttestationDueSql,
  caseOverdueSql,
  caseUrgencySql,
  caseUrgentDueSql,
  deadlineStatusSql,
  dueOnSql,
  segmentHoldsSql,
  STATUS_URGENCY,
} from './sql';
import { randomHistory, type History } from './__tests__/histories';
import {
  appendHistory,
  dumpReadModels,
  encryptingStore,
  erase,
  streamOf,
} from './__tests__/projection-fixtures';

const rules = defaultRuleConfig;
// The integration project's testTimeout is not applied per project by jest 30: set it here.
jest.setTimeout(120_000);

/** A scripted obliged case (2025 regime), every event produced by decide(). */
function scriptedCase(parcoursId: string, criCode = 'CAI'): History {
  let state: ParcoursState = initialParcoursState;
  const events: ParcoursEvent[] = [];
  const run = (command: ParcoursCommand, today: IsoDate) => {
    for (const e of decide(command, state, { today, rules })) {
      state = evolve(state, e);
      events.push(e);
    }
  };
  run(
    {
      type: 'OpenParcours',
      data: {
        parcoursId,
        person: {
          lastName: 'Nguyễn-Đorđević',
          firstName: 'Élodie',
          birthDate: '1990-04-12',
          nationality: 'SY',
          niss: '90041200105',
          sex: 'F',
          contactLanguage: 'ar',
        },
        criCode,
        communeCode: criCode === 'CRIPEL' ? '62063' : '92094',
        communeRegistrationDate: '2026-02-02',
        cardOrderDate: '2026-02-10',
        legalStaySince: '2025-11-15',
        residencePermit: { type: 'A', validUntil: '2027-02-10' },
        flags: { euFamilyMember: false, temporaryProtection: false, internationalProtectionApplicant: false },
        accompagnateurId: 'demo-cai-aline',
      },
    },
    '2026-02-15',
  );
  run({ type: 'RecordPresentation', data: { date: '2026-02-20' } }, '2026-02-20');
  run({ type: 'RecordRightsAndDuties', data: { date: '2026-03-02' } }, '2026-03-02');
  run({ type: 'RecordBilanSocial', data: { date: '2026-03-02', needs: ['logement'] } }, '2026-03-02');
  run(
    { type: 'RecordFrenchPositioning', data: { date: '2026-03-03', level: 'A1', test: 'ELAO' } },
    '2026-03-03',
  );
  run(
    { type: 'SignConvention', data: { signedOn: '2026-03-10', includesFrench: true, includesIsp: true } },
    '2026-03-10',
  );
  run(
    {
      type: 'RecordCitizenshipHours',
      data: { operator: 'CAI', from: '2026-03-15', to: '2026-05-15', hours: 60, language: 'fr' },
    },
    '2026-05-15',
  );
  run(
    {
      type: 'RecordEvaluation',
      data: { date: '2026-09-10', convocation: 'email', attended: true, notes: 'Bonne progression' },
    },
    '2026-09-10',
  );
  run(
    {
      type: 'StartSuspension',
      data: { from: '2026-10-01', reason: 'illness', evidence: 'certificat médical' },
    },
    '2026-10-01',
  );
  return { parcoursId, events, state, commandDates: [] };
}

describe('parcours read projection (real PostgreSQL, real event store)', () => {
  let db: TestDatabase;
  let store: EncryptingEventStore;
  let pool: Pool;

  beforeEach(async () => {
    db = await createTestDatabase();
    store = encryptingStore(db.url);
    pool = new Pool({ connectionString: db.url });
  });
  afterEach(async () => {
    await store.close();
    await pool.end();
    await db.drop();
  });

  const runIncremental = async (batchSize: number): Promise<void> => {
    const runner = new ProjectionRunner(store, [createParcoursReadProjection()], {
      connectionString: db.url,
      batchSize,
    });
    await runner.start();
    await runner.whenCaughtUp();
    await runner.stop();
  };

  it('turns the events of a case into its row (searchable names, stage, obligation, state) and its deadline segments', async () => {
    const id = '6f1c2a6e-8a7b-4c43-9d1e-2b7a3c4d5e6f';
    await appendHistory(store, scriptedCase(id));
    await runIncremental(3);

    const [row] = (
      await pool.query(
        `SELECT *, opened_on::text AS opened_on, card_order_date::text AS card_order_date FROM rm_parcours_v1`,
      )
    ).rows;
    expect(row).toMatchObject({
      parcours_id: id,
      version: '9',
      cri_code: 'CAI',
      accompagnateur_id: 'demo-cai-aline',
      last_name: 'Nguyễn-Đorđević',
      first_name: 'Élodie',
      birth_date: '1990-04-12',
      niss: '90041200105',
      search_text: 'nguyen dordevic elodie 90041200105',
      obligation: 'obliged',
      stage: 'training',
      status: 'open',
      regime_id: '2025',
      opened_on: '2026-02-15',
      card_order_date: '2026-02-10',
      erased_on: null,
    });
    expect(row.state).toEqual(foldParcours(scriptedCase(id).events));

    const segments = (
      await pool.query(
        `SELECT kind, valid_from::text, valid_to::text, due_on::text, due_grows, fixed_status, obliged FROM rm_deadline_segments_v1 ORDER BY kind, seq`,
      )
    ).rows;
    // Presentation: due 02/05/2026, met on 20/02/2026.
    expect(segments.filter((s) => s.kind === 'presentation')).toEqual([
      {
        kind: 'presentation',
        valid_from: '-infinity',
        valid_to: '2026-02-20',
        due_on: '2026-05-02',
        due_grows: false,
        fixed_status: null,
        obliged: true,
      },
      {
        kind: 'presentation',
        valid_from: '2026-02-20',
        valid_to: 'infinity',
        due_on: '2026-05-02',
        due_grows: false,
        fixed_status: 'met',
        obliged: true,
      },
    ]);
    // Attestation: 36 months after the card order, then the open suspension from 01/10/2026 moves it day by day.
    expect(segments.filter((s) => s.kind === 'attestation')).toEqual([
      {
        kind: 'attestation',
        valid_from: '-infinity',
        valid_to: '2026-10-01',
        due_on: '2029-02-10',
        due_grows: false,
        fixed_status: null,
        obliged: true,
      },
      {
        kind: 'attestation',
        valid_from: '2026-10-01',
        valid_to: 'infinity',
        due_on: '2029-02-11',
        due_grows: true,
        fixed_status: 'suspended',
        obliged: true,
      },
    ]);
  });

  it('applies an event delivered twice (or a batch replayed) only once', async () => {
    const history = randomHistory(42);
    await appendHistory(store, history);
    const events: RecordedEvent[] = await store.readAll({ after: 0n, limit: 1000 });
    const projection = createParcoursReadProjection();
    const client = await pool.connect();
    try {
      const tx = liveTx(client);
      await client.query('BEGIN');
      await projection.apply(events.slice(0, 5), tx);
      await projection.apply(events.slice(3, 8), tx);
      await projection.apply(events, tx);
      await client.query('COMMIT');
      const once = await dumpReadModels(pool);
      await client.query('BEGIN');
      await projection.apply(events, tx);
      await projection.apply([events[events.length - 1], events[0]], tx);
      await client.query('COMMIT');
      expect(await dumpReadModels(pool)).toEqual(once);
      expect(once.parcours).toHaveLength(1);
      expect(JSON.parse(once.parcours[0]).version).toBe(events.length);
      expect(JSON.parse(once.parcours[0]).state).toEqual(foldParcours(history.events));
    } finally {
      client.release();
    }
  });

  it('a rebuild from the first event gives exactly the rows of the incremental build (batches cutting cases in pieces)', async () => {
    const histories = Array.from({ length: 40 }, (_, i) => randomHistory(500 + i));
    // Interleave the cases: append them in rounds, a few events of each at a time.
    const longest = Math.max(...histories.map((h) => h.events.length));
    for (let from = 0; from < longest; from += 4) {
      for (const h of histories) await appendHistory(store, h, from, from + 4);
    }
    await runIncremental(7);
    const incremental = await dumpReadModels(pool);
    expect(incremental.parcours.length).toBe(histories.filter((h) => h.events.length > 0).length);
    expect(incremental.segments.length).toBeGreaterThan(incremental.parcours.length);

    const result = await rebuildProjection(store, createParcoursReadProjection(), {
      connectionString: db.url,
      batchSize: 50,
    });
    expect(result.parked).toEqual([]);
    expect(result.events).toBe(histories.reduce((n, h) => n + h.events.length, 0));
    expect(await dumpReadModels(pool)).toEqual(incremental);
  });

  it('erasure: no personal value left, statistics and deadlines intact, and a rebuild (reading the erased events) gives the same rows', async () => {
    const kept = scriptedCase('0a4d6f52-3b8e-4f0c-a1d2-9e8f7a6b5c4d');
    const erased = scriptedCase('7d2c9b1a-6e5f-4a3b-8c7d-1e2f3a4b5c6d', 'CRIPEL');
    const randoms = Array.from({ length: 12 }, (_, i) => randomHistory(900 + i));
    for (const h of [kept, erased, ...randoms]) await appendHistory(store, h);
    await runIncremental(5);
    const before = await dumpReadModels(pool);

    await erase(store, erased.parcoursId);
    for (const h of randoms.slice(0, 4)) if (h.events.length > 0) await erase(store, h.parcoursId);
    await runIncremental(5);
    const incremental = await dumpReadModels(pool);

    const row = (await pool.query(`SELECT * FROM rm_parcours_v1 WHERE parcours_id = $1`, [erased.parcoursId]))
      .rows[0];
    expect(row).toMatchObject({
      last_name: ERASED_VALUE,
      first_name: ERASED_VALUE,
      birth_date: ERASED_VALUE,
      niss: ERASED_VALUE,
      search_text: '',
      sort_name: '',
      stage: 'training',
      obligation: 'obliged',
      version: '10',
    });
    const text = JSON.stringify(row);
    for (const personal of [
      'Nguyễn',
      'Élodie',
      '1990-04-12',
      '90041200105',
      'logement',
      'Bonne progression',
      'certificat médical',
      '"SY"',
    ]) {
      expect(text).not.toContain(personal);
    }
    // Deadlines and dates unchanged for every case; the untouched case is untouched.
    expect(incremental.segments).toEqual(before.segments);
    const keptRow = (
      await pool.query(`SELECT last_name FROM rm_parcours_v1 WHERE parcours_id = $1`, [kept.parcoursId])
    ).rows[0];
    expect(keptRow.last_name).toBe('Nguyễn-Đorđević');

    await rebuildProjection(store, createParcoursReadProjection(), {
      connectionString: db.url,
      batchSize: 7,
    });
    expect(await dumpReadModels(pool)).toEqual(incremental);
  });

  it('ignores sanction streams and unknown event types', async () => {
    const id = '5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c';
    await appendHistory(store, scriptedCase(id));
    await store.append(
      'sanction-8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d',
      [
        {
          eventId: '11111111-2222-4333-8444-555555555555',
          type: 'SanctionProcedureOpened',
          data: { parcoursId: id },
          metadata: {
            commandId: 'x',
            correlationId: 'x',
            causationId: null,
            actor: { userId: 'u', username: 'u', role: 'sanctioning-officer', cri: null },
            recordedAt: '2026-11-21T10:00:00Z',
          },
        },
      ],
      'no-stream',
    );
    await store.append(
      streamOf(id),
      [
        {
          eventId: '66666666-7777-4888-9999-aaaaaaaaaaaa',
          type: 'SomethingFromTheFuture',
          data: { parcoursId: id },
          metadata: {
            commandId: 'y',
            correlationId: 'y',
            causationId: null,
            actor: { userId: 'u', username: 'u', role: 'admin', cri: null },
            recordedAt: '2026-11-21T10:00:00Z',
          },
        },
      ],
      9n,
    );
    await runIncremental(100);
    const rows = (await pool.query(`SELECT parcours_id, version, stage FROM rm_parcours_v1`)).rows;
    expect(rows).toEqual([{ parcours_id: id, version: '10', stage: 'training' }]);
  });

  it('the SQL status over the segments equals the domain deadlines(state, asOf) for every case, kind and date', async () => {
    const histories = Array.from({ length: 60 }, (_, i) => randomHistory(1200 + i)).filter(
      (h) => h.events.length > 0,
    );
    for (const h of histories) await appendHistory(store, h);
    await runIncremental(200);
    const dates: IsoDate[] = [];
    for (
      let d = new Date('2017-01-01T00:00:00Z');
      d <= new Date('2031-01-01T00:00:00Z');
      d.setUTCDate(d.getUTCDate() + 23)
    )
      dates.push(d.toISOString().slice(0, 10));
    // plus the days around every recorded date
    for (const h of histories.slice(0, 20)) for (const date of h.commandDates) dates.push(date);
    const rows = (
      await pool.query<{
        as_of: string;
        parcours_id: string;
        kind: string;
        due_on: string | null;
        status: string;
      }>(
        `SELECT d::date::text AS as_of, s.parcours_id, s.kind, ${dueOnSql('s', 'd::date')}::text AS due_on, ${deadlineStatusSql('s', 'd::date', '$2::int')} AS status
         FROM unnest($1::date[]) AS d JOIN rm_deadline_segments_v1 s ON ${segmentHoldsSql('s', 'd::date')}`,
        [dates, rules.dueSoonDays],
      )
    ).rows;
    const sql = new Map(
      rows.map((r) => [`${r.as_of}|${r.parcours_id}|${r.kind}`, { dueOn: r.due_on, status: r.status }]),
    );
    let compared = 0;
    const disagreements: string[] = [];
    for (const h of histories) {
      for (const asOf of dates) {
        for (const d of deadlines(h.state, asOf, rules)) {
          const fromSql = sql.get(`${asOf}|${h.parcoursId}|${d.kind}`) ?? {
            dueOn: null,
            status: 'not-applicable',
          };
          const want = { dueOn: d.status === 'not-applicable' ? null : d.dueOn, status: d.status };
          if (fromSql.dueOn !== want.dueOn || fromSql.status !== want.status) {
            disagreements.push(
              `${h.parcoursId} ${d.kind} at ${asOf}: SQL ${JSON.stringify(fromSql)}, domain ${JSON.stringify(want)}`,
            );
          }
          compared++;
        }
      }
    }
    expect(disagreements.slice(0, 10)).toEqual([]);

    // The case-level expressions of the list (tail columns at later dates, segments at earlier ones) agree too.
    const caseRows = (
      await pool.query<{
        as_of: string;
        parcours_id: string;
        rank: number;
        urgent_due: string | null;
        attestation_due: string | null;
        overdue: boolean;
        tail: boolean;
      }>(
        `SELECT d::date::text AS as_of, p.parcours_id, ${caseUrgencySql('p', 'd::date', '$2::int')} AS rank,
                ${caseUrgentDueSql('p', 'd::date', '$2::int')}::text AS urgent_due, ${caseAttestationDueSql('p', 'd::date')}::text AS attestation_due,
                ${caseOverdueSql('p', 'd::date')} AS overdue, d::date >= p.deadlines_tail_from AS tail
         FROM unnest($1::date[]) AS d CROSS JOIN rm_parcours_v1 p`,
        [dates, rules.dueSoonDays],
      )
    ).rows;
    const byId = new Map(histories.map((h) => [h.parcoursId, h]));
    const caseDisagreements: string[] = [];
    let fromTail = 0;
    for (const r of caseRows) {
      const all = deadlines(byId.get(r.parcours_id)!.state, r.as_of, rules);
      const rank = Math.min(
        ...all.map((d) => STATUS_URGENCY.indexOf(d.status as (typeof STATUS_URGENCY)[number]) + 1),
      );
      const urgentDues = all
        .filter(
          (d) =>
            STATUS_URGENCY.indexOf(d.status as (typeof STATUS_URGENCY)[number]) + 1 === rank &&
            d.dueOn !== null &&
            d.status !== 'not-applicable',
        )
        .map((d) => d.dueOn!)
        .sort();
      const attestation = all.find((d) => d.kind === 'attestation')!;
      const want = {
        rank,
        urgentDue: urgentDues[0] ?? null,
        attestationDue: attestation.status === 'not-applicable' ? null : attestation.dueOn,
        // The list's "en retard" filter (overdue_from column, or the segments before the tail).
        overdue: all.some((d) => d.status === 'overdue'),
      };
      const got = {
        rank: r.rank,
        urgentDue: r.urgent_due,
        attestationDue: r.attestation_due,
        overdue: r.overdue,
      };
      if (JSON.stringify(want) !== JSON.stringify(got))
        caseDisagreements.push(
          `${r.parcours_id} at ${r.as_of} (tail ${r.tail}): SQL ${JSON.stringify(got)}, domain ${JSON.stringify(want)}`,
        );
      if (r.tail) fromTail++;
    }
    expect(caseDisagreements.slice(0, 10)).toEqual([]);
    // Both ways of reading were exercised.
    expect(fromTail).toBeGreaterThan(caseRows.length / 10);
    expect(fromTail).toBeLessThan(caseRows.length);
    expect(compared).toBe(histories.length * dates.length * DEADLINE_KINDS.length);
  });
});
