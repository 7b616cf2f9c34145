import { hash } from 'argon2';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { obligedPerson } from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

describe('authentication', () => {
  describe('users file, no demo users, OIDC issuer', () => {
    let t: TestApp;
    let jwks: Server;
    let issuer: string;
    let privateKey: KeyLike;

    beforeAll(async () => {
      const pair = await generateKeyPair('RS256');
      privateKey = pair.privateKey;
      const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
      jwks = createServer((_, res) =>
        res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })),
      );
      await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
      issuer = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}`;
      const dir = mkdtempSync(join(tmpdir(), 'jalon-users-'));
      const usersFile = join(dir, 'users.json');
      writeFileSync(
        usersFile,
        JSON.stringify([
          {
            id: 'u-1',
            username: 'marie.crilux',
            role: 'coordinateur',
            cri: 'CRILUX',
            passwordHash: await hash('S3cret!pass'),
          },
        ]),
      );
      t = await createTestApp({
        env: {
          AUTH_USERS_FILE: usersFile,
          AUTH_DEMO_USERS: 'false',
          AUTH_OIDC_ISSUER: issuer,
          AUTH_OIDC_JWKS_URL: `${issuer}/jwks`,
          AUTH_OIDC_AUDIENCE: 'jalon',
        },
      });
    });
    afterAll(async () => {
      await t.close();
      jwks.close();
    });

    it('demo users are off; a user of the users file logs in (argon2) and acts in their CRI', async () => {
      expect(
        (await t.http.post('/api/auth/login').send({ username: 'cai.aline', password: 'demo' })).status,
      ).toBe(401);
      const login = await t.http
        .post('/api/auth/login')
        .send({ username: 'marie.crilux', password: 'S3cret!pass' });
      expect(login.status).toBe(200);
      expect(login.body.user).toEqual({
        id: 'u-1',
        username: 'marie.crilux',
        role: 'coordinateur',
        cri: 'CRILUX',
      });
      const me = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`);
      expect(me.body).toMatchObject({ username: 'marie.crilux', cri: 'CRILUX' });
      const opened = await t.http
        .post('/api/parcours')
        .set('Authorization', `Bearer ${login.body.accessToken}`)
        .send(obligedPerson({ criCode: 'CRILUX', communeCode: '81001' })); // Arlon, in the CRILUX's territory
      expect(opened.status).toBe(201);
    });

    it('accepts a token of the OIDC issuer (JWKS) with a Jalon role, refuses a wrong audience or a forged token', async () => {
      const sign = (claims: Record<string, unknown>, audience = 'jalon') =>
        new SignJWT(claims)
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setIssuer(issuer)
          .setAudience(audience)
          .setSubject('oidc-42')
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(privateKey);
      const token = await sign({
        preferred_username: 'paul.spw',
        jalon_role: 'administration',
        name: 'Paul Renard',
      });
      const me = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${token}`);
      expect(me.status).toBe(200);
      // The provider's display name (claim `name`) is what screens show, and it is remembered for the history.
      expect(me.body).toMatchObject({
        id: 'oidc-42',
        username: 'paul.spw',
        role: 'administration',
        cri: null,
        displayName: 'Paul Renard',
        label: 'Paul Renard',
      });
      // Administration reads but records nothing.
      expect(
        (await t.http.post('/api/parcours').set('Authorization', `Bearer ${token}`).send(obligedPerson()))
          .status,
      ).toBe(403);
      const otherAudience = await sign({ preferred_username: 'x', jalon_role: 'admin' }, 'someone-else');
      expect((await t.http.get('/api/auth/me').set('Authorization', `Bearer ${otherAudience}`)).status).toBe(
        401,
      );
      const noRole = await sign({ preferred_username: 'x' });
      expect((await t.http.get('/api/auth/me').set('Authorization', `Bearer ${noRole}`)).status).toBe(401);
      const forged = `${token.slice(0, token.lastIndexOf('.') + 1)}${'A'.repeat(20)}`;
      const res = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${forged}`);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'INVALID_TOKEN', title: 'Authentification requise' });
    });
  });

  describe('login rate limiting', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(async () => {
      await t.close();
    });

    it('after 10 attempts a minute for one username and address, the next ones get 429 in French; other users are not locked out', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++)
        statuses.push(
          (await t.http.post('/api/auth/login').send({ username: 'cai.aline', password: `wrong-${i}` }))
            .status,
        );
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
      const limited = await t.http.post('/api/auth/login').send({ username: 'cai.aline', password: 'demo' });
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({
        code: 'TOO_MANY_REQUESTS',
        title: 'Trop de tentatives, réessayez plus tard',
      });
      expect(
        (await t.http.post('/api/auth/login').send({ username: 'cai.coord', password: 'demo' })).status,
      ).toBe(200);
    });
  });
});
