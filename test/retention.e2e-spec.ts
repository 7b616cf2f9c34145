import { Api, obligedPerson } from './support/api';
import { createTestApp, TestClock, type TestApp } from './support/test-app';
import { RetentionService } from '../apps/api/src/privacy/retention';

describe('retention: personal data erased N years after the parcours ended', () => {
  let t: TestApp;
  let api: Api;
  const clock = new TestClock(new Date('2026-11-21T09:00:00Z'));

  beforeAll(async () => {
    t = await createTestApp({ clock, env: { JALON_RETENTION_YEARS: '2' } });
    api = new Api(t.http);
  });
  afterAll(async () => {
    await t.close();
  });

  it('dry run lists what is due and erases nothing; the run erases it; a second run finds nothing', async () => {
    const open = async (registration: string, name: string) => {
      const res = await api.post('cai.aline', '/api/parcours', {
        ...obligedPerson({
          communeRegistrationDate: registration,
          cardOrderDate: registration,
          legalStaySince: registration,
        }),
        person: { ...obligedPerson().person, lastName: name },
      });
      expect(res.status).toBe(201);
      return res.body.parcoursId as string;
    };
    const old = await open('2022-03-01', 'Ancienne');
    const recent = await open('2024-03-01', 'Recente');
    const ongoing = await open('2022-03-01', 'Encours');
    expect(
      (
        await api.post('cai.aline', `/api/parcours/${old}/closure`, {
          date: '2024-06-30',
          reason: 'left-belgium',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api.post('cai.aline', `/api/parcours/${recent}/closure`, {
          date: '2025-01-15',
          reason: 'left-belgium',
        })
      ).status,
    ).toBe(200);
    await t.whenCaughtUp();

    const retention = t.app.get(RetentionService);
    const dry = await retention.run('2026-11-21', true);
    expect(dry.candidates.map((c) => c.parcoursId)).toEqual([old]);
    expect(dry.candidates[0]).toMatchObject({
      endedBy: 'closure',
      endedOn: '2024-06-30',
      dueOn: '2026-06-30',
    });
    expect(dry.erased).toBe(0);
    expect(
      (await api.get('cai.aline', `/api/parcours/${old}/history`)).body.items[0].data.person.lastName,
    ).toBe('Ancienne');

    const run = await retention.run('2026-11-21', false);
    expect(run.erased).toBe(1);
    const history = await api.get('cai.aline', `/api/parcours/${old}/history`);
    expect(history.body.items[0].data.person.lastName).toBe('donnée effacée');
    expect(history.body.items.at(-1)).toMatchObject({
      type: 'PersonalDataErased',
      data: { reason: 'retention-expired' },
      actor: { username: 'retention' },
    });
    for (const id of [recent, ongoing]) {
      expect(
        (await api.get('cai.aline', `/api/parcours/${id}/history`)).body.items[0].data.person.lastName,
      ).not.toBe('donnée effacée');
    }
    await t.whenCaughtUp();
    expect((await retention.run('2026-11-21', false)).candidates).toEqual([]);
    // Later, the recent one falls due too.
    expect((await retention.run('2027-01-15', true)).candidates.map((c) => c.parcoursId)).toEqual([recent]);
  });
});
