/**
 * What-if (`?dryRun=true`) and the case as recorded at an instant (`?knownAt=`), api.md v2 « Corrections, what-if
 * and the case as recorded » (issue 17, items 4 and 5).
 */
import { Api, ATTESTABLE_STEPS, nissFor, obligedPerson } from './support/api';
import { countRows, createTestApp, TestClock, type TestApp } from './support/test-app';

describe('what-if and the case as recorded', () => {
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

  /** Rows of every table a command may write: events, claims, keys, numbers, audit. */
  const footprint = async (): Promise<Record<string, number>> => {
    const tables = [
      'es_events',
      'app_niss_claims',
      'app_idempotency_keys',
      'app_attestation_numbers',
      'audit_access',
    ];
    return Object.fromEntries(
      await Promise.all(tables.map(async (table) => [table, await countRows(t, table)])),
    );
  };

  const post = (path: string, body: unknown, user = 'cai.aline', headers: Record<string, string> = {}) =>
    api.post(user, path, body, headers);

  it('previews a step: the case as it would be, with its deadlines, and nothing written anywhere', async () => {
    const opened = await post('/api/parcours', obligedPerson());
    const id = opened.body.parcoursId as string;
    await t.whenCaughtUp();
    const before = await footprint();
    const preview = await post(
      `/api/parcours/${id}/presentation?dryRun=true`,
      { date: '2026-02-20' },
      'cai.aline',
      {
        'Idempotency-Key': 'preview-1',
      },
    );
    expect(preview.status).toBe(200);
    expect(preview.headers.etag).not.toBe('"2"'); // no version ETag: nothing was recorded
    expect(preview.body.dryRun).toBe(true);
    expect(preview.body.case).toMatchObject({
      parcoursId: id,
      version: 2,
      accompagnateur: expect.objectContaining({ label: 'Aline Dupont (CAI)' }),
    });
    const presentation = preview.body.case.deadlines.find((d: { kind: string }) => d.kind === 'presentation');
    expect(presentation).toMatchObject({ status: 'met', metOn: '2026-02-20' });
    expect(await footprint()).toEqual(before);
    // The case is unchanged, and the same key then records the real command.
    expect((await api.get('cai.aline', `/api/parcours/${id}`)).body.version).toBe(1);
    const real = await post(`/api/parcours/${id}/presentation`, { date: '2026-02-20' }, 'cai.aline', {
      'Idempotency-Key': 'preview-1',
    });
    expect(real.status).toBe(200);
    expect(real.body).toEqual({ parcoursId: id, version: 2, position: expect.stringMatching(/^\d+$/) });
  });

  it('previews an opening (200, the obligation computed) without claiming the NISS; a NISS already open is the same 409', async () => {
    const niss = nissFor('1991-05-06', 77);
    const person = { ...obligedPerson().person, birthDate: '1991-05-06', niss };
    const before = await footprint();
    const preview = await post('/api/parcours?dryRun=true', obligedPerson({ person }));
    expect(preview.status).toBe(200);
    expect(preview.body.case).toMatchObject({ version: 1, obligation: 'obliged', criCode: 'CAI' });
    expect(await footprint()).toEqual(before);
    expect((await post('/api/parcours', obligedPerson({ person }))).status).toBe(201);
    const again = await post('/api/parcours?dryRun=true', obligedPerson({ person }));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PARCOURS_ALREADY_OPEN');
    // Refusals are the ones the command would get.
    const elsewhere = await post('/api/parcours?dryRun=true', obligedPerson({ communeCode: '62063' }));
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.code).toBe('COMMUNE_NOT_IN_CRI_TERRITORY');
  });

  it('previews an attestation without taking a number, or gives the refusal; If-Match is checked as for the command', async () => {
    const id = (await post('/api/parcours', obligedPerson())).body.parcoursId as string;
    const refused = await post(`/api/parcours/${id}/attestation?dryRun=true`, { issuedOn: '2026-11-02' });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('ATTESTATION_REQUIREMENTS_UNMET');
    for (const [path, body] of ATTESTABLE_STEPS)
      expect((await post(`/api/parcours/${id}/${path}`, body)).status).toBe(200);
    const stale = await post(
      `/api/parcours/${id}/attestation?dryRun=true`,
      { issuedOn: '2026-11-02' },
      'cai.aline',
      {
        'If-Match': '"3"',
      },
    );
    expect(stale.status).toBe(412);
    const before = await footprint();
    const preview = await post(
      `/api/parcours/${id}/attestation?dryRun=true`,
      { issuedOn: '2026-11-02' },
      'cai.aline',
      {
        'If-Match': '"9"',
      },
    );
    expect(preview.status).toBe(200);
    expect(preview.body.case.attestation).toMatchObject({
      issuedOn: '2026-11-02',
      attestationNumber: 'attribué à la délivrance',
    });
    expect(await footprint()).toEqual(before);
    const issued = await post(`/api/parcours/${id}/attestation`, { issuedOn: '2026-11-02' });
    expect(issued.body.attestationNumber).toBe('CAI-2026-000001'); // no number was taken by the preview
  });

  it('refuses a dryRun value it does not know, and on a route without preview', async () => {
    const id = (await post('/api/parcours', obligedPerson())).body.parcoursId as string;
    const before = await footprint();
    const typo = await post(`/api/parcours/${id}/presentation?dryRun=yes`, { date: '2026-02-20' });
    expect(typo.status).toBe(400);
    expect(typo.body.errors).toEqual([expect.objectContaining({ field: 'dryRun' })]);
    const sanction = await post('/api/sanctions?dryRun=true', { parcoursId: id }, 'sanction');
    expect(sanction.status).toBe(400);
    expect(sanction.body.code).toBe('DRY_RUN_UNSUPPORTED');
    expect(await footprint()).toEqual(before);
  });

  it('shows the case as it was recorded at an instant: later entries ignored, statuses at that date', async () => {
    clock.set('2026-03-01T09:00:00Z');
    const id = (await post('/api/parcours', obligedPerson())).body.parcoursId as string;
    clock.set('2026-06-15T10:00:00Z');
    expect((await post(`/api/parcours/${id}/presentation`, { date: '2026-06-10' })).status).toBe(200);
    clock.set('2026-11-21T09:00:00Z');
    await t.whenCaughtUp();

    const then = await api.get('cai.aline', `/api/parcours/${id}?knownAt=2026-06-01T12:00:00%2B02:00`);
    expect(then.status).toBe(200);
    expect(then.body).toMatchObject({ version: 1, knownAt: '2026-06-01T12:00:00+02:00', asOf: '2026-06-01' });
    const presentationThen = then.body.deadlines.find((d: { kind: string }) => d.kind === 'presentation');
    expect(presentationThen).toMatchObject({ status: 'overdue', dueOn: '2026-05-02' });
    // A date alone: the end of that day in Belgium.
    const sameDay = await api.get('cai.aline', `/api/parcours/${id}?knownAt=2026-06-15`);
    expect(sameDay.body.version).toBe(2);
    const presentationNow = sameDay.body.deadlines.find((d: { kind: string }) => d.kind === 'presentation');
    expect(presentationNow).toMatchObject({ status: 'met-late', metOn: '2026-06-10' });
    // Statuses at another date when asked.
    const asOf = await api.get('cai.aline', `/api/parcours/${id}?knownAt=2026-06-01&asOf=2026-04-01`);
    expect(asOf.body.deadlines.find((d: { kind: string }) => d.kind === 'presentation').status).not.toBe(
      'overdue',
    );

    expect((await api.get('cai.aline', `/api/parcours/${id}?knownAt=2026-02-28`)).status).toBe(404);
    expect((await api.get('cai.aline', `/api/parcours/${id}?knownAt=2099-01-01`)).status).toBe(400);
    expect((await api.get('cai.aline', `/api/parcours/${id}?knownAt=hier`)).status).toBe(400);
  });
});
