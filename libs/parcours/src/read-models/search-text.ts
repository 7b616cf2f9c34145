import { ERASED_VALUE } from '../domain';

/**
 * Accent- and case-insensitive form used for the name search: « Élodie Nguyễn-Đorđević » → "elodie nguyen dordevic".
 * Letters lose their diacritics, everything that is not a letter or a digit becomes a single space. The same function
 * normalises the stored text and the query, so they always agree.
 */
export function normalizeForSearch(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[đ]/g, 'd')
    .replace(/[ł]/g, 'l')
    .replace(/[ø]/g, 'o')
    .replace(/[æ]/g, 'ae')
    .replace(/[œ]/g, 'oe')
    .replace(/[ß]/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const present = (value: string | null | undefined): value is string =>
  typeof value === 'string' && value !== '' && value !== ERASED_VALUE;

/** "lastname firstname niss": what `q` is matched against (nothing once the person's data was erased). */
export function searchTextOf(
  person: { lastName?: string | null; firstName?: string | null; niss?: string | null } | null,
): string {
  if (person === null) return '';
  const parts = [person.lastName, person.firstName].filter(present).map(normalizeForSearch);
  if (present(person.niss)) parts.push(person.niss.replace(/\D/g, ''));
  return parts.filter((p) => p !== '').join(' ');
}

/** Sort key for names: normalised "lastname firstname". */
export function sortNameOf(person: { lastName?: string | null; firstName?: string | null } | null): string {
  if (person === null) return '';
  return [person.lastName, person.firstName].filter(present).map(normalizeForSearch).join(' ');
}

/**
 * The search terms of `q`: a NISS typed with dots, dashes or spaces ("85.07.31-001.23") is one run of digits;
 * anything else is split into normalised words, each of which must appear.
 */
export function searchTerms(q: string): string[] {
  const trimmed = q.trim();
  if (trimmed === '') return [];
  if (/^[\d.\-\s/]+$/.test(trimmed)) {
    const digits = trimmed.replace(/\D/g, '');
    return digits === '' ? [] : [digits];
  }
  return normalizeForSearch(trimmed)
    .split(' ')
    .filter((t) => t !== '');
}

/** Escapes LIKE wildcards so that a term matches literally. */
export const escapeLike = (term: string): string => term.replace(/[\\%_]/g, (c) => `\\${c}`);
