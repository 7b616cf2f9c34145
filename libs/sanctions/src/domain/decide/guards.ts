/**
 * The rule checks shared by the sanction handlers: dates against today and the procedure's last step, the
 * fine in force, optional free text. Input shape (a real date, a positive amount with two decimals, a known
 * reason, a non-blank required text) is checked at the boundary (the API's DTOs), never here.
 */
import { isAfter, isBefore, type IsoDate } from '@app/calendar';
import { SanctionDomainError, type SanctionDateField } from '../sanction.errors';
import type { ActiveProcedure, SanctionDecideContext } from './context';

/** A fact already happened: not after today. */
export function notFuture(date: IsoDate, field: SanctionDateField, ctx: SanctionDecideContext): void {
  if (isAfter(date, ctx.today))
    throw new SanctionDomainError('DATE_IN_FUTURE', { field, date, today: ctx.today });
}

/** A past date, not before the latest step of the procedure (steps are recorded in their order). */
export function stepDate(
  date: IsoDate,
  field: SanctionDateField,
  state: ActiveProcedure,
  ctx: SanctionDecideContext,
): void {
  notFuture(date, field, ctx);
  if (isBefore(date, state.lastStepOn))
    throw new SanctionDomainError('DATE_BEFORE_PREVIOUS_STEP', { field, date, lastStepOn: state.lastStepOn });
}

/** No decision yet: notices, defences, a decision and a withdrawal all come before it. */
export function undecided(state: ActiveProcedure, attempted?: 'withdrawal'): void {
  if (state.decision) throw new SanctionDomainError('ALREADY_DECIDED', attempted ? { attempted } : undefined);
}

/** A fine was decided (an appeal may have changed its amount since). */
export function fined(state: ActiveProcedure, attempted: 'payment' | 'appeal'): void {
  if (state.decision?.outcome !== 'fine')
    throw new SanctionDomainError('NOT_FINED', {
      why: state.decision ? 'dismissed' : 'undecided',
      attempted,
    });
}

export const hasText = (value: string | undefined): value is string =>
  value !== undefined && value.trim().length > 0;

/** Optional free text: absent or blank is recorded as null. */
export const textOrNull = (value: string | undefined): string | null => (hasText(value) ? value : null);
