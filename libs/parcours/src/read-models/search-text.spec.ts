import { ERASED_VALUE } from '../domain';
import { escapeLike, normalizeForSearch, searchTerms, searchTextOf, sortNameOf } from './search-text';

describe('search text', () => {
  it('ignores accents, case and punctuation', () => {
    expect(normalizeForSearch('Élodie NGUYỄN-Đorđević')).toBe('elodie nguyen dordevic');
    expect(normalizeForSearch("O'Brien  Łukasik Øre Straße")).toBe('o brien lukasik ore strasse');
    expect(normalizeForSearch('Zoë García-Peña')).toBe('zoe garcia pena');
  });

  it('matches the stored text with the same normalisation as the query', () => {
    const text = searchTextOf({ lastName: 'García-Peña', firstName: 'Zoë', niss: '85073100625' });
    expect(text).toBe('garcia pena zoe 85073100625');
    for (const term of searchTerms('ZOE garcia')) expect(text).toContain(term);
    for (const term of searchTerms('85.07.31-006.25')) expect(text).toContain(term);
  });

  it('reads a NISS typed with dots, dashes or spaces as one run of digits', () => {
    expect(searchTerms('85.07.31-006.25')).toEqual(['85073100625']);
    expect(searchTerms('850731 006 25')).toEqual(['85073100625']);
    expect(searchTerms('  ')).toEqual([]);
    expect(searchTerms('Jean-Pierre')).toEqual(['jean', 'pierre']);
  });

  it('holds nothing once the person was erased', () => {
    expect(searchTextOf({ lastName: ERASED_VALUE, firstName: ERASED_VALUE, niss: ERASED_VALUE })).toBe('');
    expect(sortNameOf({ lastName: ERASED_VALUE, firstName: ERASED_VALUE })).toBe('');
    expect(searchTextOf(null)).toBe('');
  });

  it('escapes LIKE wildcards', () => {
    expect(escapeLike('50%_x\\')).toBe('50\\%\\_x\\\\');
  });
});
