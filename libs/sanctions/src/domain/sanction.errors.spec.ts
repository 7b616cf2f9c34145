import {
  SANCTION_ERROR_CODES,
  SANCTION_ERROR_TITLES,
  SanctionDomainError,
  isSanctionDomainError,
} from './sanction.errors';

describe('SanctionDomainError', () => {
  it('has a stable UPPER_SNAKE code and a French title for every code', () => {
    expect(SANCTION_ERROR_CODES.length).toBeGreaterThan(20);
    for (const code of SANCTION_ERROR_CODES) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(SANCTION_ERROR_TITLES[code].length).toBeGreaterThan(5);
    }
  });

  it('carries code, title and detail', () => {
    const error = new SanctionDomainError(
      'FINE_OUT_OF_RANGE',
      'Le montant doit être compris entre 100 € et 2 500 €.',
    );
    expect(error).toBeInstanceOf(Error);
    expect(isSanctionDomainError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'FINE_OUT_OF_RANGE',
      title: "Le montant de l'amende est hors de la fourchette légale",
      detail: 'Le montant doit être compris entre 100 € et 2 500 €.',
      name: 'SanctionDomainError',
    });
    expect(new SanctionDomainError('PROCEDURE_CLOSED').detail).toBeUndefined();
    expect(isSanctionDomainError(new Error('x'))).toBe(false);
  });
});
