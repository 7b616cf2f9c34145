import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { obligedPerson } from '../support/api';
import {
  eventCount,
  makeTempDir,
  PgServer,
  pool,
  removeTempDir,
  report,
  send,
  startApi,
  tally,
  User,
  type ApiProcess,
} from './support/harness';

/** A valid body per command endpoint (required fields only); every generated request breaks it. */
const VALID: Record<string, Record<string, unknown>> = {
  presentation: { date: '2026-02-20' },
  'accueil/rights-and-duties': { date: '2026-03-02' },
  'accueil/bilan-social': { date: '2026-03-02' },
  'french/positioning': { date: '2026-03-03', level: 'A1' },
  convention: { signedOn: '2026-03-10', includesFrench: true },
  'french/hours': { operator: 'Op', from: '2026-03-15', to: '2026-04-15', hours: 20 },
  'citizenship/hours': { operator: 'Op', from: '2026-03-15', to: '2026-04-15', hours: 20 },
  'isp/hours': { provider: 'Forem', date: '2026-04-02', hours: 4 },
  evaluations: { date: '2026-09-10', convocation: 'email', attended: true },
  dispenses: { category: 'D2', decidedOn: '2026-04-01', evidence: 'certificat' },
  suspensions: { from: '2026-04-01', reason: 'illness' },
  attestation: { issuedOn: '2026-11-02' },
  closure: { date: '2026-06-01', reason: 'left-belgium' },
};
const OPENING: Record<string, unknown> = (({ person, criCode, communeCode, communeRegistrationDate }) => ({
  person,
  criCode,
  communeCode,
  communeRegistrationDate,
}))(obligedPerson());

const HUGE = 'x'.repeat(100_000);

const canonical = (body: Record<string, unknown>): string =>
  JSON.stringify(
    Object.keys(body)
      .sort()
      .map((k) => [k, body[k]]),
  );

/** A value of another JSON type than `valid`, or a string no field accepts (huge, blank, injection, not a date). */
const wrongValue = (valid: unknown): fc.Arbitrary<unknown> =>
  fc
    .oneof(
      fc.constant(null),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(HUGE),
      fc.constant(''),
      fc.constant('   '),
      fc.constant('2026-02-30'),
      fc.constant("'; DROP TABLE es_events; --"),
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
      fc.constant({ $where: 'sleep(1)' }),
    )
    .filter((v) =>
      typeof v === 'string'
        ? typeof valid !== 'string' ||
          v === HUGE ||
          v.trim() === '' ||
          v === '2026-02-30' ||
          v.startsWith("'")
        : typeof v !== typeof valid || Array.isArray(v) || v === null,
    );

/** Breaks a valid body: drops a field, gives one a wrong value, or adds an unknown field. */
const broken = (body: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> => {
  const extra = fc
    // Not the names of Object.prototype (or "prototype"): the validation pipe lets those through (and drops them).
    .tuple(
      fc
        .string({ minLength: 1, maxLength: 12 })
        .filter((k) => !(k in body) && !(k in {}) && k !== 'prototype'),
      fc.jsonValue({ maxDepth: 2 }),
    )
    .map(([key, value]) => ({ ...body, [key]: value }));
  const keys = Object.keys(body);
  if (keys.length === 0) return extra;
  return fc.oneof(
    fc.constantFrom(...keys).map((key) => {
      const copy = { ...body };
      delete copy[key];
      return copy;
    }),
    fc
      .constantFrom(...keys)
      .chain((key) => wrongValue(body[key]).map((value) => ({ ...body, [key]: value }))),
    extra,
  );
};

interface Malformed {
  kind: string;
  method: string;
  path: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

const malformed = (parcoursId: string): fc.Arbitrary<Malformed> => {
  const command = fc.constantFrom(...Object.keys(VALID));
  const target = fc.oneof(
    fc.constant(parcoursId),
    fc.constant(parcoursId),
    fc.uuid().map(String),
    fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(s) || '%20'),
    fc.constant("..%2F..%2Fetc%2Fpasswd'%00"),
  );
  const commandPath = fc
    .tuple(target, command)
    .map(([id, c]) => ({ id, c, path: `/api/parcours/${id}/${c}` }));
  return fc.oneof(
    // Random JSON (any type, any shape) where a command body is expected.
    {
      weight: 3,
      arbitrary: fc
        .tuple(commandPath, fc.jsonValue({ maxDepth: 3 }))
        .map(([p, body]) => ({ kind: 'random-json', method: 'POST', path: p.path, body })),
    },
    // A valid body broken once or twice (wrong types, huge strings, missing or unknown fields).
    {
      weight: 4,
      arbitrary: commandPath.chain((p) =>
        broken(VALID[p.c])
          .chain((once) => fc.oneof(fc.constant(once), broken(once)))
          // Breaking twice can repair (dropping the unknown field the first break added).
          .filter((body) => canonical(body) !== canonical(VALID[p.c]))
          .map((body) => ({ kind: 'broken-body', method: 'POST', path: p.path, body })),
      ),
    },
    {
      weight: 2,
      arbitrary: broken(OPENING).map((body) => ({
        kind: 'broken-opening',
        method: 'POST',
        path: '/api/parcours',
        body,
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .jsonValue({ maxDepth: 3 })
        .map((body) => ({ kind: 'random-opening', method: 'POST', path: '/api/parcours', body })),
    },
    // Bodies that are not JSON, or too large, or announced as something else.
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          commandPath,
          fc.oneof(
            fc.constantFrom('{', '{"date": }', '\u0000', '[1,2', 'nul', '{"date":"2026-02-20"}}', '"\ud800"'),
            fc.string({ maxLength: 200 }),
            fc.constant('x'.repeat(300_000)),
            fc.constant(`{"a":${'['.repeat(2000)}${']'.repeat(2000)}}`),
          ),
          fc.constantFrom(
            'application/json',
            'text/plain',
            'application/xml',
            'application/json; charset=latin1',
          ),
        )
        .map(([p, raw, type]) => ({
          kind: 'raw-body',
          method: 'POST',
          path: p.path,
          raw,
          headers: { 'Content-Type': type },
        })),
    },
    // A valid-looking body with broken headers: Idempotency-Key or If-Match.
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          commandPath,
          fc.oneof(
            fc.constantFrom('has space', 'k'.repeat(300), 'é-accent').map((v) => ({ 'Idempotency-Key': v })),
            fc
              .constantFrom('abc', '"-1"', '"1.5"', 'W/"x"', '"99999999999999999999"')
              .map((v) => ({ 'If-Match': v })),
          ),
        )
        .map(([p, headers]) => ({
          kind: 'bad-header',
          method: 'POST',
          path: p.path,
          body: { ...VALID[p.c], date: '2026-13-45', hours: -1 },
          headers,
        })),
    },
  );
};

