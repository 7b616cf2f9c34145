/**
 * Read-your-writes (api.md v2): a command answers the position of its last event; a query sent with that position
 * answers once the read models show the command, without the client polling; a position the read models do not
 * reach in 2 s answers 503 READ_MODEL_BEHIND.
 */
import { Api, obligedPerson } from './support/api';
import { createTestApp, TestClock, type TestApp } from './support/test-app';

describe('read-your-writes', () => {
  let t: TestApp;
  let api: Api;

  beforeAll(async () => {
    t = await createTestApp({ clock: new TestClock(new Date('2026-11-21T09:00:00Z')) });
    api = new Api(t.http);
  });
  afterAll(async () => {
    await t.close();
  });

  it('a query with the position of the command just answered shows that command, 20 times in a row', async () => {
    for (let i = 0; i < 20; i++) {
      const opened = await api.post(
        'cai.aline',
        '/api/parcours',
        obligedPerson({ person: { ...obligedPerson().person, lastName: `Lecture${i}` } }),
      );
      expect(opened.status).toBe(201);
      expect(opened.body.position).toMatch(/^\d+$/);
      expect(opened.headers['jalon-position']).toBe(opened.body.position);
      const id = opened.body.parcoursId as string;
      const presented = await api.post('cai.aline', `/api/parcours/${id}/presentation`, {
        date: '2026-02-20',
      });
      expect(BigInt(presented.body.position)).toBeGreaterThan(BigInt(opened.body.position));
      // No whenCaughtUp, no retry: the query waits for the position itself (by query string or header).
      const detail = await api.get('cai.aline', `/api/parcours/${id}?minPosition=${presented.body.position}`);
      expect({ status: detail.status, version: detail.body.version }).toEqual({ status: 200, version: 2 });
      const list = await t.http
        .get(`/api/parcours?q=Lecture${i}`)
        .set('Authorization', `Bearer ${await api.token('cai.aline')}`)
        .set('Jalon-Min-Position', presented.body.position);
      expect(list.body.items.map((item: { parcoursId: string }) => item.parcoursId)).toEqual([id]);
    }
  });

  it('answers 503 READ_MODEL_BEHIND after 2 s for a position not reached, and 400 for one that is not a number', async () => {
    const started = Date.now();
    const behind = await api.get('cai.aline', '/api/parcours?minPosition=999999999');
    expect(behind.status).toBe(503);
    expect(behind.body).toMatchObject({
      code: 'READ_MODEL_BEHIND',
      title: 'Les données ne sont pas encore à jour',
    });
    expect(behind.headers['retry-after']).toBe('1');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    const bad = await api.get('cai.aline', '/api/parcours?minPosition=demain');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'minPosition' })]);
    // Without a token, nothing waits: authentication comes first.
    expect((await t.http.get('/api/parcours?minPosition=999999999')).status).toBe(401);
  });
});
