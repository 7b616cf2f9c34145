import { DomainError, isDomainError } from '../domain/errors';
import { DOMAIN_ERROR_CODES, DOMAIN_ERROR_TITLES, describeDomainError } from './errors.fr';

describe('errors', () => {
  it('every code has a French title and is stable UPPER_SNAKE', () => {
    expect(DOMAIN_ERROR_CODES.length).toBeGreaterThan(25);
    for (const code of DOMAIN_ERROR_CODES) {
      expect(code).toMatch(/^[A-Z]+(_[A-Z0-9]+)*$/);
      expect(DOMAIN_ERROR_TITLES[code].length).toBeGreaterThan(5);
    }
  });

  it('carries code, title, detail and missing', () => {
    const error = new DomainError('ATTESTATION_REQUIREMENTS_UNMET', { on: '2026-04-01' }, [
      { code: 'CONVENTION', label: "Convention d'accueil signée" },
    ]);
    expect(error).toBeInstanceOf(Error);
    expect(isDomainError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'ATTESTATION_REQUIREMENTS_UNMET',
      facts: { on: '2026-04-01' },
      missing: [{ code: 'CONVENTION', label: "Convention d'accueil signée" }],
    });
    expect(describeDomainError(error)).toEqual({
      title: "Les conditions de l'attestation de fréquentation ne sont pas remplies",
      detail: "Au 01/04/2026, il manque : Convention d'accueil signée.",
    });
    expect(describeDomainError(new DomainError('PARCOURS_NOT_FOUND')).detail).toBeUndefined();
    expect(isDomainError(new Error('x'))).toBe(false);
  });
});