describe('malformed requests to the spawned api', () => {
  let dir: string;
  let pg: PgServer | undefined;
  let api: ApiProcess | undefined;
  let databaseUrl: string;

  beforeAll(async () => {
    dir = makeTempDir('malformed');
    pg = await PgServer.start(dir);
    databaseUrl = pg.database('jalon_malformed');
    api = await startApi(dir, databaseUrl);
  });

  afterAll(async () => {
    await api?.stop().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    await removeTempDir(dir);
  });

  it('1,000+ malformed requests: never a 5xx, always problem+json, nothing written', async () => {
    const user = new User(api!.baseUrl);
    await user.login();
    const opened = await user.post('/api/parcours', obligedPerson());
    expect(opened.status).toBe(201);
    const parcoursId = opened.body.parcoursId as string;
    const before = await eventCount(databaseUrl);

    const cases = fc.sample(malformed(parcoursId), { numRuns: 1000, seed: 20261121 });
    // A few fixed extremes besides the generated ones: unknown ids, unknown routes, missing or forged tokens.
    cases.push(
      {
        kind: 'unknown-id',
        method: 'POST',
        path: `/api/parcours/${randomUUID()}/presentation`,
        body: VALID.presentation,
      },
      { kind: 'unknown-route', method: 'POST', path: `/api/parcours/${parcoursId}/nope`, body: {} },
      {
        kind: 'wrong-method',
        method: 'PUT',
        path: `/api/parcours/${parcoursId}/presentation`,
        body: VALID.presentation,
      },
      {
        kind: 'no-token',
        method: 'POST',
        path: `/api/parcours/${parcoursId}/presentation`,
        body: VALID.presentation,
        headers: { Authorization: '' },
      },
      {
        kind: 'forged-token',
        method: 'POST',
        path: `/api/parcours/${parcoursId}/presentation`,
        body: VALID.presentation,
        headers: { Authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' },
      },
    );
    const started = Date.now();
    const results = await pool(cases, 8, async (c) => {
      try {
        const res = await send(api!.baseUrl, c.method, c.path, {
          body: c.body,
          raw: c.raw,
          token: user.token,
          headers: c.headers,
        });
        return {
          c,
          status: res.status,
          problemJson: /application\/problem\+json/.test(String(res.headers['content-type'])),
          code: res.body?.code as string | undefined,
        };
      } catch (error) {
        return {
          c,
          status: null,
          problemJson: false,
          code: (error as { code?: string }).code ?? String(error),
        };
      }
    });
    const elapsed = Date.now() - started;
    const after = await eventCount(databaseUrl);
    const health = await send(api!.baseUrl, 'GET', '/health');

    const serverErrors = results.filter((r) => r.status === null || r.status >= 500);
    const accepted = results.filter((r) => r.status !== null && r.status < 400);
    const notProblem = results.filter((r) => r.status !== null && r.status >= 400 && !r.problemJson);
    report('malformed requests to the spawned api', {
      'requests sent': results.length,
      kinds: tally(results.map((r) => r.c.kind)),
      statuses: tally(results.map((r) => r.status ?? r.code)),
      codes: tally(results.map((r) => r.code ?? '-')),
      '5xx or no answer': serverErrors.length,
      'accepted (2xx/3xx)': accepted.length,
      'errors not problem+json': notProblem.length,
      'events written': after - before,
      'elapsed (ms)': elapsed,
      'requests/s': Math.round((results.length * 1000) / elapsed),
    });

    expect(results.length).toBeGreaterThanOrEqual(1000);
    const describeCase = (c: Malformed): string =>
      `${c.kind} ${c.method} ${c.path} ${JSON.stringify(c.headers ?? {})} ${(c.raw ?? JSON.stringify(c.body) ?? '').slice(0, 120)}`;
    expect(serverErrors.map((r) => `${describeCase(r.c)} → ${r.status} ${r.code}`)).toEqual([]);
    expect(accepted.map((r) => `${describeCase(r.c)} → ${r.status}`)).toEqual([]);
    expect(notProblem.map((r) => `${r.c.kind} ${r.c.path}: ${r.status}`)).toEqual([]);
    expect(after).toBe(before);
    expect(health.status).toBe(200);
    expect(api!.log()).not.toMatch(/"code":"INTERNAL_ERROR"/);
  });
});
