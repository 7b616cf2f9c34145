import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@app/platform';
import { decodeJwt, SignJWT } from 'jose';
import { Client } from 'pg';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createApp } from '../apps/api/src/bootstrap';
import { LOGIN_LIMIT_PER_ADDRESS, LOGIN_LIMIT_PER_USERNAME } from '../apps/api/src/auth/login-limiter';
import { Api, obligedPerson } from './support/api';
import { createTestApp, TestClock, type TestApp } from './support/test-app';

/**
 * Replays the requests of issue 23 (an attacker on this machine, docs/security.md) and asserts the new answers:
 * sessions and tokens, login limits, data minimisation, hostile query strings, security headers, CORS, /health, /docs.
 */
const SECRET = 'test-secret-test-secret-test-secret-42';
const key = new TextEncoder().encode(SECRET);

describe('security (issue 23)', () => {
  let t: TestApp;
  let api: Api;
  /** A second api process on the same database, as a second replica would be. */
  let replica: INestApplication;
  let replicaHttp: TestAgent;
  const clock = new TestClock(new Date('2026-11-21T09:00:00Z'));

  beforeAll(async () => {
    t = await createTestApp({ clock });
    api = new Api(t.http);
    const config = loadConfig({
      NODE_ENV: 'test',
      AUTH_JWT_SECRET: SECRET,
      JALON_MASTER_KEY: '0f'.repeat(32),
      PROJECTIONS: 'off',
    });
    replica = await createApp({ config, databaseUrl: t.db.url, clock }, { bufferLogs: true });
    await replica.init();
    replicaHttp = request(replica.getHttpServer());
  });
  afterAll(async () => {
    await replica.close();
    await t.close();
  });

  const login = async (username: string, http: TestAgent = t.http): Promise<string> => {
    const res = await http.post('/api/auth/login').send({ username, password: 'demo' });
    expect(res.status).toBe(200);
    return res.body.accessToken as string;
  };
  const me = (token: string, http: TestAgent = t.http) =>
    http.get('/api/auth/me').set('Authorization', `Bearer ${token}`);

  describe('tokens are checked against the directory and the sessions', () => {
    /** A token signed with the real secret: what someone who learnt the secret, or an old build, could make. */
    const forge = (claims: Record<string, unknown>, options: { exp?: boolean } = {}) => {
      let jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('jalon')
        .setAudience('jalon-api')
        .setIssuedAt();
      if (options.exp !== false) jwt = jwt.setExpirationTime('1h');
      return jwt.sign(key);
    };

    it('a token naming an unknown user, another role, another CRI, or without exp or session answers 401', async () => {
      const genuine = await login('cai.aline');
      const { jti, sub } = decodeJwt(genuine);
      expect((await me(genuine)).status).toBe(200);
      const cases: Array<[string, string]> = [
        ['unknown user', await forge({ sub: 'ghost', username: 'ghost', role: 'admin', cri: null, jti })],
        ['role escalation', await forge({ sub, username: 'cai.aline', role: 'admin', cri: null, jti })],
        [
          'other CRI',
          await forge({ sub, username: 'cai.aline', role: 'accompagnateur', cri: 'CRIPEL', jti }),
        ],
        ['CRI role without CRI', await forge({ sub, username: 'cai.aline', role: 'accompagnateur', jti })],
        [
          'no exp',
          await forge(
            { sub, username: 'cai.aline', role: 'accompagnateur', cri: 'CAI', jti },
            { exp: false },
          ),
        ],
        [
          'no session',
          await forge({
            sub,
            username: 'cai.aline',
            role: 'accompagnateur',
            cri: 'CAI',
            jti: '6f1c2b9e-3d4a-4e5f-8a7b-1c2d3e4f5a6b',
          }),
        ],
        ['no jti', await forge({ sub, username: 'cai.aline', role: 'accompagnateur', cri: 'CAI' })],
      ];
      for (const [label, token] of cases) {
        const res = await me(token);
        expect({ label, status: res.status, code: res.body.code }).toEqual({
          label,
          status: 401,
          code: 'INVALID_TOKEN',
        });
      }
      // The same claims with the genuine session and an exp are accepted: the refusals above come from what differs.
      expect(
        (await me(await forge({ sub, username: 'cai.aline', role: 'accompagnateur', cri: 'CAI', jti })))
          .status,
      ).toBe(200);
    });

    it('logout ends that token on every replica; the user’s other sessions go on', async () => {
      const first = await login('cai.coord');
      const second = await login('cai.coord', replicaHttp);
      expect((await me(first, replicaHttp)).status).toBe(200); // the replica honours a token the other one issued
      const out = await t.http.post('/api/auth/logout').set('Authorization', `Bearer ${second}`);
      expect(out.status).toBe(204);
      expect((await me(second)).status).toBe(401);
      expect((await me(second, replicaHttp)).status).toBe(401);
      expect((await me(first)).status).toBe(200);
      expect((await t.http.post('/api/auth/logout')).status).toBe(401);
    });

    it('an admin ends every session of a user; others may not; the user can log in again', async () => {
      const a = await login('cripel.marc');
      const b = await login('cripel.marc', replicaHttp);
      expect(
        (await api.post('cai.coord', '/api/auth/users/cripel.marc/sessions/revocation', {})).status,
      ).toBe(403);
      expect((await api.post('admin', '/api/auth/users/nobody/sessions/revocation', {})).status).toBe(404);
      const revoked = await api.post('admin', '/api/auth/users/cripel.marc/sessions/revocation', {});
      expect(revoked.status).toBe(200);
      expect(revoked.body).toEqual({ username: 'cripel.marc', sessionsEnded: 2 });
      for (const [token, http] of [
        [a, t.http],
        [b, t.http],
        [a, replicaHttp],
        [b, replicaHttp],
      ] as const)
        expect((await me(token, http)).status).toBe(401);
      expect((await me(await login('cripel.marc'))).status).toBe(200);
    });
  });

  describe('the sanctioning officer reads the sanctionable cases and those of its procedures only', () => {
    let withProcedure: string;
    let without: string;

    beforeAll(async () => {
      const base = obligedPerson();
      const open = async (lastName: string) =>
        (
          await api.post(
            'cai.aline',
            '/api/parcours',
            obligedPerson({ person: { ...base.person, lastName } }),
          )
        ).body.parcoursId as string;
      withProcedure = await open('Amrani');
      without = await open('Benali');
      await t.whenCaughtUp();
      const opened = await api.post('sanction', '/api/sanctions', {
        parcoursId: withProcedure,
        breach: 'presentation',
        reportedOn: '2026-06-01',
      });
      expect(opened.status).toBe(201);
      await t.whenCaughtUp();
    });

    it('lists, CSV and compliance: 403; a case without procedure: 404; the case of its procedure: 200, audited', async () => {
      for (const path of [
        '/api/parcours',
        '/api/compliance/deadlines',
        '/api/compliance/export.csv',
        '/api/dashboards/cri',
        '/api/audit',
      ]) {
        expect({ path, status: (await api.get('sanction', path)).status }).toEqual({ path, status: 403 });
      }
      for (const path of [
        `/api/parcours/${without}`,
        `/api/parcours/${without}/history`,
        '/api/parcours/not-a-uuid',
      ]) {
        const res = await api.get('sanction', path);
        expect({ path, status: res.status, code: res.body.code }).toEqual({
          path,
          status: 404,
          code: 'NOT_FOUND',
        });
      }
      for (const path of [
        `/api/parcours/${withProcedure}`,
        `/api/parcours/${withProcedure}/history`,
        '/api/sanctions/sanctionable',
        '/api/sanctions',
        '/api/auth/me',
      ]) {
        expect({ path, status: (await api.get('sanction', path)).status }).toEqual({ path, status: 200 });
      }
      expect((await api.get('sanction', `/api/parcours/${withProcedure}`)).body.person.lastName).toBe(
        'Amrani',
      );
      const audit = await api.get('admin', `/api/audit?parcoursId=${withProcedure}&username=sanction`);
      expect(audit.body.items.map((i: { action: string }) => i.action)).toEqual(
        expect.arrayContaining(['parcours.detail', 'parcours.history']),
      );
      // Others keep their reads.
      expect((await api.get('spw', `/api/parcours/${without}`)).status).toBe(200);
      expect((await api.get('spw', '/api/compliance/deadlines')).status).toBe(200);
    });
  });

  describe('hostile query strings answer 400 in French, never 500', () => {
    it.each([
      ['/api/parcours?page=99999999999', 'page'],
      ['/api/parcours?asOf=9999-12-31', 'asOf'],
      ['/api/compliance/export.csv?asOf=9999-12-31', 'asOf'],
      ['/api/compliance/deadlines?asOf=9999-12-31', 'asOf'],
      ['/api/compliance/deadlines?page=99999999999', 'page'],
      ['/api/compliance/deadlines?asOf=0001-01-01', 'asOf'],
      ['/api/audit?from=2025-13-45', 'from'],
      ['/api/audit?to=2025-02-30', 'to'],
    ])('%s', async (path, field) => {
      const res = await api.get(path.startsWith('/api/audit') ? 'admin' : 'spw', path);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('an asOf a few years ahead still answers', async () => {
      expect((await api.get('spw', '/api/compliance/deadlines?asOf=2030-01-01')).status).toBe(200);
    });
  });

  describe('security headers', () => {
    it('JSON, problems, CSV and PDF carry nosniff, a CSP, frame protection and no-store; no HSTS outside production', async () => {
      const id = (
        await api.post(
          'cai.aline',
          '/api/parcours',
          obligedPerson({ person: { ...obligedPerson().person, lastName: 'Chraibi' } }),
        )
      ).body.parcoursId as string;
      expect(
        (await api.post('cai.aline', `/api/parcours/${id}/nationality-dossier`, { openedOn: '2026-06-01' }))
          .status,
      ).toBe(200);
      await t.whenCaughtUp();
      const answers = {
        case: await api.get('cai.aline', `/api/parcours/${id}`),
        problem: await api.get('cai.aline', '/api/parcours/6f1c2b9e-3d4a-4e5f-8a7b-1c2d3e4f5a6b'),
        unauthenticated: await t.http.get('/api/parcours'),
        csv: await api.get('spw', '/api/compliance/export.csv'),
        pdf: await api.get('cai.aline', `/api/parcours/${id}/nationality-dossier.pdf`),
        health: await t.http.get('/health'),
      };
      expect(answers.case.status).toBe(200);
      expect(answers.pdf.status).toBe(200);
      for (const [name, res] of Object.entries(answers)) {
        expect({
          name,
          nosniff: res.headers['x-content-type-options'],
          frame: res.headers['x-frame-options'],
          cache: res.headers['cache-control'],
        }).toEqual({
          name,
          nosniff: 'nosniff',
          frame: 'DENY',
          cache: 'no-store',
        });
        expect(res.headers['content-security-policy']).toContain("default-src 'none'");
        expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
        expect(res.headers['strict-transport-security']).toBeUndefined();
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('CORS is closed without CORS_ORIGINS', async () => {
      const preflight = await t.http
        .options('/api/parcours')
        .set('Origin', 'https://evil.example')
        .set('Access-Control-Request-Method', 'GET');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const get = await t.http.get('/health').set('Origin', 'https://evil.example');
      expect(get.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('/health and /docs', () => {
    it('anonymous /health says up or down only; projection details are for admins', async () => {
      expect((await t.http.get('/health')).body).toEqual({ status: 'up' });
      expect((await api.get('spw', '/health')).body).toEqual({ status: 'up' });
      expect(Object.keys((await api.get('admin', '/health')).body)).toEqual([
        'status',
        'database',
        'eventStore',
        'projections',
      ]);
    });

    describe('in production', () => {
      let prod: TestApp;
      beforeAll(async () => {
        prod = await createTestApp({
          env: {
            NODE_ENV: 'production',
            LOG_LEVEL: 'silent',
            DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
            AUTH_DEMO_USERS: 'true',
            CORS_ORIGINS: 'https://jalon.example.be',
          },
        });
      });
      afterAll(async () => {
        await prod.close();
      });

      it('/docs and /docs-json answer 404; HSTS on every answer; CORS only for the configured origin', async () => {
        expect((await prod.http.get('/docs')).status).toBe(404);
        expect((await prod.http.get('/docs-json')).status).toBe(404);
        const health = await prod.http.get('/health');
        expect(health.headers['strict-transport-security']).toMatch(/max-age=31536000/);
        const allowed = await prod.http
          .options('/api/parcours')
          .set('Origin', 'https://jalon.example.be')
          .set('Access-Control-Request-Method', 'GET');
        expect(allowed.headers['access-control-allow-origin']).toBe('https://jalon.example.be');
        const refused = await prod.http
          .options('/api/parcours')
          .set('Origin', 'https://evil.example')
          .set('Access-Control-Request-Method', 'GET');
        expect(refused.headers['access-control-allow-origin']).toBeUndefined();
      });
    });
  });
  // Last: these leave the loopback address limited for the rest of the file.
  describe('login limits are shared by the replicas and not fooled by X-Forwarded-For', () => {
    const attempt = (http: TestAgent, username: string, forwardedFor?: string) => {
      const req = http.post('/api/auth/login');
      if (forwardedFor) req.set('X-Forwarded-For', forwardedFor);
      return req.send({ username, password: 'wrong-password' });
    };

    it(`per username across addresses and replicas: after ${LOGIN_LIMIT_PER_USERNAME} failures, 429 with Retry-After`, async () => {
      const statuses: number[] = [];
      for (let i = 0; i < LOGIN_LIMIT_PER_USERNAME; i++) {
        // A forged address per try (ignored: no TRUSTED_PROXIES), half of them on the other replica.
        statuses.push((await attempt(i % 2 === 0 ? t.http : replicaHttp, 'spw', `203.0.113.${i}`)).status);
      }
      expect(statuses.every((s) => s === 401)).toBe(true);
      const limited = await attempt(replicaHttp, 'spw', '198.51.100.7');
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({
        code: 'TOO_MANY_REQUESTS',
        title: 'Trop de tentatives, réessayez plus tard',
      });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Even the right password waits: the account is being guessed.
      expect((await t.http.post('/api/auth/login').send({ username: 'spw', password: 'demo' })).status).toBe(
        429,
      );
    });

    it(`per address across usernames: after ${LOGIN_LIMIT_PER_ADDRESS} failures from one address, any username answers 429`, async () => {
      for (let i = 0; i < LOGIN_LIMIT_PER_ADDRESS - LOGIN_LIMIT_PER_USERNAME; i++) {
        expect((await attempt(i % 2 === 0 ? t.http : replicaHttp, `spray-${i}`)).status).toBe(401);
      }
      // The 10 failures on "spw" above came from this same (loopback) address too.
      const sprayed = await attempt(t.http, 'spray-next');
      expect(sprayed.status).toBe(429);
      expect(
        (await replicaHttp.post('/api/auth/login').send({ username: 'admin', password: 'demo' })).status,
      ).toBe(429);
    });
  });

  describe('with TRUSTED_PROXIES, the forwarded address counts', () => {
    let proxied: TestApp;
    beforeAll(async () => {
      proxied = await createTestApp({ env: { TRUSTED_PROXIES: 'loopback' } });
    });
    afterAll(async () => {
      await proxied.close();
    });

    it('different client addresses behind the proxy have their own address limit; the username limit still holds', async () => {
      for (let i = 0; i < LOGIN_LIMIT_PER_USERNAME; i++) {
        const res = await proxied.http
          .post('/api/auth/login')
          .set('X-Forwarded-For', `203.0.113.${i}`)
          .send({ username: 'spw', password: 'nope' });
        expect(res.status).toBe(401);
      }
      expect(
        (
          await proxied.http
            .post('/api/auth/login')
            .set('X-Forwarded-For', '203.0.113.99')
            .send({ username: 'spw', password: 'nope' })
        ).status,
      ).toBe(429);
      const { rows } = await query(
        proxied.db.url,
        `SELECT DISTINCT address FROM auth_login_attempts WHERE username = 'spw'`,
      );
      expect(rows.map((r) => r.address).sort()).toContain('203.0.113.99');
      expect(rows.length).toBe(LOGIN_LIMIT_PER_USERNAME + 1);
      expect(
        (
          await proxied.http
            .post('/api/auth/login')
            .set('X-Forwarded-For', '203.0.113.5')
            .send({ username: 'cai.aline', password: 'demo' })
        ).status,
      ).toBe(200);
    });
  });
});

async function query(url: string, sql: string): Promise<{ rows: Array<Record<string, string>> }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}
