/**
 * Reference data over HTTP (issue 15, api.md v2 « Reference data »): the communes of Wallonia with their
 * CRI, countries and languages in French, and the checks a case is opened and transferred with.
 * Expected values come from outside this project: Statbel's REFNIS codes, bpost's postcodes, the
 * CLDR's French names and python-stdnum's NISS rules.
 */
import { Api, nissFor, obligedPerson } from './support/api';
import { countRows, createTestApp, TestClock, type TestApp } from './support/test-app';

describe('reference data and the checks built on it', () => {
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

  const eventCount = () => countRows(t, 'es_events');

  type Commune = {
    code: string;
    name: string;
    cri: string | null;
    postcode: string;
    replacedBy: string | null;
  };

  it('lists the communes of a CRI, finds them by name without accents or by postcode, with old codes mapped', async () => {
    const cai = await api.get('cai.aline', '/api/reference/communes?cri=CAI');
    expect(cai.status).toBe(200);
    expect(cai.body.items).toHaveLength(38); // the 38 communes of the province of Namur
    expect((cai.body.items as Commune[]).every((c) => c.cri === 'CAI')).toBe(true);

    const louviere = await api.get('cai.aline', '/api/reference/communes?q=louviere');
    expect((louviere.body.items as Commune[]).map((c) => [c.code, c.replacedBy])).toEqual([
      ['55022', '58001'],
      ['58001', null],
    ]);
    const byPostcode = await api.get('cai.aline', '/api/reference/communes?q=4000');
    expect((byPostcode.body.items as Commune[]).map((c) => c.name)).toEqual(['Liège']);
    const eupen = await api.get('cai.aline', '/api/reference/communes?q=eupen');
    expect(eupen.body.items[0]).toMatchObject({ code: '63023', cri: null });
    const at2025 = await api.get('cai.aline', '/api/reference/communes?q=bastogne&at=2025-03-01');
    expect((at2025.body.items as Commune[]).map((c) => c.code)).toEqual(['82039']);

    const bad = await api.get('cai.aline', '/api/reference/communes?cri=BRUXELLES');
    expect(bad.status).toBe(400);
  });

  it('names countries and languages in French', async () => {
    const countries = await api.get('cai.aline', '/api/reference/countries');
    const languages = await api.get('cai.aline', '/api/reference/languages');
    const name = (items: { code: string; name: string }[], code: string) =>
      items.find((i) => i.code === code)?.name;
    expect(name(countries.body.items, 'SY')).toBe('Syrie');
    expect(name(countries.body.items, 'CD')).toBe('République démocratique du Congo');
    expect(name(languages.body.items, 'ar')).toBe('Arabe');
    expect(name(languages.body.items, 'uk')).toBe('Ukrainien');
    expect(countries.body.items.length).toBeGreaterThan(240);
  });

  it('refuses an opening in a commune that is not of Wallonia, not valid at that date, out of the region or of another CRI, and writes nothing', async () => {
    const before = await eventCount();
    const tries: Array<[Record<string, unknown>, number, string]> = [
      [{ communeCode: '21004' }, 400, 'communeCode'], // Brussels
      [{ communeCode: '11002' }, 400, 'communeCode'], // Antwerp
      [{ communeCode: '99999' }, 400, 'communeCode'],
      [{ communeCode: '55022', communeRegistrationDate: '2026-02-02' }, 400, 'communeCode'], // La Louvière before 2019
      [{ communeCode: '63023' }, 422, 'COMMUNE_OUT_OF_REGION'], // Eupen
      [{ communeCode: '62063' }, 422, 'COMMUNE_NOT_IN_CRI_TERRITORY'], // Liège, by the CAI
    ];
    for (const [overrides, status, what] of tries) {
      const res = await api.post('cai.aline', '/api/parcours', obligedPerson(overrides));
      expect({ overrides, status: res.status }).toEqual({ overrides, status });
      if (status === 400) expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([what]);
      else expect(res.body.code).toBe(what);
    }
    const merged = await api.post(
      'cai.aline',
      '/api/parcours',
      obligedPerson({ criCode: 'CRILUX', communeCode: '82003', communeRegistrationDate: '2026-02-02' }),
    );
    expect(merged.status).toBe(400);
    expect(merged.body.errors[0].message).toContain('82039');
    const liege = await api.post('cai.aline', '/api/parcours', obligedPerson({ communeCode: '62063' }));
    expect(liege.body.detail).toContain('Liège (62063) est sur le territoire du CRIPEL');
    expect(await eventCount()).toBe(before);
  });

  it('refuses an impossible NISS or one that does not agree with the birth date, and accepts the spaced form', async () => {
    const person = (niss: string) => ({
      person: { ...obligedPerson().person, birthDate: '1985-07-30', niss },
    });
    // python-stdnum's be/nn doctest: 85073003328 is a valid number for a birth on 30/07/1985.
    const impossibleMonth = await api.post(
      'cai.aline',
      '/api/parcours',
      obligedPerson(person('85133003328')),
    );
    expect(impossibleMonth.status).toBe(400);
    expect(impossibleMonth.body.errors.map((e: { field: string }) => e.field)).toEqual(['person.niss']);
    const otherBirth = await api.post(
      'cai.aline',
      '/api/parcours',
      obligedPerson({ person: { ...obligedPerson().person, birthDate: '1985-07-31', niss: '85073003328' } }),
    );
    expect(otherBirth.status).toBe(400);
    expect(otherBirth.body.errors[0].message).toContain('30/07/1985');
    const spaced = await api.post('cai.aline', '/api/parcours', obligedPerson(person('85 07 30 033 28')));
    expect(spaced.status).toBe(201);
    const born2000 = nissFor('2004-03-01', 17);
    const young = await api.post(
      'cai.aline',
      '/api/parcours',
      obligedPerson({ person: { ...obligedPerson().person, birthDate: '2004-03-01', niss: born2000 } }),
    );
    expect(young.status).toBe(201);
  });

  it('shows the case with names, never codes, and transfers only to a commune of the new CRI', async () => {
    const opened = await api.post('cai.aline', '/api/parcours', obligedPerson());
    const id = opened.body.parcoursId as string;
    await t.whenCaughtUp();
    const detail = await api.get('cai.aline', `/api/parcours/${id}`);
    expect(detail.body.commune).toMatchObject({
      code: '92094',
      name: 'Namur',
      postcode: '5000',
      current: null,
    });
    expect(detail.body.person).toMatchObject({ nationalityName: 'Syrie', contactLanguageName: 'Arabe' });

    const wrongTerritory = await api.post('cai.coord', `/api/parcours/${id}/transfer`, {
      toCri: 'CRIPEL',
      communeCode: '63079', // Verviers: the CRVI's
      date: '2026-06-01',
    });
    expect(wrongTerritory.status).toBe(422);
    expect(wrongTerritory.body).toMatchObject({ code: 'COMMUNE_NOT_IN_CRI_TERRITORY' });
    expect(wrongTerritory.body.detail).toContain('CRVI');
    const moved = await api.post('cai.coord', `/api/parcours/${id}/transfer`, {
      toCri: 'CRIPEL',
      communeCode: '62063',
      date: '2026-06-01',
    });
    expect(moved.status).toBe(200);
  });
});
