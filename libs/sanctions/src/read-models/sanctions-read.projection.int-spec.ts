import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { liveTx, PostgresEventStore, rebuildProjection, type RecordedEvent } from '@app/event-store';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import { decideSanction, evolveSanction, initialSanctionState, type SanctionCommand, type SanctionEvent, type SanctionState } from '../domain';
import { parcoursFacts } from '../domain/__tests__/sanction.fixtures';
import { SANCTIONS_TABLE, sanctionsReadProjection } from './sanctions-read.projection';

const metadata = (at: string) => ({
  commandId: randomUUID(),
  correlationId: randomUUID(),
  causationId: null,
  actor: { userId: 'u-1', username: 'sanction', role: 'sanctioning-officer', cri: null },
  recordedAt: at,
});

/** The events a series of commands records on one procedure (decided by the domain, as the api does). */
function story(procedureId: string, commands: SanctionCommand[]): SanctionEvent[] {
  let state: SanctionState = initialSanctionState;
  const events: SanctionEvent[] = [];
  for (const command of commands) {
    for (const event of decideSanction(command, state, { today: '2026-06-30', noticeResponseDays: 30, parcours: parcoursFacts() })) {
      events.push(event);
      state = evolveSanction(state, event);
    }
  }
  return events;
}

const open = (procedureId: string): SanctionCommand => ({
  type: 'OpenSanctionProcedure',
  data: { procedureId, parcoursId: parcoursFacts().parcoursId, breach: 'attestation', reportedOn: '2025-10-01' },
});

describe('sanctions read model (projection sanctions_read_v1, real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: db.url });
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await store.close();
    await db.drop();
  });

  const rows = async () =>
    (
      await client.query(
        `SELECT procedure_id, version, stage, status, decision, fine_amount::text, amount_due::text, amount_paid::text, notice_sent_on::text,
                respond_by::text, closed_on::text, withdrawn_on::text, due_on::text, explanation, opened_at, updated_at, state
         FROM ${SANCTIONS_TABLE} ORDER BY procedure_id`,
      )
    ).rows;

  it('folds each procedure into one row, applies a batch delivered twice once, and a rebuild gives the same rows', async () => {
    const paid = randomUUID();
    const dismissed = randomUUID();
    const withdrawn = randomUUID();
    const stories: Array<[string, SanctionEvent[]]> = [
      [
        paid,
        story(paid, [
          open(paid),
          { type: 'SendNotice', data: { sentOn: '2025-10-02' } },
          { type: 'DecideSanction', data: { decidedOn: '2025-11-10', outcome: 'fine', amount: 300 } },
          { type: 'RecordPayment', data: { paidOn: '2025-12-01', amount: 100.5 } },
          { type: 'RecordPayment', data: { paidOn: '2026-01-05' } },
          { type: 'CloseProcedure', data: { closedOn: '2026-01-06' } },
        ]),
      ],
      [
        dismissed,
        story(dismissed, [
          open(dismissed),
          { type: 'SendNotice', data: { sentOn: '2025-10-03', respondBy: '2025-10-20' } },
          { type: 'RecordDefence', data: { receivedOn: '2025-10-15', summary: 'Inscrit au cours' } },
          { type: 'DecideSanction', data: { decidedOn: '2025-10-25', outcome: 'dismissed', reason: 'regularised' } },
        ]),
      ],
      [withdrawn, story(withdrawn, [open(withdrawn), { type: 'WithdrawProcedure', data: { withdrawnOn: '2025-10-02', reason: 'Doublon' } }])],
    ];
    // Interleaved appends, as real traffic would have them; an unrelated stream in between.
    const longest = Math.max(...stories.map(([, events]) => events.length));
    let minute = 0;
    for (let i = 0; i < longest; i++) {
      for (const [id, events] of stories) {
        if (i >= events.length) continue;
        const at = new Date(Date.UTC(2026, 0, 1, 0, minute++)).toISOString();
        await store.append(`sanction-${id}`, [{ eventId: randomUUID(), ...events[i], data: events[i].data as Record<string, unknown>, metadata: metadata(at) }], i === 0 ? 'no-stream' : BigInt(i));
      }
      await store.append(`other-${randomUUID()}`, [{ eventId: randomUUID(), type: 'Unrelated', data: {}, metadata: metadata('2026-01-01T00:00:00Z') }], 'no-stream');
    }

    const all: RecordedEvent[] = await store.readAll({ after: 0n, limit: 1000 });
    const tx = liveTx(client);
    for (let i = 0; i < all.length; i += 4) {
      const batch = all.slice(i, i + 4);
      await client.query('BEGIN');
      await sanctionsReadProjection.apply(batch, tx);
      await sanctionsReadProjection.apply(batch, tx); // delivered twice: no second effect
      await client.query('COMMIT');
    }
    const incremental = await rows();
    expect(incremental).toHaveLength(3);
    const byId = new Map(incremental.map((r) => [r.procedure_id, r]));
    expect(byId.get(paid)).toMatchObject({
      version: '6',
      stage: 'closed',
      status: 'closed',
      decision: 'fine',
      fine_amount: '300.00',
      amount_due: '300.00',
      amount_paid: '300.00',
      notice_sent_on: '2025-10-02',
      respond_by: '2025-11-01',
      closed_on: '2026-01-06',
      due_on: '2025-09-01',
    });
    expect(byId.get(dismissed)).toMatchObject({ version: '4', stage: 'dismissed', status: 'open', decision: 'dismissed', amount_due: '0.00' });
    expect(byId.get(withdrawn)).toMatchObject({ version: '2', stage: 'withdrawn', status: 'closed', withdrawn_on: '2025-10-02' });
    // No free text (it may describe the person) reaches the read model.
    expect(JSON.stringify(incremental)).not.toContain('Inscrit au cours');
    expect(JSON.stringify(incremental)).not.toContain('Doublon');

    await rebuildProjection(store, sanctionsReadProjection, { connectionString: db.url, batchSize: 3 });
    expect(await rows()).toEqual(incremental);
  });
});
