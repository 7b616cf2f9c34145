import { ERASED_VALUE, STATUS_URGENCY } from '@app/parcours';
import { parseCsv } from '../apps/api/src/read/csv';
import { Api, nissFor, obligedPerson } from './support/api';
import { createTestApp, TestClock, type TestApp } from './support/test-app';

jest.setTimeout(180_000);

type Deadline = { kind: string; dueOn: string | null; status: string; explanation: string[] };
type ListItem = {
  parcoursId: string;
  person: { lastName: string; firstName: string; birthDate: string };
  criCode: string;
  obligation: string;
  stage: string;
  deadlineStatus: string;
  deadlineKind: string | null;
  deadlineDueOn: string | null;
  attestationDeadline: string | null;
};

/**
 * The read side over HTTP: cases recorded through the command endpoints (CAI and CRIPEL), then the list, the detail,
 * compliance, the CSV export and the dashboards must agree with each other and with the domain, and a CRI user must
 * never see another CRI's case.
 */
describe('read side over HTTP: list, detail, compliance, export, dashboards', () => {
  let t: TestApp;
  let api: Api;
  const clock = new TestClock(new Date('2026-11-21T09:00:00Z'));
  const today = '2026-11-21';
  const ids: Record<string, string> = {};

  const person = (lastName: string, firstName: string, extra: Record<string, unknown> = {}) => ({
    ...obligedPerson().person,
    lastName,
    firstName,
    ...extra,
  });
  const open = async (key: string, user: string, body: Record<string, unknown>) => {
    const res = await api.post(user, '/api/parcours', obligedPerson(body));
    expect({ key, status: res.status, body: res.body }).toMatchObject({ key, status: 201 });
    ids[key] = res.body.parcoursId as string;
    return ids[key];
  };
  const record = async (user: string, id: string, steps: Array<[string, unknown]>) => {
    for (const [path, body] of steps) {
      const res = await api.post(user, `/api/parcours/${id}/${path}`, body);
      expect({ path, status: res.status, body: res.body }).toMatchObject({ path, status: 200 });
    }
  };
  const accueil = (presentedOn: string, conventionOn: string): Array<[string, unknown]> => [
    ['presentation', { date: presentedOn }],
    ['accueil/rights-and-duties', { date: presentedOn }],
    ['accueil/bilan-social', { date: presentedOn, needs: ['logement'] }],
    ['french/positioning', { date: presentedOn, level: 'A1', test: 'ELAO' }],
    [
      'convention',
      { signedOn: conventionOn, includesFrench: true, includesIsp: true, citizenshipLanguage: 'ar' },
    ],
  ];
  const get = async (user: string, path: string, status = 200) => {
    const res = await api.get(user, path);
    expect({ path, status: res.status, body: res.status === status ? undefined : res.body }).toEqual({
      path,
      status,
      body: undefined,
    });
    return res;
  };
  const list = async (
    user: string,
    query = '',
  ): Promise<{ items: ListItem[]; total: number; page: number; pageSize: number }> =>
    (await get(user, `/api/parcours${query ? `?${query}` : ''}`)).body;
  const idsOf = (items: Array<{ parcoursId: string }>) =>
    items.map((i) => Object.keys(ids).find((k) => ids[k] === i.parcoursId) ?? i.parcoursId).sort();
  const mostUrgent = (deadlines: Deadline[]) =>
    deadlines
      .map((d) => d.status)
      .sort((a, b) => STATUS_URGENCY.indexOf(a as never) - STATUS_URGENCY.indexOf(b as never))[0];

  beforeAll(async () => {
    t = await createTestApp({ clock });
    api = new Api(t.http);
    // A: obliged, presented in time, training, evaluation held.
    const a = await open('A', 'cai.aline', {
      person: person('Haddad', 'Samira', { niss: nissFor('1990-04-12', 201) }),
      accompagnateurId: 'demo-cai-aline',
    });
    await record('cai.aline', a, [
      ...accueil('2026-02-20', '2026-03-10'),
      [
        'citizenship/hours',
        { operator: 'CAI', from: '2026-03-15', to: '2026-05-15', hours: 60, language: 'ar' },
      ],
      [
        'evaluations',
        { date: '2026-09-10', convocation: 'email', attended: true, notes: 'Bonne progression' },
      ],
    ]);
    // B: obliged, never presented: presentation overdue (due 01/09/2026).
    await open('B', 'cai.aline', {
      person: person('Dupré', 'Élodie', { birthDate: '1994-07-08', nationality: 'MA' }),
      communeRegistrationDate: '2026-06-01',
      cardOrderDate: '2026-06-05',
      accompagnateurId: 'demo-cai-aline',
    });
    // C: CRIPEL, never presented: overdue, and invisible to CAI users.
    await open('C', 'cripel.marc', {
      person: person('Öztürk', 'Mehmet', { nationality: 'AF' }),
      criCode: 'CRIPEL',
      communeCode: '62063',
      communeRegistrationDate: '2026-08-01',
      cardOrderDate: '2026-08-03',
    });
    // D: voluntary (French national): no deadline.
    const d = await open('D', 'cai.aline', {
      person: person('Martin', 'Zoë', { nationality: 'FR' }),
      communeRegistrationDate: '2026-05-01',
      cardOrderDate: null,
      accompagnateurId: 'acc-2',
    });
    await record('cai.aline', d, [['presentation', { date: '2026-05-10' }]]);
    // E: the whole parcours, attestation issued on 02/11/2026.
    const e = await open('E', 'cai.aline', {
      person: person('Kowalska', 'Ana', { nationality: 'UA' }),
      communeRegistrationDate: '2026-02-02',
      cardOrderDate: '2026-02-10',
    });
    await record('cai.aline', e, [
      ...accueil('2026-02-20', '2026-03-10'),
      [
        'citizenship/hours',
        { operator: 'CAI', from: '2026-03-15', to: '2026-05-15', hours: 60, language: 'ar' },
      ],
      ['isp/hours', { provider: 'Forem', date: '2026-04-02', hours: 4 }],
      [
        'french/hours',
        { operator: 'Lire et Écrire Namur', from: '2026-03-15', to: '2026-10-30', hours: 400 },
      ],
      ['attestation', { issuedOn: '2026-11-02' }],
    ]);
    // F: suspended since 01/10/2026 (open suspension: the attestation due date moves every day).
    const f = await open('F', 'cai.aline', {
      person: person('Nguyễn', 'Bảo', { nationality: 'VN' }),
      accompagnateurId: 'demo-cai-aline',
    });
    await record('cai.aline', f, [
      ...accueil('2026-02-20', '2026-03-10'),
      ['suspensions', { from: '2026-10-01', reason: 'illness' }],
    ]);
    // G: registered recently: presentation due soon (01/01/2027).
    await open('G', 'cai.aline', {
      person: person('García-Peña', 'Nour', { nationality: 'BR' }),
      communeRegistrationDate: '2026-10-01',
      cardOrderDate: '2026-10-02',
    });
    await t.whenCaughtUp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists only the CRI user’s own cases; regional roles see every CRI', async () => {
    const mine = await list('cai.aline', 'pageSize=200');
    expect(idsOf(mine.items)).toEqual(['A', 'B', 'D', 'E', 'F', 'G']);
    expect(mine.total).toBe(6);
    expect(mine.items.every((i) => i.criCode === 'CAI')).toBe(true);
    expect(idsOf((await list('cripel.marc')).items)).toEqual(['C']);
    expect(idsOf((await list('spw')).items)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
    // Asking for another CRI gives nothing, not an error that would reveal anything.
    expect(await list('cai.aline', 'cri=CRIPEL')).toMatchObject({ items: [], total: 0 });
    expect(idsOf((await list('spw', 'cri=CRIPEL')).items)).toEqual(['C']);
    // Sorted by name (accents ignored) by default.
    expect((await list('cai.aline')).items.map((i) => i.person.lastName)).toEqual([
      'Dupré',
      'García-Peña',
      'Haddad',
      'Kowalska',
      'Martin',
      'Nguyễn',
    ]);
  });

  it('list, detail and the domain agree on every case, today and at other dates', async () => {
    for (const asOf of [undefined, '2026-03-01', '2026-07-15', '2026-10-15', '2027-06-01']) {
      const items = (await list('spw', `pageSize=200${asOf ? `&asOf=${asOf}` : ''}`)).items;
      expect(items).toHaveLength(7);
      // Each status filter returns exactly the cases whose most urgent deadline has that status.
      for (const status of STATUS_URGENCY) {
        const filtered = await list('spw', `pageSize=200&status=${status}${asOf ? `&asOf=${asOf}` : ''}`);
        expect({ asOf, status, ids: filtered.items.map((i) => i.parcoursId).sort() }).toEqual({
          asOf,
          status,
          ids: items
            .filter((i) => i.deadlineStatus === status)
            .map((i) => i.parcoursId)
            .sort(),
        });
        expect(filtered.total).toBe(filtered.items.length);
      }
      // Sorted by urgency and by attestation deadline, the same cases in the expected order.
      const byUrgency = (
        await list('spw', `pageSize=200&sort=urgency${asOf ? `&asOf=${asOf}` : ''}`)
      ).items.map((i) => STATUS_URGENCY.indexOf(i.deadlineStatus as never));
      expect(byUrgency).toEqual([...byUrgency].sort((a, b) => a - b));
      const byAttestation = (
        await list('spw', `pageSize=200&sort=attestationDeadline${asOf ? `&asOf=${asOf}` : ''}`)
      ).items.map((i) => i.attestationDeadline ?? '9999');
      expect(byAttestation).toEqual([...byAttestation].sort());
      for (const item of items) {
        const detail = (await get('spw', `/api/parcours/${item.parcoursId}${asOf ? `?asOf=${asOf}` : ''}`))
          .body;
        const attestation = (detail.deadlines as Deadline[]).find((d) => d.kind === 'attestation')!;
        expect({
          asOf,
          id: item.parcoursId,
          status: item.deadlineStatus,
          attestation: item.attestationDeadline,
          // The list shows the current stage; the detail as of a past date shows the stage of that day.
          stage: asOf === undefined ? item.stage : undefined,
        }).toEqual({
          asOf,
          id: item.parcoursId,
          status: mostUrgent(detail.deadlines),
          attestation: attestation.status === 'not-applicable' ? null : attestation.dueOn,
          stage: asOf === undefined ? detail.stage : undefined,
        });
        if (item.deadlineKind !== null) {
          const urgent = (detail.deadlines as Deadline[]).find((d) => d.kind === item.deadlineKind)!;
          expect(urgent.status).toBe(item.deadlineStatus);
        }
        expect(item.person).toEqual({
          lastName: detail.person.lastName,
          firstName: detail.person.firstName,
          birthDate: detail.person.birthDate,
        });
      }
    }
  });

  it('gives the expected statuses for the scripted cases', async () => {
    const byKey = Object.fromEntries(
      (await list('spw', 'pageSize=200')).items.map((i) => [idsOf([i])[0], i]),
    );
    expect(byKey.A).toMatchObject({
      deadlineStatus: 'on-track',
      stage: 'training',
      attestationDeadline: '2029-02-10',
    });
    expect(byKey.B).toMatchObject({
      deadlineStatus: 'overdue',
      deadlineKind: 'presentation',
      deadlineDueOn: '2026-09-01',
      stage: 'awaiting-presentation',
    });
    expect(byKey.C).toMatchObject({ deadlineStatus: 'overdue', criCode: 'CRIPEL' });
    expect(byKey.D).toMatchObject({
      deadlineStatus: 'not-applicable',
      obligation: 'voluntary',
      attestationDeadline: null,
    });
    expect(byKey.E).toMatchObject({ deadlineStatus: 'met-late', stage: 'attestation-issued' });
    // 36 months after 10/02/2026, plus the 52 days of the suspension running since 01/10/2026.
    expect(byKey.F).toMatchObject({ deadlineStatus: 'suspended', attestationDeadline: '2029-04-03' });
    expect(byKey.G).toMatchObject({ deadlineStatus: 'due-soon', deadlineDueOn: '2027-01-01' });
    // The same case a day later: the suspended due date has moved by one day.
    clock.set('2026-11-22T09:00:00Z');
    try {
      const f = (await list('spw', 'q=nguyen')).items[0];
      expect(f.attestationDeadline).toBe('2029-04-04');
    } finally {
      clock.set('2026-11-21T09:00:00Z');
    }
  });

  it('filters by status, stage, obligation and accompagnateur, and pages', async () => {
    expect(idsOf((await list('cai.aline', 'status=overdue')).items)).toEqual(['B']);
    expect(idsOf((await list('spw', 'status=overdue')).items)).toEqual(['B', 'C']);
    expect(idsOf((await list('cai.aline', 'status=due-soon')).items)).toEqual(['G']);
    expect(idsOf((await list('cai.aline', 'status=overdue&asOf=2026-08-01')).items)).toEqual([]);
    const mine = (await list('cai.aline', 'pageSize=200')).items;
    for (const status of STATUS_URGENCY) {
      const filtered = (await list('cai.aline', `status=${status}&pageSize=200`)).items
        .map((i) => i.parcoursId)
        .sort();
      expect({ status, filtered }).toEqual({
        status,
        filtered: mine
          .filter((i) => i.deadlineStatus === status)
          .map((i) => i.parcoursId)
          .sort(),
      });
    }
    expect(idsOf((await list('cai.aline', 'stage=awaiting-presentation')).items)).toEqual(['B', 'G']);
    expect(idsOf((await list('cai.aline', 'obligation=voluntary')).items)).toEqual(['D']);
    // Aline's cases, whether recorded by her user id (older cases) or her username: « Mes dossiers » shows them all.
    expect(idsOf((await list('cai.aline', 'accompagnateurId=demo-cai-aline')).items)).toEqual([
      'A',
      'B',
      'E',
      'F',
      'G',
    ]);
    expect(idsOf((await list('cai.aline', 'accompagnateurId=cai.aline')).items)).toEqual([
      'A',
      'B',
      'E',
      'F',
      'G',
    ]);
    const urgency = (await list('cai.aline', 'sort=urgency')).items.map((i) => i.deadlineStatus);
    expect(urgency).toEqual(['overdue', 'due-soon', 'suspended', 'on-track', 'met-late', 'not-applicable']);
    const page2 = await list('cai.aline', 'pageSize=4&page=2');
    expect(page2).toMatchObject({ total: 6, page: 2, pageSize: 4 });
    expect(page2.items).toHaveLength(2);
    expect(await list('cai.aline', 'pageSize=4&page=3')).toMatchObject({ items: [], total: 6 });
    expect(await list('cai.aline', 'status=overdue&page=5')).toMatchObject({ items: [], total: 1 });
  });

  it('searches names without accents or case, and NISS with or without dots and dashes', async () => {
    expect(idsOf((await list('cai.aline', 'q=elodie%20DUPRE')).items)).toEqual(['B']);
    expect(idsOf((await list('cai.aline', `q=${encodeURIComponent('dupré')}`)).items)).toEqual(['B']);
    expect(idsOf((await list('cai.aline', 'q=garcia%20pena')).items)).toEqual(['G']);
    expect(idsOf((await list('cai.aline', `q=${encodeURIComponent('Nguyen')}`)).items)).toEqual(['F']);
    const niss = nissFor('1990-04-12', 201);
    const dotted = `${niss.slice(0, 2)}.${niss.slice(2, 4)}.${niss.slice(4, 6)}-${niss.slice(6, 9)}.${niss.slice(9)}`;
    expect(idsOf((await list('cai.aline', `q=${encodeURIComponent(dotted)}`)).items)).toEqual(['A']);
    expect(idsOf((await list('cai.aline', `q=${niss.slice(0, 6)}`)).items)).toEqual(['A']);
    // Another CRI's person is not found by a CAI user.
    expect((await list('cai.aline', 'q=ozturk')).total).toBe(0);
    expect(idsOf((await list('spw', 'q=ozturk')).items)).toEqual(['C']);
    // LIKE wildcards are literal.
    expect((await list('cai.aline', 'q=%25')).total).toBe(0);
  });

  it('shows the case detail (progress, regime, explained deadlines, attestation) and hides another CRI’s case (404)', async () => {
    const a = (await get('cai.aline', `/api/parcours/${ids.A}`)).body;
    expect(a).toMatchObject({
      parcoursId: ids.A,
      version: 8,
      asOf: today,
      criCode: 'CAI',
      obligation: 'obliged',
      stage: 'training',
      person: {
        lastName: 'Haddad',
        firstName: 'Samira',
        birthDate: '1990-04-12',
        niss: nissFor('1990-04-12', 201),
      },
      regime: { id: '2025', label: 'Régime 2025', source: 'décret du 14 mars 2024' },
      progress: {
        citizenship: { required: true, hoursDone: 60, hoursRequired: 60, met: true },
        french: { required: true, hoursDone: 0, hoursRequired: 400, levelReached: 'A1', met: false },
        isp: { required: true, hoursDone: 0, hoursRequired: 4, met: false },
      },
      attestation: null,
    });
    expect(a.obligationReasons[0].code).toBe('PRIMO_ARRIVANT');
    expect(a.regime.confidence).toBeDefined();
    expect(a.deadlines.map((d: Deadline) => [d.kind, d.status, d.dueOn])).toEqual([
      ['presentation', 'met', '2026-05-02'],
      ['attestation', 'on-track', '2029-02-10'],
      ['evaluation', 'on-track', '2027-03-10'],
    ]);
    expect(a.deadlines[1].explanation[0]).toMatch(/Régime 2025.*36 mois.*10\/02\/2026.*10\/02\/2029/);
    const res = await api.get('cai.aline', `/api/parcours/${ids.A}`);
    expect(res.headers.etag).toBe('"8"');

    const e = (await get('cai.aline', `/api/parcours/${ids.E}`)).body;
    expect(e.attestation).toMatchObject({ issuedOn: '2026-11-02', criCode: 'CAI' });
    expect(e.deadlines.map((d: Deadline) => d.status)).toEqual(['met', 'met', 'met-late']);
    // As of a date before the attestation, the same case was still running.
    const before = (await get('cai.aline', `/api/parcours/${ids.E}?asOf=2026-06-01`)).body;
    expect(before.deadlines.map((d: Deadline) => d.status)).toEqual(['met', 'on-track', 'on-track']);
    expect(before.progress.french.hoursDone).toBe(0);
    // The whole case as it stood then: no attestation yet, only the hours of periods ended by then.
    const october = (await get('cai.aline', `/api/parcours/${ids.E}?asOf=2026-10-15`)).body;
    expect(october).toMatchObject({ asOf: '2026-10-15', attestation: null, stage: 'training' });
    expect(october.trainings.french).toEqual([]);
    expect(october.trainings.citizenship).toHaveLength(1);

    const hidden = await get('cai.aline', `/api/parcours/${ids.C}`, 404);
    expect(hidden.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(hidden.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    await get('spw', `/api/parcours/${ids.C}`, 200);
    await get('cripel.marc', `/api/parcours/${ids.C}`, 200);
    await get('spw', '/api/parcours/not-a-uuid', 404);
    await get('spw', '/api/parcours/3f0e5a5e-0000-4000-8000-000000000000', 404);
  });

  it('lists compliance deadlines of obliged persons, soonest first, agreeing with each case’s detail', async () => {
    const all = (await get('spw', '/api/compliance/deadlines?pageSize=200')).body;
    expect(all.asOf).toBe(today);
    const keys = all.items.map((i: { parcoursId: string; kind: string }) => `${idsOf([i])[0]}:${i.kind}`);
    expect(keys).toEqual(
      expect.arrayContaining([
        'B:presentation',
        'C:presentation',
        'G:presentation',
        'A:attestation',
        'F:attestation',
      ]),
    );
    expect(keys.some((k: string) => k.startsWith('D:'))).toBe(false); // voluntary
    expect(keys.some((k: string) => k.startsWith('E:'))).toBe(false); // met
    expect(all.total).toBe(all.items.length);
    const dueDates = all.items.map((i: { dueOn: string }) => i.dueOn);
    expect(dueDates).toEqual([...dueDates].sort());
    for (const item of all.items as Array<Deadline & { parcoursId: string; criCode: string }>) {
      const detail = (await get('spw', `/api/parcours/${item.parcoursId}`)).body;
      const deadline = (detail.deadlines as Deadline[]).find((d) => d.kind === item.kind)!;
      expect({
        status: item.status,
        dueOn: item.dueOn,
        explanation: item.explanation,
        cri: item.criCode,
      }).toEqual({
        status: deadline.status,
        dueOn: deadline.dueOn,
        explanation: deadline.explanation,
        cri: detail.criCode,
      });
    }
    const overdue = (await get('spw', '/api/compliance/deadlines?status=overdue')).body;
    expect(
      overdue.items.map((i: { parcoursId: string; kind: string }) => `${idsOf([i])[0]}:${i.kind}`),
    ).toEqual(['B:presentation', 'C:presentation']);
    const cai = (await get('cai.aline', '/api/compliance/deadlines?status=overdue')).body;
    expect(idsOf(cai.items)).toEqual(['B']);
    expect((await get('cai.aline', '/api/compliance/deadlines?cri=CRIPEL')).body).toMatchObject({
      items: [],
      total: 0,
    });
    const met = (await get('spw', '/api/compliance/deadlines?status=met&kind=attestation')).body;
    expect(idsOf(met.items)).toEqual(['E']);
    // Pages of any size put end to end give the whole list, in the same order, with the same total.
    for (const filter of ['', '&kind=attestation', '&status=on-track', '&asOf=2026-08-20']) {
      const whole = (await get('spw', `/api/compliance/deadlines?pageSize=200${filter}`)).body;
      expect(whole.total).toBe(whole.items.length);
      expect(whole.total).toBeGreaterThan(1);
      const key = (i: { parcoursId: string; kind: string }) => `${i.parcoursId}:${i.kind}`;
      for (const size of [1, 2, 3]) {
        const paged: string[] = [];
        for (let page = 1; page <= Math.ceil(whole.total / size) + 1; page++) {
          const part = (await get('spw', `/api/compliance/deadlines?pageSize=${size}&page=${page}${filter}`))
            .body;
          expect(part.total).toBe(whole.total);
          paged.push(...part.items.map(key));
        }
        expect({ filter, size, paged }).toEqual({ filter, size, paged: whole.items.map(key) });
      }
    }
    // Three months earlier, B was not late yet.
    const earlier = (await get('spw', '/api/compliance/deadlines?asOf=2026-08-20&kind=presentation')).body;
    expect(earlier.items.find((i: { parcoursId: string }) => i.parcoursId === ids.B)).toMatchObject({
      status: 'due-soon',
      dueOn: '2026-09-01',
    });
  });

  it('exports the same rows as a CSV that Excel opens (BOM, « ; », CRLF, French headers and words, dd/mm/yyyy)', async () => {
    const res = await api.get('spw', '/api/compliance/export.csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="conformite-${today}.csv"`);
    const text = res.text;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1, text.indexOf('\r\n'))).toBe(
      "Dossier;Nom;Prénom;CRI;Échéance;Date d'échéance;Statut;Explication",
    );
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    const json = (await get('spw', '/api/compliance/deadlines?pageSize=200')).body;
    expect(rows).toHaveLength(json.total + 1);
    for (const [i, item] of (
      json.items as Array<
        Deadline & { parcoursId: string; person: { lastName: string; firstName: string }; criCode: string }
      >
    ).entries()) {
      const row = rows[i + 1];
      expect(row).toHaveLength(8);
      expect(row[0]).toBe(item.parcoursId);
      expect(row[1]).toBe(item.person.lastName);
      expect(row[2]).toBe(item.person.firstName);
      expect(row[3]).toBe(item.criCode);
      expect(row[5]).toBe(
        `${item.dueOn!.slice(8, 10)}/${item.dueOn!.slice(5, 7)}/${item.dueOn!.slice(0, 4)}`,
      );
      expect(row[7]).toBe(item.explanation.join('\n'));
    }
    const b = rows.find((r) => r[0] === ids.B)!;
    expect(b.slice(1, 7)).toEqual([
      'Dupré',
      'Élodie',
      'CAI',
      "Présentation au bureau d'accueil",
      '01/09/2026',
      'En retard',
    ]);
    // A CAI user's export holds no CRIPEL row.
    const mine = parseCsv((await api.get('cai.aline', '/api/compliance/export.csv?status=overdue')).text);
    expect(mine.slice(1).map((r) => r[0])).toEqual([ids.B]);
    const empty = await api.get('cai.aline', '/api/compliance/export.csv?cri=CRIPEL&asOf=2026-01-31');
    expect(empty.headers['content-disposition']).toBe('attachment; filename="conformite-2026-01-31.csv"');
    expect(parseCsv(empty.text)).toHaveLength(1);
  });

  it('dashboards: one row per CRI, scoped, consistent with the list; per accompagnateur for one CRI', async () => {
    const all = (await get('spw', '/api/dashboards/cri')).body;
    expect(all.items.map((r: { criCode: string }) => r.criCode)).toEqual([
      'CAI',
      'CRIBW',
      'CRIC',
      'CIMB',
      'CERAIC',
      'CRIPEL',
      'CRVI',
      'CRILUX',
    ]);
    const cai = all.items[0];
    expect(cai).toMatchObject({
      criCode: 'CAI',
      asOf: today,
      activeParcours: {
        total: 5,
        byObligation: { obliged: 4, voluntary: 1, dispensed: 0 },
        byStage: { 'awaiting-presentation': 2, accueil: 1, training: 2 },
      },
      overdue: { parcours: 1, presentation: 1, attestation: 0, evaluation: 0 },
      dueSoon: { parcours: 1, presentation: 1, attestation: 0, evaluation: 0 },
      nationalityDossiers: { opened: 0, complete: 0 },
    });
    expect(cai.months).toHaveLength(12);
    expect(cai.months[0].month).toBe('2025-12');
    expect(cai.months[11]).toEqual({ month: '2026-11', openings: 6, attestations: 1 });
    // E: card ordered 10/02/2026, attestation 02/11/2026.
    expect(cai.medianDaysCardOrderToAttestation).toBe(265);
    expect(Object.keys(cai.dispensesByCategory)).toHaveLength(11);
    // The dashboard agrees with the list.
    expect(cai.overdue.parcours).toBe((await list('spw', 'cri=CAI&status=overdue')).total);
    expect(cai.activeParcours.total).toBe(
      (await list('spw', 'cri=CAI&pageSize=200')).items.filter(
        (i) => !['attestation-issued', 'closed'].includes(i.stage),
      ).length,
    );
    expect(all.items[5]).toMatchObject({
      criCode: 'CRIPEL',
      activeParcours: { total: 1 },
      overdue: { parcours: 1, presentation: 1 },
    });

    const mine = (await get('cai.aline', '/api/dashboards/cri')).body;
    expect(mine.items.map((r: { criCode: string }) => r.criCode)).toEqual(['CAI']);
    expect(mine.items[0]).toEqual(cai);

    await get('cai.coord', '/api/dashboards/cri/CRIPEL', 404);
    await get('spw', '/api/dashboards/cri/NOPE', 404);
    const one = (await get('cai.coord', '/api/dashboards/cri/CAI')).body;
    expect(one).toMatchObject({ criCode: 'CAI', activeParcours: cai.activeParcours, overdue: cai.overdue });
    // One row per person, with the name screens show: Aline's cases recorded by username (cai.aline) and by user id
    // (demo-cai-aline, older cases) are one row; an id nobody knows says so.
    expect(one.accompagnateurs).toEqual([
      {
        accompagnateurId: 'acc-2',
        accompagnateur: {
          id: 'acc-2',
          username: null,
          displayName: 'Utilisateur inconnu',
          cri: null,
          label: 'Utilisateur inconnu (acc-2)',
        },
        activeParcours: 1,
        overdue: 0,
        dueSoon: 0,
      },
      {
        accompagnateurId: 'cai.aline',
        accompagnateur: {
          id: 'cai.aline',
          username: 'cai.aline',
          displayName: 'Aline Dupont',
          cri: 'CAI',
          label: 'Aline Dupont (CAI)',
        },
        activeParcours: 4,
        overdue: 1,
        dueSoon: 1,
      },
    ]);
    const cripel = (await get('spw', '/api/dashboards/cri/CRIPEL')).body;
    expect(cripel.accompagnateurs).toEqual([
      {
        accompagnateurId: 'cripel.marc',
        accompagnateur: {
          id: 'cripel.marc',
          username: 'cripel.marc',
          displayName: 'Marc Lejeune',
          cri: 'CRIPEL',
          label: 'Marc Lejeune (CRIPEL)',
        },
        activeParcours: 1,
        overdue: 1,
        dueSoon: 0,
      },
    ]);
  });

  it('refuses malformed queries with every invalid field, in French (400)', async () => {
    const res = await api.get(
      'cai.aline',
      '/api/parcours?pageSize=500&asOf=2026-02-30&status=late&page=0&foo=1',
    );
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const fields = (res.body.errors as Array<{ field: string; message: string }>).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['pageSize', 'asOf', 'status', 'page', 'foo']));
    expect(res.body.errors.find((e: { field: string }) => e.field === 'pageSize').message).toMatch(
      /au plus 200/,
    );
    expect((await api.get('spw', '/api/compliance/deadlines?kind=other')).status).toBe(400);
    expect((await api.get('spw', '/api/compliance/export.csv?asOf=21/11/2026')).status).toBe(400);
    expect((await t.http.get('/api/parcours')).status).toBe(401);
  });

  it('records who read which case in the audit log', async () => {
    await get('cai.aline', `/api/parcours/${ids.A}`);
    const audit = (await get('admin', `/api/audit?parcoursId=${ids.A}`)).body;
    const actions = audit.items.map((i: { action: string; username: string }) => `${i.username}:${i.action}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'cai.aline:parcours.detail',
        'cai.aline:parcours.list',
        'spw:compliance.deadlines',
        'spw:export.compliance-csv',
      ]),
    );
  });

  it('after erasure: names read « donnée effacée », the search no longer finds the person, deadlines and statistics are intact', async () => {
    const before = (await get('cai.aline', `/api/parcours/${ids.B}`)).body;
    const dashboardBefore = (await get('spw', '/api/dashboards/cri/CAI')).body;
    const res = await api.post('cai.coord', `/api/parcours/${ids.B}/erasure`, {
      decidedOn: today,
      reason: 'person-request',
    });
    expect(res.status).toBe(200);
    await t.whenCaughtUp();
    const after = (await get('cai.aline', `/api/parcours/${ids.B}`)).body;
    expect(after.person).toMatchObject({
      lastName: ERASED_VALUE,
      firstName: ERASED_VALUE,
      birthDate: ERASED_VALUE,
      nationality: ERASED_VALUE,
    });
    expect(after.personalDataErasedOn).toBe(today);
    expect(after.deadlines).toEqual(before.deadlines);
    expect(after.obligation).toBe(before.obligation);
    expect(JSON.stringify(after)).not.toMatch(/Dupré|Élodie|1994-07-08|logement/);
    expect((await list('cai.aline', 'q=dupre')).total).toBe(0);
    const item = (await list('cai.aline', 'status=overdue')).items[0];
    expect(item).toMatchObject({
      parcoursId: ids.B,
      person: { lastName: ERASED_VALUE, firstName: ERASED_VALUE, birthDate: ERASED_VALUE },
      deadlineStatus: 'overdue',
    });
    const csv = parseCsv((await api.get('spw', '/api/compliance/export.csv?status=overdue')).text);
    expect(csv.find((r) => r[0] === ids.B)!.slice(1, 3)).toEqual([ERASED_VALUE, ERASED_VALUE]);
    const { asOf: _a, ...dashboardAfter } = (await get('spw', '/api/dashboards/cri/CAI')).body;
    const { asOf: _b, ...dashboardThen } = dashboardBefore;
    expect(dashboardAfter).toEqual(dashboardThen);
  });
});
