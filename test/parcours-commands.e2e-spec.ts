import { Client } from 'pg';
import { Api, nissFor, obligedPerson } from './support/api';
import { createTestApp, TestClock, type TestApp } from './support/test-app';

describe('recording a parcours over HTTP', () => {
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

  const open = async (overrides: Record<string, unknown> = {}, user = 'cai.aline') => {
    const res = await api.post(user, '/api/parcours', obligedPerson(overrides));
    expect(res.status).toBe(201);
    return res.body.parcoursId as string;
  };

  it('runs a whole parcours from opening to attestation, with ETags and the actor in the history', async () => {
    const opened = await api.post(
      'cai.aline',
      '/api/parcours',
      obligedPerson({ person: { ...obligedPerson().person, niss: nissFor('1990-04-12', 101) } }),
    );
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ version: 1, obligation: 'obliged' });
    expect(opened.headers.etag).toBe('"1"');
    const id = opened.body.parcoursId as string;
    const steps: Array<[string, unknown]> = [
      ['presentation', { date: '2026-02-20' }],
      ['accueil/rights-and-duties', { date: '2026-03-02' }],
      ['accueil/bilan-social', { date: '2026-03-02', needs: ['logement', 'emploi'] }],
      ['french/positioning', { date: '2026-03-03', level: 'A1', test: 'ELAO' }],
      [
        'convention',
        { signedOn: '2026-03-10', includesFrench: true, includesIsp: true, citizenshipLanguage: 'ar' },
      ],
      [
        'citizenship/hours',
        { operator: 'CAI', from: '2026-03-15', to: '2026-05-15', hours: 60, language: 'ar' },
      ],
      ['isp/hours', { provider: 'Forem', date: '2026-04-02', hours: 4 }],
      [
        'french/hours',
        { operator: 'Lire et Écrire Namur', from: '2026-03-15', to: '2026-10-30', hours: 400 },
      ],
      [
        'evaluations',
        { date: '2026-09-10', convocation: 'email', attended: true, notes: 'Bonne progression' },
      ],
    ];
    let version = 1;
    for (const [path, body] of steps) {
      const res = await api.post('cai.aline', `/api/parcours/${id}/${path}`, body);
      expect({ path, status: res.status, body: res.body }).toMatchObject({ path, status: 200 });
      version += 1;
      expect(res.body).toEqual({ parcoursId: id, version, position: expect.stringMatching(/^\d+$/) });
      expect(res.headers['jalon-position']).toBe(res.body.position);
      expect(res.headers.etag).toBe(`"${version}"`);
    }
    const attestation = await api.post('cai.aline', `/api/parcours/${id}/attestation`, {
      issuedOn: '2026-11-02',
    });
    expect(attestation.status).toBe(200);
    expect(attestation.body.attestationNumber).toMatch(/^CAI-2026-\d{6}$/);

    const history = await api.get('cai.aline', `/api/parcours/${id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.items).toHaveLength(steps.length + 2);
    expect(history.body.items[0]).toMatchObject({
      type: 'ParcoursOpened',
      version: 1,
      actor: { username: 'cai.aline', role: 'accompagnateur', cri: 'CAI' },
    });
    expect(history.body.items.at(-1)).toMatchObject({ type: 'AttestationIssued' });
    // People are shown by name, never by login id: in the history and as the case's accompagnateur.
    expect(history.body.items[0].actor).toMatchObject({
      displayName: 'Aline Dupont',
      label: 'Aline Dupont (CAI)',
    });
    await t.whenCaughtUp();
    const detail = await api.get('cai.aline', `/api/parcours/${id}`);
    expect(detail.body.accompagnateur).toMatchObject({ username: 'cai.aline', label: 'Aline Dupont (CAI)' });
    const me = await api.get('cai.aline', '/api/auth/me');
    expect(me.body).toMatchObject({ displayName: 'Aline Dupont', label: 'Aline Dupont (CAI)' });
  });

  it('refuses an attestation with unmet requirements, listing what is missing (422) and writing nothing', async () => {
    const id = await open();
    await api.post('cai.aline', `/api/parcours/${id}/presentation`, { date: '2026-02-20' });
    const res = await api.post('cai.aline', `/api/parcours/${id}/attestation`, { issuedOn: '2026-11-02' });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 422, code: 'ATTESTATION_REQUIREMENTS_UNMET' });
    expect(res.body.title).toMatch(/attestation/i);
    expect(res.body.missing.length).toBeGreaterThan(0);
    const history = await api.get('cai.aline', `/api/parcours/${id}/history`);
    expect(history.body.items).toHaveLength(2);
  });

  it('lists every invalid field in one 400, in French, and writes nothing', async () => {
    const res = await api.post('cai.aline', '/api/parcours', {
      person: {
        lastName: '',
        firstName: 'A',
        birthDate: '1990-02-30',
        nationality: 'syria',
        niss: '12345678901',
      },
      criCode: 'XYZ',
      communeCode: '12',
      communeRegistrationDate: '2030-01-01',
      extra: true,
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    for (const f of [
      'person.lastName',
      'person.birthDate',
      'person.nationality',
      'person.niss',
      'criCode',
      'communeCode',
      'communeRegistrationDate',
      'extra',
    ]) {
      expect(fields).toContain(f);
    }
    for (const e of res.body.errors) expect(e.message).not.toMatch(/should|must/);
  });

  it('refuses a second open parcours for the same NISS (409), and allows one after closure', async () => {
    const niss = nissFor('1988-07-01', 55);
    const person = { ...obligedPerson().person, birthDate: '1988-07-01', niss };
    const first = await api.post('cai.aline', '/api/parcours', obligedPerson({ person }));
    expect(first.status).toBe(201);
    const second = await api.post('cai.aline', '/api/parcours', obligedPerson({ person }));
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('PARCOURS_ALREADY_OPEN');
    const closed = await api.post('cai.aline', `/api/parcours/${first.body.parcoursId}/closure`, {
      date: '2026-06-01',
      reason: 'left-belgium',
    });
    expect(closed.status).toBe(200);
    const third = await api.post('cai.aline', '/api/parcours', obligedPerson({ person }));
    expect(third.status).toBe(201);
  });

  it('If-Match: a stale version answers 412; the right one succeeds', async () => {
    const id = await open();
    const stale = await api.post(
      'cai.aline',
      `/api/parcours/${id}/presentation`,
      { date: '2026-02-20' },
      { 'If-Match': '"7"' },
    );
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('VERSION_MISMATCH');
    const ok = await api.post(
      'cai.aline',
      `/api/parcours/${id}/presentation`,
      { date: '2026-02-20' },
      { 'If-Match': '"1"' },
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
  });

  it('Idempotency-Key: the same key and body returns the first response and appends nothing; another body is 422', async () => {
    const id = await open();
    await api.post('cai.aline', `/api/parcours/${id}/presentation`, { date: '2026-02-20' });
    const headers = { 'Idempotency-Key': `rights-${id}` };
    const first = await api.post(
      'cai.aline',
      `/api/parcours/${id}/accueil/rights-and-duties`,
      { date: '2026-03-02' },
      headers,
    );
    const again = await api.post(
      'cai.aline',
      `/api/parcours/${id}/accueil/rights-and-duties`,
      { date: '2026-03-02' },
      headers,
    );
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.etag).toBe(first.headers.etag);
    const other = await api.post(
      'cai.aline',
      `/api/parcours/${id}/accueil/rights-and-duties`,
      { date: '2026-03-03' },
      headers,
    );
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const history = await api.get('cai.aline', `/api/parcours/${id}/history`);
    expect(history.body.items).toHaveLength(3);
  });

  it('the same Idempotency-Key sent twice at once stores one set of events', async () => {
    const headers = { 'Idempotency-Key': 'open-twice-at-once' };
    const body = obligedPerson();
    const [a, b] = await Promise.all([
      api.post('cai.aline', '/api/parcours', body, headers),
      api.post('cai.aline', '/api/parcours', body, headers),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.parcoursId).toBe(b.body.parcoursId);
    const history = await api.get('cai.aline', `/api/parcours/${a.body.parcoursId}/history`);
    expect(history.body.items).toHaveLength(1);
  });

  /** Opens a case and takes it through the accueil to a convention signed on 10/03/2026 (French included). */
  const openedWithConvention = async () => {
    const id = await open();
    for (const [path, body] of [
      ['presentation', { date: '2026-02-20' }],
      ['accueil/rights-and-duties', { date: '2026-03-02' }],
      ['accueil/bilan-social', { date: '2026-03-02' }],
      ['french/positioning', { date: '2026-03-03', level: 'A1' }],
      ['convention', { signedOn: '2026-03-10', includesFrench: true }],
    ] as const) {
      expect((await api.post('cai.aline', `/api/parcours/${id}/${path}`, body)).status).toBe(200);
    }
    return id;
  };

  it('50 concurrent hour recordings on one parcours: all stored exactly once, the total is right', async () => {
    const id = await openedWithConvention();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api.post('cai.aline', `/api/parcours/${id}/citizenship/hours`, {
          operator: `Op ${i}`,
          from: '2026-04-01',
          to: '2026-06-30',
          hours: 1.5,
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(50);
    const versions = results.map((r) => r.body.version).sort((a, b) => a - b);
    expect(new Set(versions).size).toBe(50);
    const history = await api.get('cai.aline', `/api/parcours/${id}/history`);
    const hours = history.body.items.filter((e: { type: string }) => e.type === 'CitizenshipHoursRecorded');
    expect(hours).toHaveLength(50);
    expect(hours.reduce((n: number, e: { data: { hours: number } }) => n + e.data.hours, 0)).toBe(75);
  });

  it('hours entered twice: 422 HOURS_OVERLAP naming the entry, nothing written; recorded once confirmed', async () => {
    const id = await openedWithConvention();
    const hours = { operator: 'Lire et Écrire Namur', from: '2026-03-15', to: '2026-06-30', hours: 130 };
    const first = await api.post('cai.aline', `/api/parcours/${id}/french/hours`, hours);
    expect(first.status).toBe(200);
    const again = await api.post('cai.aline', `/api/parcours/${id}/french/hours`, {
      ...hours,
      operator: 'lire et ecrire namur',
    });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({
      code: 'HOURS_OVERLAP',
      title: 'Des heures de cet opérateur sont déjà enregistrées sur cette période',
      existingEntry: {
        operator: 'Lire et Écrire Namur',
        from: '2026-03-15',
        to: '2026-06-30',
        hours: 130,
        version: first.body.version,
      },
    });
    expect(again.body.detail).toBe(
      `Déjà enregistré (entrée n° ${first.body.version}) : 130 h de français chez Lire et Écrire Namur du 15/03/2026 au 30/06/2026. S'il ne s'agit pas d'un doublon, confirmez l'enregistrement.`,
    );
    await t.whenCaughtUp();
    let detail = (await api.get('cai.aline', `/api/parcours/${id}`)).body;
    expect(detail.version).toBe(first.body.version);
    expect(detail.progress.french.hoursDone).toBe(130);
    // The what-if of a real second course over the same months, confirmed by the user.
    const confirmed = await api.post('cai.aline', `/api/parcours/${id}/french/hours`, {
      ...hours,
      hours: 20,
      overlapConfirmed: true,
    });
    expect(confirmed.status).toBe(200);
    await t.whenCaughtUp();
    detail = (await api.get('cai.aline', `/api/parcours/${id}`)).body;
    expect(detail.progress.french.hoursDone).toBe(150);
    expect(detail.trainings.french.map((e: { version: number }) => e.version)).toEqual([
      first.body.version,
      confirmed.body.version,
    ]);
    const history = (await api.get('cai.aline', `/api/parcours/${id}/history`)).body.items;
    expect(history.at(-1).data).toMatchObject({ hours: 20, overlapConfirmed: true });
  });

  /** Opens a case and takes it to the point where the attestation can be issued (400 h of French). */
  const attestable = async (niss: number) => {
    const id = await open({
      person: { ...obligedPerson().person, lastName: `Numéro${niss}`, niss: nissFor('1990-04-12', niss) },
    });
    const steps: Array<[string, unknown]> = [
      ['presentation', { date: '2026-02-20' }],
      ['accueil/rights-and-duties', { date: '2026-03-02' }],
      ['accueil/bilan-social', { date: '2026-03-02' }],
      ['french/positioning', { date: '2026-03-03', level: 'A1' }],
      [
        'convention',
        { signedOn: '2026-03-10', includesFrench: true, includesIsp: true, citizenshipLanguage: 'ar' },
      ],
      [
        'citizenship/hours',
        { operator: 'CAI', from: '2026-03-15', to: '2026-05-15', hours: 60, language: 'ar' },
      ],
      ['isp/hours', { provider: 'Forem', date: '2026-04-02', hours: 4 }],
      [
        'french/hours',
        { operator: 'Lire et Écrire Namur', from: '2026-03-15', to: '2026-10-30', hours: 400 },
      ],
    ];
    for (const [path, body] of steps)
      expect((await api.post('cai.aline', `/api/parcours/${id}/${path}`, body)).status).toBe(200);
    return id;
  };
  const seq = (number: string) => Number(number.split('-')[2]);

  it('attestation numbers have no gap: a refusal or a lost If-Match race consumes none, and a retry keeps its number', async () => {
    const [a, b, c] = [await attestable(301), await attestable(302), await attestable(303)];
    const first = await api.post(
      'cai.aline',
      `/api/parcours/${a}/attestation`,
      { issuedOn: '2026-11-02' },
      { 'Idempotency-Key': 'num-a' },
    );
    expect(first.status).toBe(200);
    // A conflict (stale If-Match) and a refusal (requirements unmet) take no number.
    const stale = await api.post(
      'cai.aline',
      `/api/parcours/${b}/attestation`,
      { issuedOn: '2026-11-02' },
      { 'If-Match': '"2"' },
    );
    expect(stale.status).toBe(412);
    const unmet = await open({ person: { ...obligedPerson().person, niss: nissFor('1990-04-12', 304) } });
    await api.post('cai.aline', `/api/parcours/${unmet}/presentation`, { date: '2026-02-20' });
    expect(
      (await api.post('cai.aline', `/api/parcours/${unmet}/attestation`, { issuedOn: '2026-11-02' })).status,
    ).toBe(422);
    const second = await api.post('cai.aline', `/api/parcours/${b}/attestation`, { issuedOn: '2026-11-02' });
    const third = await api.post('cai.aline', `/api/parcours/${c}/attestation`, { issuedOn: '2026-11-02' });
    expect([second.status, third.status]).toEqual([200, 200]);
    expect([seq(second.body.attestationNumber), seq(third.body.attestationNumber)]).toEqual([
      seq(first.body.attestationNumber) + 1,
      seq(first.body.attestationNumber) + 2,
    ]);
    // The same request again answers the same number (the stored outcome), however often.
    const again = await api.post(
      'cai.aline',
      `/api/parcours/${a}/attestation`,
      { issuedOn: '2026-11-02' },
      { 'Idempotency-Key': 'num-a' },
    );
    expect(again.body.attestationNumber).toBe(first.body.attestationNumber);
  });

  it('a command already stored is answered by its stored outcome, not decided again (even a closure or an opening)', async () => {
    const id = await open({ person: { ...obligedPerson().person, niss: nissFor('1990-04-12', 305) } });
    const close = () =>
      api.post(
        'cai.aline',
        `/api/parcours/${id}/closure`,
        { date: '2026-06-01', reason: 'left-belgium' },
        { 'Idempotency-Key': 'close-once' },
      );
    const closed = await close();
    expect(closed.status).toBe(200);
    // The key's response is lost (as after a crash): the retry finds the command in the stream, not a second closure.
    const pg = new Client({ connectionString: t.db.url });
    await pg.connect();
    await pg.query(`DELETE FROM app_idempotency_keys WHERE scope_key LIKE '%:close-once'`);
    await pg.end();
    const retried = await close();
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(closed.body);
    // Another closure (another key) is decided, and refused: the parcours is closed.
    expect(
      (
        await api.post('cai.aline', `/api/parcours/${id}/closure`, {
          date: '2026-06-01',
          reason: 'left-belgium',
        })
      ).status,
    ).toBe(422);
  });

  it('isolates CRIs: a CRIPEL user gets 404 on a CAI case, reading or writing', async () => {
    const id = await open();
    const read = await api.get('cripel.marc', `/api/parcours/${id}/history`);
    expect(read.status).toBe(404);
    const write = await api.post('cripel.marc', `/api/parcours/${id}/presentation`, { date: '2026-02-20' });
    expect(write.status).toBe(404);
    const attestation = await api.post('cripel.marc', `/api/parcours/${id}/attestation`, {
      issuedOn: '2026-11-02',
    });
    expect(attestation.status).toBe(404);
    const openElsewhere = await api.post('cripel.marc', '/api/parcours', obligedPerson({ criCode: 'CAI' }));
    expect(openElsewhere.status).toBe(403);
  });

  it('roles: administration records nothing (403); transfer is for the coordinator', async () => {
    const id = await open();
    expect((await api.post('spw', `/api/parcours/${id}/presentation`, { date: '2026-02-20' })).status).toBe(
      403,
    );
    expect(
      (await api.post('sanction', `/api/parcours/${id}/presentation`, { date: '2026-02-20' })).status,
    ).toBe(403);
    const byAccompagnateur = await api.post('cai.aline', `/api/parcours/${id}/transfer`, {
      toCri: 'CRIPEL',
      communeCode: '62063',
      date: '2026-05-01',
    });
    expect(byAccompagnateur.status).toBe(403);
    const byCoordinator = await api.post('cai.coord', `/api/parcours/${id}/transfer`, {
      toCri: 'CRIPEL',
      communeCode: '62063',
      date: '2026-05-01',
    });
    expect(byCoordinator.status).toBe(200);
    // Now a CRIPEL case: CAI no longer sees it, CRIPEL does.
    expect((await api.get('cripel.marc', `/api/parcours/${id}/history`)).status).toBe(200);
  });

  it('a transfer: unassigned in the new CRI, listed there as transferred in; the old CRI reads where it went (410)', async () => {
    const id = await open({ person: { ...obligedPerson().person, lastName: 'Vandermeulen' } });
    expect(
      (
        await api.post('cai.coord', `/api/parcours/${id}/transfer`, {
          toCri: 'CRIPEL',
          communeCode: '62063',
          date: '2026-05-01',
        })
      ).status,
    ).toBe(200);
    await t.whenCaughtUp();
    const arrived = (await api.get('cripel.marc', `/api/parcours/${id}`)).body;
    expect(arrived).toMatchObject({ criCode: 'CRIPEL', accompagnateurId: null, accompagnateur: null });
    const waiting = (await api.get('cripel.coord', '/api/parcours?assignment=transferred-in')).body;
    expect(waiting.items.map((i: { parcoursId: string }) => i.parcoursId)).toContain(id);
    expect(waiting.items.find((i: { parcoursId: string }) => i.parcoursId === id)).toMatchObject({
      accompagnateurId: null,
      transferredIn: { fromCri: 'CAI', date: '2026-05-01' },
    });

    // The former CRI: a French page saying where and when, and nothing personal; reading and writing alike.
    for (const res of [
      await api.get('cai.aline', `/api/parcours/${id}`),
      await api.get('cai.coord', `/api/parcours/${id}/history`),
      await api.post('cai.aline', `/api/parcours/${id}/presentation`, { date: '2026-02-20' }),
    ]) {
      expect(res.status).toBe(410);
      expect(res.body).toMatchObject({
        code: 'PARCOURS_TRANSFERRED',
        title: 'Parcours transféré à CRIPEL le 01/05/2026',
        transferredTo: 'CRIPEL',
        transferredOn: '2026-05-01',
      });
      expect(JSON.stringify(res.body)).not.toMatch(/Vandermeulen|"person"|niss|birthDate/);
    }
    // Another CRI that never had it still gets 404.
    expect((await api.get('cai.aline', `/api/parcours/3f0e5a5e-0000-4000-8000-000000000000`)).status).toBe(
      404,
    );

    // The new CRI's coordinator assigns it, to one of its own staff only.
    const foreign = await api.post('cripel.coord', `/api/parcours/${id}/reassignment`, {
      accompagnateurId: 'cai.aline',
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body).toMatchObject({ code: 'ACCOMPAGNATEUR_NOT_IN_CRI' });
    const unknown = await api.post('cripel.coord', `/api/parcours/${id}/reassignment`, {
      accompagnateurId: 'personne',
    });
    expect(unknown.body).toMatchObject({ code: 'ACCOMPAGNATEUR_UNKNOWN' });
    expect(
      (await api.post('cripel.marc', `/api/parcours/${id}/reassignment`, { accompagnateurId: 'cripel.marc' }))
        .status,
    ).toBe(403);
    expect(
      (
        await api.post('cripel.coord', `/api/parcours/${id}/reassignment`, {
          accompagnateurId: 'cripel.marc',
        })
      ).status,
    ).toBe(200);
    await t.whenCaughtUp();
    expect((await api.get('cripel.marc', `/api/parcours/${id}`)).body.accompagnateur).toMatchObject({
      displayName: 'Marc Lejeune',
    });
    const after = (await api.get('cripel.coord', '/api/parcours?assignment=transferred-in')).body;
    expect(after.items.map((i: { parcoursId: string }) => i.parcoursId)).not.toContain(id);
    const mine = (await api.get('cripel.marc', '/api/parcours?accompagnateurId=cripel.marc')).body;
    expect(mine.items.map((i: { parcoursId: string }) => i.parcoursId)).toContain(id);
  });

  it('authentication: no token 401, bad password 401 in French', async () => {
    expect((await t.http.post('/api/parcours').send(obligedPerson())).status).toBe(401);
    const bad = await t.http.post('/api/auth/login').send({ username: 'cai.aline', password: 'wrong' });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      title: 'Identifiant ou mot de passe incorrect',
    });
  });
});
