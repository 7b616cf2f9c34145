import { Api } from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

describe('operations endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET /health says up or down to anyone, and only to an admin the database, the event store and each projection', async () => {
    expect((await t.http.get('/health').expect(200)).body).toEqual({ status: 'up' });
    const api = new Api(t.http);
    expect((await api.get('cai.coord', '/health')).body).toEqual({ status: 'up' });
    const res = await api.get('admin', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'up',
      database: { status: 'up' },
      eventStore: { status: 'up', kind: 'postgres' },
    });
    expect(Array.isArray(res.body.projections)).toBe(true);
  });

  it('serves the OpenAPI document at /docs-json and the UI at /docs', async () => {
    const json = await t.http.get('/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(json.body.paths['/health']).toBeDefined();
    await t.http.get('/docs').expect(200);
  });

  it('answers unknown routes with problem+json in French', async () => {
    const res = await t.http.get('/api/nothing-here').expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, code: 'NOT_FOUND', title: 'Introuvable' });
  });

  it('echoes a request id', async () => {
    const res = await t.http.get('/health').set('x-request-id', 'req-123');
    expect(res.headers['x-request-id']).toBe('req-123');
  });
});
