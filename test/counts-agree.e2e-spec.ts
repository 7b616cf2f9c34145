import { parseCsv } from '../apps/api/src/read/csv';
import { Api, obligedPerson } from './support/api';
import { createTestApp, TestClock, type TestApp } from './support/test-app';

jest.setTimeout(180_000);

type Deadline = {
  kind: string;
  dueOn: string | null;
  status: string;
  daysLate: number | null;
  explanation: string[];
};
type Counts = { parcours: number; presentation: number; attestation: number; evaluation: number };
type ComplianceItem = { parcoursId: string; kind: string; status: string; daysLate: number | null };

/**
 * domain.md §10: one definition of overdue / due-soon / met / met-late for every screen and export. One population
 * on one date, read through the case list (worklist), the dashboards (per CRI and per accompagnateur), the compliance
 * list and its CSV: the figures must be equal, a dispensed person and a volunteer are never overdue, and a step done
 * late is `met-late`, never « respectée ».
 */
describe('overdue, due soon and met late: the same figures on every endpoint', () => {
  let t: TestApp;
  let api: Api;
  const clock = new TestClock(new Date('2026-06-01T09:00:00Z'));
  const ids: Record<string, string> = {};
  const nameOf = (id: string) => Object.keys(ids).find((k) => ids[k] === id) ?? id;

  const open = async (key: string, user: string, body: Record<string, unknown>) => {
    const base = obligedPerson();
    const res = await api.post(user, '/api/parcours', {
      ...base,
      ...body,
      person: { ...base.person, lastName: key, ...((body.person as object) ?? {}) },
    });
    expect({ key, status: res.status, body: res.body }).toMatchObject({ key, status: 201 });
    ids[key] = res.body.parcoursId as string;
    return ids[key];
  };
  const record = async (id: string, steps: Array<[string, unknown]>) => {
    for (const [path, body] of steps) {
      const res = await api.post('cai.aline', `/api/parcours/${id}/${path}`, body);
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
  const body = async (user: string, path: string) => {
    const res = await api.get(user, path);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    return res.body;
  };
  const caseIds = async (user: string, query: string) =>
    ((await body(user, `/api/parcours?pageSize=200&${query}`)).items as Array<{ parcoursId: string }>)
      .map((i) => nameOf(i.parcoursId))
      .sort();
  const compliance = async (user: string, query: string): Promise<ComplianceItem[]> =>
    (await body(user, `/api/compliance/deadlines?pageSize=200&${query}`)).items;
  const distinct = (items: Array<{ parcoursId: string }>) =>
    [...new Set(items.map((i) => nameOf(i.parcoursId)))].sort();

  beforeAll(async () => {
    t = await createTestApp({ clock });
    api = new Api(t.http);
    const aline = { accompagnateurId: 'cai.aline' };
    // Registered 05/01/2026, never presented: presentation overdue since 06/04/2026.
    await open('Retard', 'cai.aline', {
      ...aline,
      communeRegistrationDate: '2026-01-05',
      cardOrderDate: '2026-01-10',
      legalStaySince: '2026-01-01',
    });
    // Registered 20/03/2026: presentation due 20/06/2026, within the 60 days.
    await open('Bientot', 'cai.aline', {
      ...aline,
      communeRegistrationDate: '2026-03-20',
      cardOrderDate: '2026-03-25',
      legalStaySince: '2026-03-01',
    });
    // Both: presentation overdue AND attestation due soon (2018 regime, card ordered 20/12/2024 → 20/06/2026).
    // A case is counted once, under its most urgent status: overdue, not due soon.
    await open('Double', 'cai.aline', {
      communeRegistrationDate: '2026-01-05',
      cardOrderDate: '2024-12-20',
      legalStaySince: '2024-12-01',
    });
    // Presented on 11/03/2026 for a due date of 01/03/2026: met late (10 days), never « respectée ».
    const late = await open('Tardive', 'cai.aline', {
      ...aline,
      communeRegistrationDate: '2025-12-01',
      cardOrderDate: '2025-12-05',
      legalStaySince: '2025-11-01',
    });
    await record(late, accueil('2026-03-11', '2026-03-15'));
    // Dispensed (D2) after the convention: its evaluation interview, due 20/12/2025, is not overdue (presented in time).
    const dispensed = await open('Dispensee', 'cai.aline', {
      communeRegistrationDate: '2025-06-01',
      cardOrderDate: '2025-06-05',
      legalStaySince: '2025-05-01',
    });
    await record(dispensed, [
      ...accueil('2025-06-10', '2025-06-20'),
      ['dispenses', { category: 'D2', decidedOn: '2025-11-01', evidence: 'certificat médical' }],
    ]);
    // Volunteer (French national) with a convention a year ago and no interview since: never overdue.
    const volunteer = await open('Volontaire', 'cai.aline', {
      person: { nationality: 'FR' },
      communeRegistrationDate: '2025-06-01',
      cardOrderDate: null,
      legalStaySince: null,
    });
    await record(volunteer, accueil('2025-06-10', '2025-06-20'));
    // Another CRI, overdue: in the regional figures only.
    await open('Liege', 'cripel.marc', {
      criCode: 'CRIPEL',
      communeCode: '62063',
      communeRegistrationDate: '2026-01-05',
      cardOrderDate: '2026-01-10',
      legalStaySince: '2026-01-01',
    });
    await t.whenCaughtUp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a step done after its due date is met late, with the days late, on the case and in compliance', async () => {
    const detail = await body('cai.aline', `/api/parcours/${ids.Tardive}`);
    const presentation = (detail.deadlines as Deadline[]).find((d) => d.kind === 'presentation')!;
    expect(presentation).toMatchObject({ status: 'met-late', daysLate: 10, dueOn: '2026-03-01' });
    expect(presentation.explanation.at(-1)).toBe(
      "Présentation le 11/03/2026, 10 jours après l'échéance du 01/03/2026 : hors délai",
    );
    const metLate = await compliance('spw', 'status=met-late');
    expect(metLate.map((i) => [nameOf(i.parcoursId), i.kind, i.daysLate])).toEqual([
      ['Tardive', 'presentation', 10],
    ]);
    expect(await compliance('spw', 'status=met')).toEqual([]);
    const csv = parseCsv((await api.get('spw', '/api/compliance/export.csv?status=met-late')).text);
    expect(csv.slice(1).map((r) => [r[1], r[6]])).toEqual([['Tardive', 'Accomplie hors délai']]);
  });

  it('a dispensed person and a volunteer are never overdue', async () => {
    const dispensed = await body('cai.aline', `/api/parcours/${ids.Dispensee}`);
    expect((dispensed.deadlines as Deadline[]).map((d) => [d.kind, d.status])).toEqual([
      ['presentation', 'met'],
      ['attestation', 'dispensed'],
      ['evaluation', 'dispensed'],
    ]);
    const volunteer = await body('cai.aline', `/api/parcours/${ids.Volontaire}`);
    expect((volunteer.deadlines as Deadline[]).every((d) => d.status !== 'overdue')).toBe(true);
    expect((volunteer.deadlines as Deadline[]).find((d) => d.kind === 'evaluation')!.status).toBe(
      'not-applicable',
    );
  });

  it('the worklist, the dashboards, the compliance list and the CSV count the same cases', async () => {
    for (const [user, cri] of [
      ['cai.aline', 'CAI'],
      ['spw', null],
    ] as const) {
      const scope = cri === null ? '' : `cri=${cri}`;
      const overdue = await caseIds(user, `status=overdue&${scope}`);
      const dueSoon = await caseIds(user, `status=due-soon&${scope}`);
      expect({ user, overdue, dueSoon }).toEqual({
        user,
        overdue: cri === null ? ['Double', 'Liege', 'Retard'] : ['Double', 'Retard'],
        dueSoon: ['Bientot'],
      });

      // Compliance lists deadlines: the cases with one overdue are the overdue cases; those with one due soon and
      // none overdue are the due-soon cases.
      const overdueRows = await compliance(user, `status=overdue&${scope}`);
      const soonRows = await compliance(user, `status=due-soon&${scope}`);
      expect(distinct(overdueRows)).toEqual(overdue);
      expect(distinct(soonRows).filter((k) => !overdue.includes(k))).toEqual(dueSoon);

      // The CSV holds exactly the rows of the compliance list.
      for (const status of ['overdue', 'due-soon']) {
        const csv = parseCsv(
          (await api.get(user, `/api/compliance/export.csv?status=${status}&${scope}`)).text,
        );
        const rows = status === 'overdue' ? overdueRows : soonRows;
        expect({
          status,
          ids: csv
            .slice(1)
            .map((r) => nameOf(r[0]))
            .sort(),
        }).toEqual({
          status,
          ids: rows.map((r) => nameOf(r.parcoursId)).sort(),
        });
      }

      // The dashboards: per case, and per kind of deadline (as the compliance list counts them).
      const dashboards = (await body(user, '/api/dashboards/cri')).items as Array<{
        criCode: string;
        overdue: Counts;
        dueSoon: Counts;
      }>;
      const sum = (pick: (r: (typeof dashboards)[number]) => Counts, key: keyof Counts) =>
        dashboards.filter((r) => cri === null || r.criCode === cri).reduce((n, r) => n + pick(r)[key], 0);
      expect({
        user,
        overdue: sum((r) => r.overdue, 'parcours'),
        dueSoon: sum((r) => r.dueSoon, 'parcours'),
      }).toEqual({
        user,
        overdue: overdue.length,
        dueSoon: dueSoon.length,
      });
      for (const kind of ['presentation', 'attestation', 'evaluation'] as const) {
        expect({ kind, overdue: sum((r) => r.overdue, kind), dueSoon: sum((r) => r.dueSoon, kind) }).toEqual({
          kind,
          overdue: overdueRows.filter((r) => r.kind === kind).length,
          dueSoon: soonRows.filter((r) => r.kind === kind).length,
        });
      }
    }

    // The coordinator's dashboard, one row per accompagnateur: the same totals, and Aline's own worklist agrees.
    const cai = await body('cai.coord', '/api/dashboards/cri/CAI');
    const rows = cai.accompagnateurs as Array<{
      accompagnateurId: string | null;
      overdue: number;
      dueSoon: number;
    }>;
    expect(rows.reduce((n, r) => n + r.overdue, 0)).toBe(2);
    expect(rows.reduce((n, r) => n + r.dueSoon, 0)).toBe(1);
    const aline = rows.find((r) => r.accompagnateurId === 'cai.aline')!;
    expect({ overdue: aline.overdue, dueSoon: aline.dueSoon }).toEqual({
      overdue: (await caseIds('cai.aline', 'status=overdue&accompagnateurId=cai.aline')).length,
      dueSoon: (await caseIds('cai.aline', 'status=due-soon&accompagnateurId=cai.aline')).length,
    });
    // Retard and Double (the opener follows the case), Bientot.
    expect(aline).toMatchObject({ overdue: 2, dueSoon: 1 });
  });
});
