import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Api, obligedPerson } from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

/** A valid body per command endpoint, required fields only (api.md bold); the fuzzer breaks at least one thing in each. */
const VALID: Record<string, Record<string, unknown>> = {
  presentation: { date: '2026-02-20' },
  'accueil/rights-and-duties': { date: '2026-03-02' },
  'accueil/bilan-social': { date: '2026-03-02' },
  'french/positioning': { date: '2026-03-03', level: 'A1' },
  convention: { signedOn: '2026-03-10', includesFrench: true },
  'french/hours': { operator: 'Op', from: '2026-03-15', to: '2026-04-15', hours: 20 },
  'french/certification': { date: '2026-05-01', level: 'A2', issuer: 'Forem' },
  'citizenship/hours': { operator: 'Op', from: '2026-03-15', to: '2026-04-15', hours: 20 },
  'isp/hours': { provider: 'Forem', date: '2026-04-02', hours: 4 },
  evaluations: { date: '2026-09-10', convocation: 'email', attended: true },
  dispenses: { category: 'D2', decidedOn: '2026-04-01', evidence: 'certificat' },
  extensions: { decidedOn: '2026-04-01', until: '2029-06-01', reason: 'illness' },
  suspensions: { from: '2026-04-01', reason: 'illness' },
  'suspensions/end': { to: '2026-05-01' },
  'training-unavailability': { axis: 'french', from: '2026-04-01' },
  attestation: { issuedOn: '2026-11-02' },
  closure: { date: '2026-06-01', reason: 'left-belgium' },
  'nationality-dossier': { openedOn: '2026-06-01' },
  'nationality-dossier/proofs': { kind: 'language-a2', issuer: 'Forem', date: '2026-05-01' },
};

const junk = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant('x'.repeat(100_000)),
  fc.constant(''),
  fc.constant('   '),
  fc.constant('2026-02-30'),
  fc.constant('2099-01-01'),
  fc.constant('31/12/2025'),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
  fc.constant({ $where: 'sleep(1)' }),
  fc.constant("'; DROP TABLE es_events; --"),
);

type Mutation = { kind: 'drop' | 'retype' | 'extra'; key: string; value: unknown };

/** A mutation that always makes the body invalid: drop a required field, give a field a wrong value, or add an unknown field. */
const mutation = (body: Record<string, unknown>): fc.Arbitrary<Mutation> =>
  fc.oneof(
    fc.constantFrom(...Object.keys(body)).map((key) => ({ kind: 'drop' as const, key, value: undefined })),
    fc
      .tuple(fc.constantFrom(...Object.keys(body)), junk)
      .map(([key, value]) => ({ kind: 'retype' as const, key, value })),
    fc
      .tuple(
        fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !(k in body) && k !== '__proto__'),
        junk,
      )
      .map(([key, value]) => ({ kind: 'extra' as const, key, value })),
  );

const apply = (body: Record<string, unknown>, m: Mutation): Record<string, unknown> => {
  const copy = { ...body };
  if (m.kind === 'drop') delete copy[m.key];
  else copy[m.key] = m.value;
  return copy;
};

/** Whether a retyped value is, by chance, still valid for that field (then it is not a malformed request). */
const stillValid = (path: string, m: Mutation): boolean =>
  m.kind === 'retype' && JSON.stringify(m.value) === JSON.stringify(VALID[path][m.key]);

