/**
 * Corrections over HTTP (api.md v2, issue 17): an entry is cancelled by its version, never overwritten; every
 * computation and read model ignores it; the history keeps it, marked; knownAt still shows the case as it was.
 */
import { Client } from 'pg';
import { Api, ATTESTABLE_STEPS, nissFor, obligedPerson } from './support/api';
import { findInDatabase } from './support/db-grep';
import { createTestApp, TestClock, type TestApp } from './support/test-app';

describe('cancelling an entry', () => {
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

  const post = (path: string, body: unknown, user = 'cai.aline') => api.post(user, path, body);

  it('cancels hours entered twice: the progress, the list and the history show it; knownAt shows the case before', async () => {
    clock.set('2026-03-01T09:00:00Z');
    const id = (await post('/api/parcours', obligedPerson())).body.parcoursId as string;
    for (const [path, body] of [
      ['presentation', { date: '2026-02-20' }],
      ['accueil/rights-and-duties', { date: '2026-02-20' }],
      ['accueil/bilan-social', { date: '2026-02-20' }],
      ['french/positioning', { date: '2026-02-20', level: 'A1' }],
      ['convention', { signedOn: '2026-02-25', includesFrench: true }],
    ] as const)
      expect((await post(`/api/parcours/${id}/${path}`, body)).status).toBe(200);
    const hours = { operator: 'Lire et Écrire Namur', from: '2026-03-02', to: '2026-06-30', hours: 130 };
    clock.set('2026-07-01T09:00:00Z');
    expect((await post(`/api/parcours/${id}/french/hours`, hours)).body.version).toBe(7);
    clock.set('2026-07-02T09:00:00Z');
    const twice = await post(`/api/parcours/${id}/french/hours`, { ...hours, overlapConfirmed: true });
    expect(twice.body.version).toBe(8);
    clock.set('2026-07-03T09:00:00Z');
    await t.whenCaughtUp();
    expect((await api.get('cai.aline', `/api/parcours/${id}`)).body.progress.french.hoursDone).toBe(260);

    // What-if first: nothing recorded.
    const preview = await post(`/api/parcours/${id}/entries/8/cancellation?dryRun=true`, {
      reason: 'duplicate',
    });
    expect(preview.status).toBe(200);
    expect(preview.body.case.progress.french.hoursDone).toBe(130);
    expect((await api.get('cai.aline', `/api/parcours/${id}`)).body.version).toBe(8);

    const cancelled = await post(`/api/parcours/${id}/entries/8/cancellation`, {
      reason: 'duplicate',
      note: 'Même relevé de l’opérateur saisi deux fois',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ parcoursId: id, version: 9 });
    await t.whenCaughtUp();
    const detail = await api.get('cai.aline', `/api/parcours/${id}`);
    expect(detail.body.progress.french.hoursDone).toBe(130);
    const list = await api.get('cai.aline', `/api/parcours?q=Haddad&pageSize=100`);
    expect(list.body.items.find((i: { parcoursId: string }) => i.parcoursId === id)).toBeDefined();

    const history = await api.get('cai.aline', `/api/parcours/${id}/history`);
    const entry = history.body.items.find((i: { version: number }) => i.version === 8);
    expect(entry.cancelled).toMatchObject({
      version: 9,
      reason: 'duplicate',
      reasonLabel: 'doublon',
      note: 'Même relevé de l’opérateur saisi deux fois',
      cancelledOn: '2026-07-03',
      actor: { label: 'Aline Dupont (CAI)' },
    });
    expect(history.body.items.find((i: { version: number }) => i.version === 7).cancelled).toBeNull();
    expect(history.body.items.at(-1)).toMatchObject({ type: 'EntryCancelled', version: 9 });

    // The case as recorded before the cancellation still counts both entries (for an appeal, an audit).
    const before = await api.get('cai.aline', `/api/parcours/${id}?knownAt=2026-07-02`);
    expect(before.body).toMatchObject({ version: 8 });
    expect(before.body.progress.french.hoursDone).toBe(260);
  });

  it('refuses a second cancellation, what is not an entry, and a version that is not a number; others cannot cancel', async () => {
    clock.set('2026-03-01T09:00:00Z');
    const id = (await post('/api/parcours', obligedPerson())).body.parcoursId as string;
    expect((await post(`/api/parcours/${id}/presentation`, { date: '2026-02-20' })).status).toBe(200);
    expect((await post(`/api/parcours/${id}/entries/2/cancellation`, { reason: 'entry-error' })).status).toBe(
      200,
    );
    const again = await post(`/api/parcours/${id}/entries/2/cancellation`, { reason: 'entry-error' });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({
      code: 'ENTRY_ALREADY_CANCELLED',
      title: 'Cette saisie est déjà annulée',
    });
    const opening = await post(`/api/parcours/${id}/entries/1/cancellation`, { reason: 'entry-error' });
    expect(opening.body.code).toBe('ENTRY_NOT_CANCELLABLE');
    expect(opening.body.detail).toContain('La saisie n° 1 (Parcours ouvert)');
    expect(
      (await post(`/api/parcours/${id}/entries/99/cancellation`, { reason: 'entry-error' })).body.code,
    ).toBe('ENTRY_NOT_FOUND');
    const notNumber = await post(`/api/parcours/${id}/entries/abc/cancellation`, { reason: 'entry-error' });
    expect(notNumber.status).toBe(400);
    expect(notNumber.body.errors).toEqual([expect.objectContaining({ field: 'version' })]);
    const badReason = await post(`/api/parcours/${id}/entries/2/cancellation`, { reason: 'oops' });
    expect(badReason.status).toBe(400);
    expect(
      (await post(`/api/parcours/${id}/entries/2/cancellation`, { reason: 'other' }, 'cripel.marc')).status,
    ).toBe(404);
    expect(
      (await post(`/api/parcours/${id}/entries/2/cancellation`, { reason: 'other' }, 'sanction')).status,
    ).toBe(403);
    // The presentation can be recorded again, with the right date.
    expect((await post(`/api/parcours/${id}/presentation`, { date: '2026-02-21' })).status).toBe(200);
  });

  const attestationOf = (body: {
    deadlines: Array<{ kind: string; dueOn: string | null; explanation: string[] }>;
  }) => body.deadlines.find((d) => d.kind === 'attestation');

  it('corrects a card order date typed wrong: regime and deadline computed again, the moved date explains itself, knownAt shows the case before', async () => {
    clock.set('2026-03-01T09:00:00Z');
    const id = (await post('/api/parcours', obligedPerson({ cardOrderDate: '2026-02-10' }))).body
      .parcoursId as string;
    clock.set('2026-11-21T09:00:00Z');
    await t.whenCaughtUp();
    expect(attestationOf((await api.get('cai.aline', `/api/parcours/${id}`)).body)?.dueOn).toBe('2029-02-10');

    const body = { cardOrderDate: '2026-01-20', reason: 'entry-error', note: 'Date lue sur la carte' };
    const preview = await post(`/api/parcours/${id}/facts?dryRun=true`, body);
    expect(preview.status).toBe(200);
    expect(attestationOf(preview.body.case)?.dueOn).toBe('2029-01-20');
    const corrected = await post(`/api/parcours/${id}/facts`, body);
    expect(corrected.body).toMatchObject({ parcoursId: id, version: 2 });
    // The same correction again records nothing.
    // The same correction again records nothing: same version, same position.
    expect((await post(`/api/parcours/${id}/facts`, body)).body).toEqual(corrected.body);
    await t.whenCaughtUp();
    const after = await api.get('cai.aline', `/api/parcours/${id}`);
    expect(after.body.cardOrderDate).toBe('2026-01-20');
    const attestation = attestationOf(after.body)!;
    expect(attestation.dueOn).toBe('2029-01-20');
    expect(attestation.explanation).toContain(
      'Date de commande du titre de séjour corrigée le 21/11/2026 (erreur de saisie) : 10/02/2026 → 20/01/2026',
    );
    const history = await api.get('cai.aline', `/api/parcours/${id}/history`);
    expect(history.body.items.at(-1)).toMatchObject({
      type: 'CaseFactsCorrected',
      data: { changes: { cardOrderDate: { from: '2026-02-10', to: '2026-01-20' } }, reason: 'entry-error' },
    });
    const before = await api.get('cai.aline', `/api/parcours/${id}?knownAt=2026-11-20`);
    expect(attestationOf(before.body)?.dueOn).toBe('2029-02-10');
  });

  it('a card order date left blank made a volunteer; corrected, the person is obliged with a deadline', async () => {
    clock.set('2026-03-01T09:00:00Z');
    const id = (await post('/api/parcours', obligedPerson({ cardOrderDate: undefined }))).body
      .parcoursId as string;
    await t.whenCaughtUp();
    const volunteer = await api.get('cai.aline', `/api/parcours/${id}`);
    expect(attestationOf(volunteer.body)?.dueOn ?? null).toBeNull();
    expect(
      (await post(`/api/parcours/${id}/facts`, { cardOrderDate: '2026-02-10', reason: 'new-information' }))
        .status,
    ).toBe(200);
    await t.whenCaughtUp();
    const obliged = await api.get('cai.aline', `/api/parcours/${id}`);
    expect(obliged.body.obligation).toBe('obliged');
    expect(attestationOf(obliged.body)?.dueOn).toBe('2029-02-10');
    // Nothing to correct, a required fact cleared, a commune of another CRI: refused, nothing written.
    expect((await post(`/api/parcours/${id}/facts`, { reason: 'other' })).status).toBe(400);
    expect(
      (await post(`/api/parcours/${id}/facts`, { communeRegistrationDate: null, reason: 'other' })).status,
    ).toBe(400);
    const elsewhere = await post(`/api/parcours/${id}/facts`, {
      communeCode: '62063',
      reason: 'entry-error',
    });
    expect(elsewhere.body.code).toBe('COMMUNE_NOT_IN_CRI_TERRITORY');
    expect((await api.get('cai.aline', `/api/parcours/${id}`)).body.version).toBe(2);
  });

  it('corrects personal data: the name everywhere, the age re-evaluating the automatic dispense, the NISS claim moved', async () => {
    clock.set('2026-11-21T09:00:00Z');
    const x = nissFor('1990-04-12', 401);
    const y = nissFor('1990-04-12', 402);
    const opened = await post(
      '/api/parcours',
      obligedPerson({ person: { ...obligedPerson().person, niss: x } }),
    );
    const id = opened.body.parcoursId as string;
    // Typed 1950 instead of 1990: 76 years old, dispensed (D4) at opening.
    const older = await post(
      '/api/parcours',
      obligedPerson({ person: { ...obligedPerson().person, lastName: 'Karimi', birthDate: '1950-04-12' } }),
    );
    expect(older.body.obligation).toBe('dispensed');
    const fixed = await post(`/api/parcours/${older.body.parcoursId}/person`, {
      birthDate: '1990-04-12',
      reason: 'entry-error',
    });
    expect(fixed.status).toBe(200);
    await t.whenCaughtUp();
    expect((await api.get('cai.aline', `/api/parcours/${older.body.parcoursId}`)).body.obligation).toBe(
      'obliged',
    );

    const renamed = await post(`/api/parcours/${id}/person`, {
      firstName: 'Samia',
      niss: y,
      reason: 'entry-error',
      note: 'Prénom et numéro relus sur la carte',
    });
    expect(renamed.status).toBe(200);
    await t.whenCaughtUp();
    const detail = await api.get('cai.aline', `/api/parcours/${id}`);
    expect(detail.body.person).toMatchObject({ firstName: 'Samia', niss: y });
    const found = await api.get('cai.aline', '/api/parcours?q=Samia');
    expect(found.body.items.map((i: { parcoursId: string }) => i.parcoursId)).toContain(id);
    // The former number is free again; the new one is held.
    const withX = await post(
      '/api/parcours',
      obligedPerson({ person: { ...obligedPerson().person, lastName: 'Autre', niss: x } }),
    );
    expect(withX.status).toBe(201);
    const withY = await post(
      '/api/parcours',
      obligedPerson({ person: { ...obligedPerson().person, lastName: 'Encore', niss: y } }),
    );
    expect(withY.status).toBe(409);
    // The refusal links to the case already open, for a user who may see it; another CRI learns nothing more.
    expect(withY.body.existingParcoursId).toBe(id);
    const fromLiege = await post(
      '/api/parcours',
      obligedPerson({
        person: { ...obligedPerson().person, niss: y },
        criCode: 'CRIPEL',
        communeCode: '62063',
      }),
      'cripel.marc',
    );
    expect(fromLiege.status).toBe(409);
    expect(fromLiege.body.existingParcoursId).toBeUndefined();
    const taken = await post(`/api/parcours/${withX.body.parcoursId}/person`, {
      niss: y,
      reason: 'entry-error',
    });
    expect(taken.status).toBe(409);
    // A NISS that does not agree with the recorded birth date (12/04/1990).
    const mismatch = await post(`/api/parcours/${id}/person`, {
      niss: nissFor('1991-01-01', 5),
      reason: 'entry-error',
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors).toEqual([expect.objectContaining({ field: 'niss' })]);
    expect((await post(`/api/parcours/${id}/person`, { lastName: null, reason: 'entry-error' })).status).toBe(
      400,
    );
  });

  it('revokes an attestation issued in error: its hash verifies as revoked, the case can be corrected, a new attestation gets a new number', async () => {
    clock.set('2026-11-21T09:00:00Z');
    const id = (
      await post(
        '/api/parcours',
        obligedPerson({ person: { ...obligedPerson().person, lastName: 'Révoquée' } }),
      )
    ).body.parcoursId as string;
    for (const [path, body] of ATTESTABLE_STEPS)
      expect((await post(`/api/parcours/${id}/${path}`, body)).status).toBe(200);
    const first = await post(`/api/parcours/${id}/attestation`, { issuedOn: '2026-11-02' });
    expect(first.status).toBe(200);
    await t.whenCaughtUp();
    const pdf = async () =>
      t.http
        .get(`/api/parcours/${id}/attestation.pdf`)
        .set('Authorization', `Bearer ${await api.token('cai.aline')}`)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
    const firstHash = (await pdf()).headers['x-content-hash'] as string;
    expect((await t.http.get(`/api/documents/verify/${firstHash}`)).body).toMatchObject({ status: 'valid' });

    // While it stands, the content is final; an accompagnateur cannot revoke.
    expect(
      (await post(`/api/parcours/${id}/entries/9/cancellation`, { reason: 'entry-error' })).body.code,
    ).toBe('ATTESTATION_ALREADY_ISSUED');
    const body = { revokedOn: '2026-11-20', reason: 'Heures de français saisies dans le mauvais dossier' };
    expect((await post(`/api/parcours/${id}/attestation/revocation`, body)).status).toBe(403);
    const revoked = await post(`/api/parcours/${id}/attestation/revocation`, body, 'cai.coord');
    expect(revoked.status).toBe(200);
    await t.whenCaughtUp();
    const verified = await t.http.get(`/api/documents/verify/${firstHash}`);
    expect(verified.body).toMatchObject({ issued: true, status: 'revoked', revokedOn: '2026-11-20' });
    expect(JSON.stringify(verified.body)).not.toContain('mauvais dossier'); // the reason may name the person
    expect((await post(`/api/parcours/${id}/attestation/revocation`, body, 'cai.coord')).body.code).toBe(
      'NO_ATTESTATION',
    );
    const detail = await api.get('cai.aline', `/api/parcours/${id}`);
    expect(detail.body.attestation).toBeNull();

    // Corrected, then issued again under a new number; the new paper verifies as valid.
    expect((await post(`/api/parcours/${id}/entries/9/cancellation`, { reason: 'wrong-case' })).status).toBe(
      200,
    );
    expect(
      (
        await post(`/api/parcours/${id}/french/hours`, {
          operator: 'Lire et Écrire Namur',
          from: '2026-03-15',
          to: '2026-10-30',
          hours: 400,
        })
      ).status,
    ).toBe(200);
    const second = await post(`/api/parcours/${id}/attestation`, { issuedOn: '2026-11-21' });
    expect(second.status).toBe(200);
    expect(second.body.attestationNumber).not.toBe(first.body.attestationNumber);
    expect(Number(second.body.attestationNumber.split('-')[2])).toBe(
      Number(first.body.attestationNumber.split('-')[2]) + 1,
    );
    await t.whenCaughtUp();
    const secondHash = (await pdf()).headers['x-content-hash'] as string;
    expect(secondHash).not.toBe(firstHash);
    expect((await t.http.get(`/api/documents/verify/${secondHash}`)).body).toMatchObject({ status: 'valid' });
  });

  it('a corrected personal value is stored encrypted, and an erasure shreds it everywhere (events, read models, journal)', async () => {
    clock.set('2026-11-21T09:00:00Z');
    const id = (
      await post(
        '/api/parcours',
        obligedPerson({ person: { ...obligedPerson().person, lastName: 'Oudghiri' } }),
      )
    ).body.parcoursId as string;
    const corrected = await post(`/api/parcours/${id}/person`, {
      firstName: 'Zénobie',
      reason: 'entry-error',
      note: 'Prénom relu avec Zénobie Oudghiri',
    });
    expect(corrected.status).toBe(200);
    await t.whenCaughtUp();
    const db = new Client({ connectionString: t.db.url });
    await db.connect();
    try {
      const clear = await db.query(
        `SELECT 1 FROM es_events WHERE data::text ILIKE '%Zénobie%' OR data::text ILIKE '%Oudghiri%'`,
      );
      expect(clear.rowCount).toBe(0);
    } finally {
      await db.end();
    }
    expect((await api.get('cai.aline', `/api/parcours/${id}`)).body.person.firstName).toBe('Zénobie');
    expect(
      (
        await post(
          `/api/parcours/${id}/erasure`,
          { decidedOn: '2026-11-21', reason: 'person-request' },
          'cai.coord',
        )
      ).status,
    ).toBe(200);
    await t.whenCaughtUp();
    expect(await findInDatabase(t.db.url, ['Zénobie', 'Oudghiri'])).toEqual([]);
    // And after erasure the facts can no longer be recomputed from the person: corrections are refused.
    const refused = await post(`/api/parcours/${id}/facts`, {
      cardOrderDate: '2026-02-01',
      reason: 'entry-error',
    });
    expect(refused.body.code).toBe('PERSONAL_DATA_ERASED');
  });
});
