/**
 * Countries (ISO 3166-1 alpha-2) and languages (ISO 639-1) with their French names, from packages made
 * for it: i18n-iso-countries (names from the Unicode CLDR and ISO) and @cospired/i18n-iso-languages.
 * No table is typed here (docs/decisions/0019-reference-data.md).
 */
import * as languages from '@cospired/i18n-iso-languages';
import languagesFr from '@cospired/i18n-iso-languages/langs/fr.json';
import * as countries from 'i18n-iso-countries';
import countriesFr from 'i18n-iso-countries/langs/fr.json';

countries.registerLocale(countriesFr);
languages.registerLocale(languagesFr);

export type CodeName = { readonly code: string; readonly name: string };

const byFrenchName = (a: CodeName, b: CodeName) => a.name.localeCompare(b.name, 'fr', { sensitivity: 'base' });
const list = (names: Record<string, string | string[]>): readonly CodeName[] =>
  Object.entries(names)
    .map(([code, name]) => ({ code, name: Array.isArray(name) ? name[0] : name }))
    .sort(byFrenchName);

export const COUNTRIES: readonly CodeName[] = list(countries.getNames('fr', { select: 'official' }));
export const LANGUAGES: readonly CodeName[] = list(languages.getNames('fr'));

const COUNTRY_BY_CODE = new Map(COUNTRIES.map((c) => [c.code, c.name]));
const LANGUAGE_BY_CODE = new Map(LANGUAGES.map((l) => [l.code, l.name]));

/** « Syrie » for SY; null for a code that is not an ISO 3166-1 alpha-2 country. */
export const countryName = (code: string | null | undefined): string | null =>
  (code && COUNTRY_BY_CODE.get(code.toUpperCase())) || null;

/** « Arabe » for ar; null for a code that is not an ISO 639-1 language. */
export const languageName = (code: string | null | undefined): string | null =>
  (code && LANGUAGE_BY_CODE.get(code.toLowerCase())) || null;
