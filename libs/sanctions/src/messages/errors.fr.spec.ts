import { SanctionDomainError, isSanctionDomainError } from '../domain/sanction.errors';
import { SANCTION_ERROR_CODES, SANCTION_ERROR_TITLES, describeSanctionError } from './errors.fr';

describe('SanctionDomainError and its French catalogue', () => {
  it('has a stable UPPER_SNAKE code and a French title for every code', () => {
    expect(SANCTION_ERROR_CODES.length).toBeGreaterThan(20);
    for (const code of SANCTION_ERROR_CODES) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(SANCTION_ERROR_TITLES[code].length).toBeGreaterThan(5);
    }
  });

  it('carries code and facts; the catalogue renders title and detail', () => {
    const error = new SanctionDomainError('FINE_OUT_OF_RANGE', { amount: 3000, min: 100, max: 2500, regimeId: '2018' });
    expect(error).toBeInstanceOf(Error);
    expect(isSanctionDomainError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'FINE_OUT_OF_RANGE', name: 'SanctionDomainError' });
    expect(error.facts).toEqual({ amount: 3000, min: 100, max: 2500, regimeId: '2018' });
    expect(describeSanctionError(error)).toEqual({
      title: "Le montant de l'amende est hors de la fourchette légale",
      detail: 'Le montant doit être compris entre 100\u00a0€ et 2\u00a0500\u00a0€ (régime 2018) ; 3\u00a0000\u00a0€ demandé.',
    });
    expect(describeSanctionError(new SanctionDomainError('ALREADY_PAID'))).toEqual({
      title: "L'amende est déjà entièrement payée",
    });
    expect(isSanctionDomainError(new Error('x'))).toBe(false);
  });

  it('holds no French in the domain error itself', () => {
    const error = new SanctionDomainError('PROCEDURE_CLOSED', { closedOn: '2025-12-01' });
    expect(error.message).toBe('PROCEDURE_CLOSED: {"closedOn":"2025-12-01"}');
    expect(describeSanctionError(error).detail).toBe('La procédure a été clôturée le 01/12/2025.');
  });
});