describe('fuzz: malformed requests never cause a 500 and never write', () => {
  let t: TestApp;
  let api: Api;
  let parcoursId: string;

  beforeAll(async () => {
    t = await createTestApp();
    api = new Api(t.http);
    parcoursId = (await api.post('cai.aline', '/api/parcours', obligedPerson())).body.parcoursId;
  });
  afterAll(async () => {
    await t.close();
  });

  const eventCount = async (): Promise<number> => {
    const client = new Client({ connectionString: t.db.url });
    await client.connect();
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM es_events');
    await client.end();
    return Number(rows[0].n);
  };

  it('1,200 malformed command requests: only 400/404/413/415/422 answers, problem+json, and no event written', async () => {
    const before = await eventCount();
    const statuses = new Map<number, number>();
    let sent = 0;
    const paths = Object.keys(VALID);
    const cases = fc.sample(
      fc.constantFrom(...paths).chain((path) =>
        fc.record({
          path: fc.constant(path),
          mutations: fc.array(mutation(VALID[path]), { minLength: 1, maxLength: 3 }),
          target: fc.constantFrom('known', 'unknown', 'garbage'),
        }),
      ),
      { numRuns: 1000, seed: 20261121 },
    );
    const token = await api.token('cai.aline');
    for (const c of cases) {
      if (c.mutations.every((m) => stillValid(c.path, m))) continue;
      const body = c.mutations.reduce(apply, VALID[c.path]);
      const id =
        c.target === 'known' ? parcoursId : c.target === 'unknown' ? randomUUID() : "../../etc/passwd'%00";
      const res = await t.http
        .post(`/api/parcours/${encodeURIComponent(id)}/${c.path}`)
        .set('Authorization', `Bearer ${token}`)
        .send(body);
      sent += 1;
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect([400, 404, 413, 422]).toContain(res.status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(typeof res.body.code).toBe('string');
    }
    // Openings with a broken body, and raw malformed payloads.
    const { person, criCode, communeCode, communeRegistrationDate } = obligedPerson();
    const opening: Record<string, unknown> = { person, criCode, communeCode, communeRegistrationDate };
    for (const m of fc.sample(mutation(opening), { numRuns: 150, seed: 7 })) {
      if (m.kind === 'retype' && JSON.stringify(m.value) === JSON.stringify(opening[m.key])) continue;
      const res = await t.http
        .post('/api/parcours')
        .set('Authorization', `Bearer ${token}`)
        .send(apply(opening, m));
      sent += 1;
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect([400, 413, 422]).toContain(res.status);
    }
    for (const raw of ['{', '{"date": }', 'null', '[]', '"text"', '\u0000', 'x'.repeat(300_000)]) {
      const res = await t.http
        .post(`/api/parcours/${parcoursId}/presentation`)
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/json')
        .send(raw);
      sent += 1;
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect([400, 413, 415, 422]).toContain(res.status);
    }
    // Well-formed commands aimed at parcours that do not exist (or ids that are not ids): 404, nothing written.
    for (const path of Object.keys(VALID)) {
      for (const id of [randomUUID(), 'not-a-uuid', '00000000-0000-0000-0000-000000000000']) {
        const res = await t.http
          .post(`/api/parcours/${id}/${path}`)
          .set('Authorization', `Bearer ${token}`)
          .send(VALID[path]);
        sent += 1;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status).toBe(404);
      }
    }
    expect(sent).toBeGreaterThanOrEqual(1000);
    expect(await eventCount()).toBe(before);
    console.info(
      `fuzz: ${sent} malformed requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}, events written: ${(await eventCount()) - before}`,
    );
  });

  it('600 hostile query strings on the read endpoints: never a 500, 400 answers are problem+json in French, nothing written', async () => {
    const before = await eventCount();
    const endpoints: Array<[string, string]> = [
      ['spw', '/api/parcours'],
      ['spw', `/api/parcours/${parcoursId}`],
      ['spw', `/api/parcours/${parcoursId}/history`],
      ['spw', '/api/compliance/deadlines'],
      ['spw', '/api/compliance/export.csv'],
      ['spw', '/api/dashboards/cri'],
      ['cai.coord', '/api/dashboards/cri/CAI'],
      ['admin', '/api/audit'],
      ['sanction', '/api/sanctions'],
      ['sanction', '/api/sanctions/sanctionable'],
      ['sanction', '/api/sanctions/sanctionable.csv'],
      ['cai.aline', '/api/parcours'],
    ];
    const names = [
      'asOf',
      'page',
      'pageSize',
      'cri',
      'status',
      'kind',
      'obligation',
      'stage',
      'q',
      'sort',
      'accompagnateurId',
      'from',
      'to',
      'username',
      'parcoursId',
      'breach',
      'page[$gt]',
      'asOf[]',
      '__proto__',
      'constructor',
    ];
    const value = fc.oneof(
      fc.constantFrom(
        '99999999999',
        '9999-12-31',
        '0001-01-01',
        '2025-13-45',
        '2026-02-30',
        '-1',
        '0',
        '1e9',
        '1.5',
        'NaN',
        'Infinity',
        '0x10',
        '',
      ),
      fc.constantFrom(
        "' OR 1=1 --",
        '%00',
        '\u0000',
        '../../etc/passwd',
        '<script>alert(1)</script>',
        '=HYPERLINK("x")',
        'x'.repeat(5000),
        '2026-11-21T00:00:00Z',
      ),
      fc.string({ maxLength: 20 }),
      fc.integer().map(String),
    );
    const cases = fc.sample(
      fc.record({
        endpoint: fc.constantFrom(...endpoints),
        params: fc.array(fc.tuple(fc.constantFrom(...names), value), { minLength: 1, maxLength: 4 }),
      }),
      { numRuns: 600, seed: 23 },
    );
    const statuses = new Map<number, number>();
    for (const {
      endpoint: [user, path],
      params,
    } of cases) {
      const query = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
      const res = await api.get(user, `${path}?${query}`);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect({ path, query, allowed: [200, 400, 404].includes(res.status) }).toEqual({
        path,
        query,
        allowed: true,
      });
      if (res.status === 400) {
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body.title).toBe('Données invalides');
      }
    }
    expect(statuses.get(400) ?? 0).toBeGreaterThan(100);
    expect(await eventCount()).toBe(before);
    console.info(
      `fuzz: ${cases.length} hostile query strings, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
  });
});
