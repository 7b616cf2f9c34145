/**
 * Hostile text and poison events (issue 14). A NUL in a first name used to be stored, then stop the parcours read
 * model for every CRI. Now every text field refuses it with a French 400, and an event a projection cannot apply
 * (one stored before this fix, or a bug) is parked for its own case only: every other case goes on.
 */
import { randomUUID } from 'node:crypto';
import { EVENT_STORE } from '@app/platform';
import type { EventStore } from '@app/event-store';
import { Api, obligedPerson } from './support/api';
import { countRows, createTestApp, TestClock, type TestApp } from './support/test-app';

const HOSTILE = ['Sam\u0000ira', 'bip\u0007', 'a\u001Bb', 'x\u009Fy', '\uD800lone', 'lone\uDC00'];

/** Every string leaf of a JSON body, with its path (`person.firstName`, `needs[0]`). */
function stringPaths(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => stringPaths(v, path ? `${path}.${k}` : k));
  return [];
}

function withValueAt(body: unknown, path: string, replacement: string): unknown {
  const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  const keys = path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== '');
  let target: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[keys[keys.length - 1]] = replacement;
  return copy;
}

describe('hostile text and poison events', () => {
  let t: TestApp;
  let api: Api;
  const clock = new TestClock(new Date('2026-11-21T09:00:00Z'));

  beforeAll(async () => {
    t = await createTestApp({ clock });
    api = new Api(t.http);
  });
  afterAll(async () => {
    await t.close();
  });

  const eventCount = () => countRows(t, 'es_events');

  it('every text field of every kind of command refuses control characters and lone surrogates: 400 naming the field, nothing written', async () => {
    const opened = await api.post('cai.aline', '/api/parcours', obligedPerson());
    const id = opened.body.parcoursId as string;
    const commands: Array<[string, string, unknown]> = [
      [
        'cai.aline',
        '/api/parcours',
        obligedPerson({
          person: { ...obligedPerson().person, niss: '85073003328', birthDate: '1985-07-30' },
        }),
      ],
      [
        'cai.aline',
        `/api/parcours/${id}/accueil/bilan-social`,
        { date: '2026-03-02', needs: ['logement', 'emploi'] },
      ],
      [
        'cai.aline',
        `/api/parcours/${id}/french/hours`,
        { operator: 'Lire et Écrire', from: '2026-03-15', to: '2026-04-15', hours: 20 },
      ],
      [
        'cai.aline',
        `/api/parcours/${id}/evaluations`,
        { date: '2026-09-10', convocation: 'email', attended: true, notes: 'Bien' },
      ],
      ['cai.aline', `/api/parcours/${id}/isp/hours`, { provider: 'Forem', date: '2026-04-02', hours: 4 }],
      [
        'cai.coord',
        `/api/parcours/${id}/closure`,
        { reason: 'left-belgium', date: '2026-06-01', note: 'Parti' },
      ],
    ];
    const before = await eventCount();
    let tried = 0;
    for (const [user, path, body] of commands) {
      for (const field of stringPaths(body)) {
        for (const value of HOSTILE) {
          const res = await api.post(user, path, withValueAt(body, field, value));
          tried += 1;
          expect({ path, field, value, status: res.status }).toEqual({ path, field, value, status: 400 });
          expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
          expect(res.body.code).toBe('VALIDATION_FAILED');
          expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
          expect(res.body.errors[0].message).toMatch(/caractère/);
        }
      }
    }
    expect(tried).toBe(168); // 28 text fields × 6 hostile values
    // Query strings too (a search, a filter): 400, never a 500 from PostgreSQL.
    for (const q of ['Sam%00ira', '%07', '%C2%9F']) {
      const res = await api.get('cai.aline', `/api/parcours?q=${q}`);
      expect({ q, status: res.status, field: res.body.errors?.[0]?.field }).toEqual({
        q,
        status: 400,
        field: 'q',
      });
    }
    // Bytes that are not UTF-8 are not decoded: they stay inert text, found nowhere (never a 500).
    expect((await api.get('cai.aline', '/api/parcours?q=%ED%A0%80')).status).toBe(200);
    expect(await eventCount()).toBe(before);
    // Ordinary text with accents, tabs and line breaks is still welcome.
    const fine = await api.post('cai.coord', `/api/parcours/${id}/closure`, {
      reason: 'left-belgium',
      date: '2026-06-01',
      note: 'Parti\tà l’étranger,\r\nadresse : Zoë, 日本語 😀',
    });
    expect(fine.status).toBe(200);
  });

  it('an event a projection cannot apply is parked for its case only: other cases go on, the case and /health say so, and erasure unblocks it', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const poisoned = (await api.post('cai.aline', '/api/parcours', obligedPerson())).body
      .parcoursId as string;
    await t.whenCaughtUp();
    // An evaluation stored before text was checked, with a NUL in its notes (PostgreSQL's jsonb cannot hold it).
    const [opening] = await store.readStream(`parcours-${poisoned}`);
    await store.append(
      `parcours-${poisoned}`,
      [
        {
          eventId: randomUUID(),
          type: 'EvaluationRecorded',
          data: { date: '2026-09-10', convocation: 'email', attended: true, notes: 'Bien\u0000' },
          metadata: { ...opening.metadata, commandId: randomUUID(), correlationId: randomUUID() },
        },
      ],
      1n,
    );
    await t.whenCaughtUp();
    // Every other case goes on: a case opened afterwards is visible at once.
    const later = await api.post(
      'cai.aline',
      '/api/parcours',
      obligedPerson({ person: { ...obligedPerson().person, lastName: 'Nouveau' } }),
    );
    await t.whenCaughtUp();
    expect((await api.get('cai.aline', `/api/parcours/${later.body.parcoursId}`)).status).toBe(200);

    const health = await api.get('admin', '/health');
    expect(health.body.status).toBe('degraded');
    const parcoursProjection = health.body.projections.find(
      (p: { name: string }) => p.name === 'parcours_read_v1',
    );
    expect(parcoursProjection.lag).toBe(0);
    expect(parcoursProjection.parked).toEqual([
      expect.objectContaining({
        streamId: `parcours-${poisoned}`,
        type: 'EvaluationRecorded',
        error: expect.stringMatching(/Unicode|\\u0000/),
      }),
    ]);
    expect((await api.get('cai.aline', '/health')).body).toEqual({ status: 'degraded' }); // no detail for a non-admin
    const page = await api.get('cai.aline', `/api/parcours/${poisoned}`);
    expect(page.status).toBe(200);
    expect(page.body.readModel.parked).toMatchObject({ events: 1 });
    expect((await api.get('cai.aline', `/api/parcours/${later.body.parcoursId}`)).body.readModel).toEqual({
      parked: null,
    });

    // Erasure succeeds around it: the notes are personal, so once erased the event reads without the NUL and applies.
    const erased = await api.post('cai.coord', `/api/parcours/${poisoned}/erasure`, {
      decidedOn: '2026-11-21',
      reason: 'person-request',
    });
    expect(erased.status).toBe(200);
    await t.whenCaughtUp();
    const after = await api.get('admin', '/health');
    expect(after.body.status).toBe('up');
    const erasedPage = await api.get('cai.coord', `/api/parcours/${poisoned}`);
    expect(erasedPage.body).toMatchObject({
      readModel: { parked: null },
      person: { firstName: 'donnée effacée' },
    });
    expect(erasedPage.body.version).toBe(3); // opening, the evaluation applied at last, the erasure
  });
});
