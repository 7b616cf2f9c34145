import { COUNTRIES, LANGUAGES, countryName, languageName } from './countries-languages';

describe('countries and languages in French, from the packages', () => {
  it('has every ISO 3166-1 alpha-2 country (249 assigned codes) and the ISO 639-1 languages (184)', () => {
    expect(COUNTRIES.length).toBeGreaterThanOrEqual(249);
    expect(LANGUAGES.length).toBeGreaterThanOrEqual(183);
    expect(COUNTRIES.every((c) => /^[A-Z]{2}$/.test(c.code))).toBe(true);
    expect(LANGUAGES.every((l) => /^[a-z]{2}$/.test(l.code))).toBe(true);
  });

  it('names the nationalities and languages of the CRIs’ public in French', () => {
    expect(countryName('SY')).toBe('Syrie');
    expect(countryName('af')).toBe('Afghanistan');
    expect(countryName('CD')).toBe('République démocratique du Congo');
    expect(countryName('MA')).toBe('Maroc');
    expect(countryName('UA')).toBe('Ukraine');
    expect(languageName('ar')).toBe('Arabe');
    expect(languageName('uk')).toBe('Ukrainien');
    expect(languageName('ps')).toBe('Pachto');
    expect(countryName('ZZ')).toBeNull();
    expect(languageName('xx')).toBeNull();
  });

  it('sorts by French name, accents ignored (Égypte among the E)', () => {
    const names = COUNTRIES.map((c) => c.name);
    const egypt = names.indexOf(countryName('EG') as string);
    expect(names[egypt - 1].localeCompare('Égypte', 'fr', { sensitivity: 'base' })).toBeLessThan(0);
    expect(names[egypt + 1].localeCompare('Égypte', 'fr', { sensitivity: 'base' })).toBeGreaterThan(0);
  });
});
