import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('defaults to the embedded database, the PostgreSQL event store and inline projections', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ env: 'development', port: 3000, databaseUrl: null, eventStore: { kind: 'postgres' }, projections: 'inline' });
    expect(config.auth.demoUsers).toBe(true);
  });

  it('names every bad variable', () => {
    const error = (() => {
      try {
        loadConfig({ PORT: 'abc', EVENT_STORE: 'mysql', PROJECTIONS: 'sometimes', DATABASE_URL: 'mysql://x' });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const text = error.problems.join('\n');
    for (const name of ['PORT', 'EVENT_STORE', 'PROJECTIONS', 'DATABASE_URL']) expect(text).toContain(name);
  });

  it('requires KURRENTDB_URL with EVENT_STORE=kurrentdb', () => {
    expect(() => loadConfig({ EVENT_STORE: 'kurrentdb' })).toThrow(/KURRENTDB_URL/);
    expect(loadConfig({ EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://localhost:2113?tls=false' }).eventStore).toEqual({
      kind: 'kurrentdb',
      url: 'kurrentdb://localhost:2113?tls=false',
    });
  });

  it('production needs a JWT secret, a database, a master key and real users; demo users are off by default', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET[\s\S]*DATABASE_URL[\s\S]*JALON_MASTER_KEY[\s\S]*AUTH_USERS_FILE/);
    const config = loadConfig({
      NODE_ENV: 'production',
      AUTH_JWT_SECRET: 'x'.repeat(40),
      DATABASE_URL: 'postgres://u:p@db:5432/jalon',
      JALON_MASTER_KEY: 'a'.repeat(64),
      AUTH_USERS_FILE: '/run/secrets/users.json',
    });
    expect(config.auth.demoUsers).toBe(false);
    expect(config.host).toBe('0.0.0.0');
  });

  it('trusted proxies, CORS origins and public docs: validated, closed by default in production', () => {
    const prod = { NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(40), JALON_MASTER_KEY: '0f'.repeat(32), DATABASE_URL: 'postgres://h/db', AUTH_OIDC_ISSUER: 'https://id.example.be', AUTH_OIDC_JWKS_URL: 'https://id.example.be/jwks', AUTH_OIDC_AUDIENCE: 'jalon' };
    expect(loadConfig(prod).http).toEqual({ trustedProxies: [], corsOrigins: [], docsPublic: false });
    expect(loadConfig({}).http.docsPublic).toBe(true);
    expect(
      loadConfig({ ...prod, TRUSTED_PROXIES: '10.0.0.0/8, loopback', CORS_ORIGINS: 'https://jalon.example.be', DOCS_PUBLIC: 'true' }).http,
    ).toEqual({ trustedProxies: ['10.0.0.0/8', 'loopback'], corsOrigins: ['https://jalon.example.be'], docsPublic: true });
    expect(() => loadConfig({ TRUSTED_PROXIES: 'proxy.example, 10.0.0.0/33' })).toThrow(/TRUSTED_PROXIES: "proxy.example"/);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://jalon.example.be/app' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ DOCS_PUBLIC: 'yes' })).toThrow(/DOCS_PUBLIC/);
  });
});
