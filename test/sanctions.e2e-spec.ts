import { parseCsv } from '../apps/api/src/read/csv';
import { Api, obligedPerson } from './support/api';
import { createTestApp, TestClock, type TestApp } from './support/test-app';

/**
 * The sanction procedure over HTTP: from an overdue case to a paid fine, to a dismissal, the art. 152/8 bar, the
 * regime's fine range, what cannot be reported, who may do what, and the list of sanctionable cases.
 * Today is 21/11/2026 (TestClock); cases are made overdue by opening them with old dates.
 */
describe('sanction procedures over HTTP', () => {
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

  /** Obliged, registered in the commune on 02/02/2026, never presented: the presentation deadline (02/05/2026) is past. */
  const openLatePresentation = async (lastName: string) => {
    const base = obligedPerson();
    const res = await api.post(
      'cai.aline',
      '/api/parcours',
      obligedPerson({ person: { ...base.person, lastName } }),
    );
    expect(res.status).toBe(201);
    return res.body.parcoursId as string;
  };

  /** Card ordered on 01/03/2024 (regime 2018: 18 months): the attestation was due on 01/09/2025. Presented in time. */
  const openLateAttestation = async (lastName: string, cri = 'CAI', user = 'cai.aline') => {
    const base = obligedPerson();
    const res = await api.post(
      user,
      '/api/parcours',
      obligedPerson({
        person: { ...base.person, lastName },
        criCode: cri,
        communeCode: cri === 'CAI' ? '92094' : '62063',
        communeRegistrationDate: '2024-02-20',
        cardOrderDate: '2024-03-01',
        legalStaySince: '2023-06-01',
        residencePermit: { type: 'carte A', validUntil: '2027-06-01' },
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body.obligation).toBe('obliged');
    const id = res.body.parcoursId as string;
    expect((await api.post(user, `/api/parcours/${id}/presentation`, { date: '2024-04-02' })).status).toBe(
      200,
    );
    return id;
  };

  const sanctionable = async (query = '') => {
    await t.whenCaughtUp();
    const res = await api.get('sanction', `/api/sanctions/sanctionable${query}`);
    expect(res.status).toBe(200);
    return res.body as {
      asOf: string;
      total: number;
      items: Array<{
        parcoursId: string;
        breach: string;
        dueOn: string;
        daysOverdue: number;
        explanation: string[];
        person: { lastName: string };
      }>;
    };
  };
  const listed = (
    list: { items: Array<{ parcoursId: string; breach: string }> },
    id: string,
    breach: string,
  ) => list.items.some((i) => i.parcoursId === id && i.breach === breach);

  const step = async (procedureId: string, path: string, body: unknown, expected = 200) => {
    const res = await api.post('sanction', `/api/sanctions/${procedureId}/${path}`, body);
    expect({ path, status: res.status, body: res.body }).toMatchObject({ path, status: expected });
    return res;
  };

  it('takes an overdue presentation from the sanctionable list to a paid fine, then closes it', async () => {
    const id = await openLatePresentation('Amrani');

    const before = await sanctionable();
    const item = before.items.find((i) => i.parcoursId === id && i.breach === 'presentation');
    expect(item).toMatchObject({ dueOn: '2026-05-02', daysOverdue: 203, person: { lastName: 'Amrani' } });
    expect(item!.explanation.join('\n')).toMatch(/Inscription à la commune le 02\/02\/2026/);
    expect(item!.explanation.join('\n')).toMatch(/Échéance dépassée de 203 jours au 21\/11\/2026/);

    const opened = await api.post('sanction', '/api/sanctions', {
      parcoursId: id,
      breach: 'presentation',
      reportedOn: '2026-06-01',
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ version: 1, stage: 'reported' });
    expect(opened.headers.etag).toBe('"1"');
    const procedureId = opened.body.procedureId as string;

    // One open procedure per parcours and breach.
    const twice = await api.post('sanction', '/api/sanctions', {
      parcoursId: id,
      breach: 'presentation',
      reportedOn: '2026-06-02',
    });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'PROCEDURE_ALREADY_OPEN', procedureId });
    expect(listed(await sanctionable(), id, 'presentation')).toBe(false);

    await step(procedureId, 'notice', { sentOn: '2026-06-05' });
    // No fine before the response period (05/07/2026) has run out, unless a defence came in.
    const early = await step(
      procedureId,
      'decision',
      { decidedOn: '2026-06-20', outcome: 'fine', amount: 250 },
      422,
    );
    expect(early.body.code).toBe('RESPONSE_PERIOD_NOT_ELAPSED');

    const tooMuch = await step(
      procedureId,
      'decision',
      { decidedOn: '2026-07-10', outcome: 'fine', amount: 5000 },
      422,
    );
    expect(tooMuch.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(tooMuch.body).toMatchObject({
      status: 422,
      code: 'FINE_OUT_OF_RANGE',
      title: "Le montant de l'amende est hors de la fourchette légale",
    });
    expect(tooMuch.body.detail).toMatch(/entre 100\s€ et 2\s500\s€ \(régime 2025\)/);

    expect(
      (await step(procedureId, 'decision', { decidedOn: '2026-07-10', outcome: 'fine', amount: 250 })).body,
    ).toMatchObject({ version: 3, stage: 'fined' });
    expect((await step(procedureId, 'closure', { closedOn: '2026-07-11' }, 422)).body.code).toBe(
      'PROCEDURE_NOT_CLOSABLE',
    );
    expect((await step(procedureId, 'payment', { paidOn: '2026-08-01', amount: 100 })).body.stage).toBe(
      'fined',
    );
    expect((await step(procedureId, 'payment', { paidOn: '2026-08-20' })).body.stage).toBe('paid');
    const closed = await step(procedureId, 'closure', { closedOn: '2026-08-21' });
    expect(closed.body).toEqual({
      procedureId,
      version: 6,
      stage: 'closed',
      position: expect.stringMatching(/^\d+$/),
    });
    expect(closed.headers.etag).toBe('"6"');

    const detail = await api.get('sanction', `/api/sanctions/${procedureId}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      procedureId,
      parcoursId: id,
      criCode: 'CAI',
      breach: 'presentation',
      stage: 'closed',
      status: 'closed',
      regimeId: '2025',
      person: { lastName: 'Amrani', firstName: 'Samira' },
      deadline: { anchorOn: '2026-02-02', dueOn: '2026-05-02' },
      decision: { outcome: 'fine', decidedOn: '2026-07-10', amount: 250 },
      amounts: { due: 250, paid: 250, remaining: 0 },
      closedOn: '2026-08-21',
      version: 6,
    });
    expect(detail.body.steps.map((s: { type: string }) => s.type)).toEqual([
      'SanctionProcedureOpened',
      'SanctionNoticeSent',
      'SanctionFineImposed',
      'SanctionFinePaid',
      'SanctionFinePaid',
      'SanctionProcedureClosed',
    ]);
    expect(detail.body.steps[0].actor).toEqual({
      username: 'sanction',
      role: 'sanctioning-officer',
      displayName: 'Agent sanctionnateur',
      label: 'Agent sanctionnateur',
    });

    await t.whenCaughtUp();
    const closedList = await api.get('spw', '/api/sanctions?status=closed&cri=CAI');
    expect(closedList.status).toBe(200);
    expect(
      closedList.body.items.find((p: { procedureId: string }) => p.procedureId === procedureId),
    ).toMatchObject({
      parcoursId: id,
      stage: 'closed',
      status: 'closed',
      reportedOn: '2026-06-01',
      deadline: { dueOn: '2026-05-02' },
      decision: { outcome: 'fine', amount: 250 },
      amounts: { due: 250, paid: 250, remaining: 0 },
      closedOn: '2026-08-21',
      version: 6,
    });
    expect(
      (await api.get('spw', '/api/sanctions?status=open')).body.items.some(
        (p: { procedureId: string }) => p.procedureId === procedureId,
      ),
    ).toBe(false);

    // Closed: nothing more can happen to it, and the breach (still not regularised) may be reported again.
    expect((await step(procedureId, 'notice', { sentOn: '2026-09-01' }, 422)).body.code).toBe(
      'PROCEDURE_CLOSED',
    );
    expect(listed(await sanctionable(), id, 'presentation')).toBe(true);
  });

  it('takes an overdue attestation to a dismissal (regularised) after hearing the defence', async () => {
    const id = await openLateAttestation('Benali');
    const list = await sanctionable('?breach=attestation');
    expect(list.items.find((i) => i.parcoursId === id)).toMatchObject({
      breach: 'attestation',
      dueOn: '2025-09-01',
    });
    expect(list.items.every((i) => i.breach === 'attestation')).toBe(true);

    const opened = await api.post('sanction', '/api/sanctions', {
      parcoursId: id,
      breach: 'attestation',
      reportedOn: '2026-10-01',
    });
    expect(opened.status).toBe(201);
    const procedureId = opened.body.procedureId as string;
    expect(
      (
        await step(
          procedureId,
          'decision',
          { decidedOn: '2026-10-02', outcome: 'dismissed', reason: 'regularised' },
          422,
        )
      ).body.code,
    ).toBe('NOTICE_NOT_SENT');
    expect(
      (await step(procedureId, 'notice', { sentOn: '2026-10-02', respondBy: '2026-10-30' })).body.stage,
    ).toBe('notice-sent');
    expect(
      (
        await step(procedureId, 'defence', {
          receivedOn: '2026-10-15',
          summary: 'Inscrite au cours de français depuis septembre',
        })
      ).body.stage,
    ).toBe('defence-received');
    const noReason = await step(
      procedureId,
      'decision',
      { decidedOn: '2026-10-20', outcome: 'dismissed' },
      422,
    );
    expect(noReason.body.code).toBe('DISMISSAL_REASON_REQUIRED');
    expect(
      (
        await step(procedureId, 'decision', {
          decidedOn: '2026-10-20',
          outcome: 'dismissed',
          reason: 'regularised',
        })
      ).body.stage,
    ).toBe('dismissed');
    expect((await step(procedureId, 'payment', { paidOn: '2026-10-21' }, 422)).body.code).toBe('NOT_FINED');
    expect(
      (await step(procedureId, 'closure', { closedOn: '2026-10-21', reason: 'Classement notifié' })).body
        .stage,
    ).toBe('closed');

    const detail = await api.get('spw', `/api/sanctions/${procedureId}`);
    expect(detail.body).toMatchObject({
      stage: 'closed',
      regimeId: '2018',
      deadline: { anchorOn: '2024-03-01', dueOn: '2025-09-01' },
      decision: { outcome: 'dismissed', reason: 'regularised' },
      defences: [{ receivedOn: '2026-10-15', late: false }],
    });
    expect(detail.body.deadline.explanation[0]).toMatch(/Régime 2018/);
    expect(
      detail.body.steps.find((s: { type: string }) => s.type === 'SanctionDefenceReceived').data.summary,
    ).toBe('Inscrite au cours de français depuis septembre');
  });

  it('an appeal against the fine: pending blocks the closure, a reduced fine is then paid and the procedure closed', async () => {
    const id = await openLatePresentation('Lambert');
    const opened = await api.post('sanction', '/api/sanctions', {
      parcoursId: id,
      breach: 'presentation',
      reportedOn: '2026-06-01',
    });
    const procedureId = opened.body.procedureId as string;
    await step(procedureId, 'notice', { sentOn: '2026-06-05' });
    await step(procedureId, 'defence', { receivedOn: '2026-06-10' });
    // A defence was received: the fine need not wait for the end of the response period.
    expect(
      (
        await step(procedureId, 'decision', {
          decidedOn: '2026-06-15',
          outcome: 'fine',
          amount: 400,
          comment: 'Aucune excuse recevable',
        })
      ).body.stage,
    ).toBe('fined');
    const appeal = await step(procedureId, 'appeal', {
      lodgedOn: '2026-06-20',
      authority: 'Tribunal de police de Namur',
      reference: 'TP/2026/123',
    });
    expect(appeal.body.stage).toBe('appealed');
    expect((await step(procedureId, 'closure', { closedOn: '2026-06-21' }, 422)).body.code).toBe(
      'APPEAL_PENDING',
    );
    expect(
      (
        await step(procedureId, 'appeal-outcome', {
          decidedOn: '2026-09-01',
          outcome: 'reduced',
          amount: 150,
        })
      ).body.stage,
    ).toBe('appeal-decided');
    expect((await step(procedureId, 'payment', { paidOn: '2026-09-10' })).body.stage).toBe('paid');
    expect((await step(procedureId, 'closure', { closedOn: '2026-09-11' })).body.stage).toBe('closed');
    const detail = await api.get('sanction', `/api/sanctions/${procedureId}`);
    expect(detail.body).toMatchObject({
      decision: { outcome: 'fine', amount: 400 },
      appeal: { lodgedOn: '2026-06-20', outcome: 'reduced', decidedOn: '2026-09-01' },
      amounts: { due: 150, paid: 150, remaining: 0 },
    });
  });

  it('refuses a fine when the Region could not provide a training (art. 152/8): TRAINING_UNAVAILABLE, then dismisses', async () => {
    const id = await openLateAttestation('Chraibi');
    expect(
      (
        await api.post('cai.aline', `/api/parcours/${id}/training-unavailability`, {
          axis: 'french',
          from: '2024-06-01',
          to: '2024-12-31',
        })
      ).status,
    ).toBe(200);
    // Not listed: no fine could end a procedure on it.
    expect(listed(await sanctionable(), id, 'attestation')).toBe(false);

    const opened = await api.post('sanction', '/api/sanctions', {
      parcoursId: id,
      breach: 'attestation',
      reportedOn: '2026-10-01',
    });
    expect(opened.status).toBe(201);
    const procedureId = opened.body.procedureId as string;
    await step(procedureId, 'notice', { sentOn: '2026-10-02', respondBy: '2026-10-12' });
    const refused = await step(
      procedureId,
      'decision',
      { decidedOn: '2026-10-20', outcome: 'fine', amount: 300 },
      422,
    );
    expect(refused.body).toMatchObject({
      status: 422,
      code: 'TRAINING_UNAVAILABLE',
      title:
        "Aucune amende ne peut être infligée : la Région n'a pas pu fournir une formation du parcours (art. 152/8 CWASS)",
    });
    expect(refused.body.detail).toMatch(
      /Formation français \(FLE\) indisponible du 01\/06\/2024 au 31\/12\/2024/,
    );
    expect(
      (
        await step(procedureId, 'decision', {
          decidedOn: '2026-10-20',
          outcome: 'dismissed',
          reason: 'training-unavailable',
        })
      ).body.stage,
    ).toBe('dismissed');
  });

  it('refuses to open a procedure on a case that is not overdue, voluntary, unknown or closed (422)', async () => {
    // Obliged, presented in time, attestation due in 2029.
    const base = obligedPerson();
    const onTime = await api.post('cai.aline', '/api/parcours', base);
    const onTimeId = onTime.body.parcoursId as string;
    await api.post('cai.aline', `/api/parcours/${onTimeId}/presentation`, { date: '2026-02-20' });
    for (const breach of ['presentation', 'attestation']) {
      const res = await api.post('sanction', '/api/sanctions', {
        parcoursId: onTimeId,
        breach,
        reportedOn: '2026-11-20',
      });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({
        code: 'BREACH_NOT_OVERDUE',
        title: "Le délai n'était pas dépassé à la date du signalement",
      });
    }
    // Overdue now, but not yet on the day reported.
    const late = await openLatePresentation('Diallo');
    const tooEarly = await api.post('sanction', '/api/sanctions', {
      parcoursId: late,
      breach: 'presentation',
      reportedOn: '2026-05-02',
    });
    expect(tooEarly.body.code).toBe('BREACH_NOT_OVERDUE');
    expect(tooEarly.body.detail).toMatch(/court jusqu'au 02\/05\/2026 inclus/);

    // A French citizen follows the parcours voluntarily: no deadline, no sanction.
    const voluntary = await api.post(
      'cai.aline',
      '/api/parcours',
      obligedPerson({ person: { ...base.person, nationality: 'FR' } }),
    );
    expect(voluntary.body.obligation).toBe('voluntary');
    const refused = await api.post('sanction', '/api/sanctions', {
      parcoursId: voluntary.body.parcoursId,
      breach: 'presentation',
      reportedOn: '2026-11-20',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('PARCOURS_NOT_OBLIGED');

    const unknown = await api.post('sanction', '/api/sanctions', {
      parcoursId: '0f8c2a36-94e5-4d11-a7b4-1b0f8d9f0c3e',
      breach: 'presentation',
      reportedOn: '2026-11-20',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('PARCOURS_NOT_FOUND');

    const gone = await openLatePresentation('Ekwueme');
    expect(
      (
        await api.post('cai.aline', `/api/parcours/${gone}/closure`, {
          date: '2026-09-01',
          reason: 'left-belgium',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api.post('sanction', '/api/sanctions', {
          parcoursId: gone,
          breach: 'presentation',
          reportedOn: '2026-08-01',
        })
      ).body.code,
    ).toBe('PARCOURS_CLOSED');
    expect(listed(await sanctionable(), gone, 'presentation')).toBe(false);

    // Bad input: every field named, in French; an unknown procedure is 404.
    const invalid = await api.post('sanction', '/api/sanctions', {
      parcoursId: 'x',
      breach: 'late',
      reportedOn: '2030-01-01',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'breach',
      'parcoursId',
      'reportedOn',
    ]);
    const missing = await api.post('sanction', '/api/sanctions/5d1c7a4e-2b8f-4c3e-9a61-7e2d4f8b1c09/notice', {
      sentOn: '2026-11-01',
    });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('PROCEDURE_NOT_FOUND');
  });

  it('roles: only the sanctioning officer (and admin) act; CRI staff see no procedure; the administration reads', async () => {
    const id = await openLatePresentation('Fofana');
    const body = { parcoursId: id, breach: 'presentation', reportedOn: '2026-11-01' };
    for (const user of ['cai.aline', 'cai.coord', 'spw']) {
      const res = await api.post(user, '/api/sanctions', body);
      expect({ user, status: res.status }).toEqual({ user, status: 403 });
    }
    expect((await t.http.post('/api/sanctions').send(body)).status).toBe(401);
    const byAdmin = await api.post('admin', '/api/sanctions', body);
    expect(byAdmin.status).toBe(201);
    const procedureId = byAdmin.body.procedureId as string;
    expect(
      (await api.post('spw', `/api/sanctions/${procedureId}/notice`, { sentOn: '2026-11-02' })).status,
    ).toBe(403);
    expect(
      (
        await api.post('sanction', `/api/sanctions/${procedureId}/withdrawal`, {
          withdrawnOn: '2026-11-02',
          reason: 'Ouverte par erreur',
        })
      ).body.stage,
    ).toBe('withdrawn');

    for (const path of [
      '/api/sanctions',
      `/api/sanctions/${procedureId}`,
      '/api/sanctions/sanctionable',
      '/api/sanctions/sanctionable.csv',
    ]) {
      for (const user of ['cai.aline', 'cai.coord'])
        expect({ path, user, status: (await api.get(user, path)).status }).toEqual({
          path,
          user,
          status: 403,
        });
      for (const user of ['spw', 'sanction', 'admin'])
        expect({ path, user, status: (await api.get(user, path)).status }).toEqual({
          path,
          user,
          status: 200,
        });
    }
    // Withdrawn: the breach can be reported again.
    expect(listed(await sanctionable(), id, 'presentation')).toBe(true);
  });

  it('two openings racing on the same breach: exactly one wins; Idempotency-Key replays the same procedure', async () => {
    const id = await openLatePresentation('Gashi');
    const body = { parcoursId: id, breach: 'presentation', reportedOn: '2026-11-01' };
    const results = await Promise.all(
      Array.from({ length: 6 }, () => api.post('sanction', '/api/sanctions', body)),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);

    const other = await openLatePresentation('Hoxha');
    const headers = { 'Idempotency-Key': `open-${other}` };
    const first = await api.post('sanction', '/api/sanctions', { ...body, parcoursId: other }, headers);
    const again = await api.post('sanction', '/api/sanctions', { ...body, parcoursId: other }, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const stale = await api.post(
      'sanction',
      `/api/sanctions/${first.body.procedureId}/notice`,
      { sentOn: '2026-11-02' },
      { 'If-Match': '"4"' },
    );
    expect(stale.status).toBe(412);
  });

  it('lists sanctionable cases per CRI and breach, as JSON and as CSV for Excel', async () => {
    const cai = await openLateAttestation('Ivanova');
    const cripel = await openLateAttestation('Jovanovic', 'CRIPEL', 'cripel.marc');
    const onlyCripel = await sanctionable('?cri=CRIPEL&asOf=2026-11-21');
    expect(onlyCripel.asOf).toBe('2026-11-21');
    expect(listed(onlyCripel, cripel, 'attestation')).toBe(true);
    expect(onlyCripel.items.every((i) => (i as unknown as { criCode: string }).criCode === 'CRIPEL')).toBe(
      true,
    );
    expect(listed(onlyCripel, cai, 'attestation')).toBe(false);

    // As of a past day: on 01/09/2025 the attestation was still in time (due that day), the day after it was not.
    expect(listed(await sanctionable('?asOf=2025-09-01&breach=attestation'), cai, 'attestation')).toBe(false);
    expect(listed(await sanctionable('?asOf=2025-09-02&breach=attestation'), cai, 'attestation')).toBe(true);

    const paged = await sanctionable('?pageSize=1&page=2');
    expect(paged.items).toHaveLength(1);
    expect(paged.total).toBeGreaterThanOrEqual(3);

    const csv = await api.get('spw', '/api/sanctions/sanctionable.csv?cri=CRIPEL&asOf=2026-11-21');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv; charset=utf-8/);
    expect(csv.headers['content-disposition']).toMatch(/cas-sanctionnables-2026-11-21-CRIPEL\.csv/);
    const text = csv.text;
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('\r\n');
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([
      'Identifiant du parcours',
      'Nom',
      'Prénom',
      'CRI',
      'Manquement',
      'Début du délai',
      'Échéance',
      'Jours de retard',
      'Régime',
      'Amende minimale (€)',
      'Amende maximale (€)',
      'Explication',
    ]);
    const row = rows.find((r) => r[0] === cripel)!;
    expect(row.slice(1, 11)).toEqual([
      'Jovanovic',
      'Samira',
      'CRIPEL',
      'Attestation de fréquentation non obtenue dans le délai',
      '01/03/2024',
      '01/09/2025',
      '446',
      '2018',
      '100',
      '2500',
    ]);
    expect(row[11]).toMatch(
      /Régime 2018 \(décret du 8 novembre 2018\) : 18 mois après la commande du titre de séjour du 01\/03\/2024 → 01\/09\/2025/,
    );

    // Every read of names is in the access audit.
    const audit = await api.get('admin', `/api/audit?parcoursId=${cripel}`);
    expect(audit.status).toBe(200);
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['sanctions.sanctionable', 'export.sanctionable-csv']));
  });
});
