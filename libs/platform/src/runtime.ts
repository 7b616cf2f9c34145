import type { AppConfig } from './config';

/** Injection tokens shared by the api, projector and CLI. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const CLOCK = Symbol('CLOCK');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const PROJECTION_RUNNER = Symbol('PROJECTION_RUNNER');
export const RULES = Symbol('RULES');

/** The only source of "now" outside tests; the domain never reads the clock, it receives dates from here. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

// Built once: making a formatter costs far more than using it, and this runs for every validated date field.
const BELGIAN_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in Belgium (Europe/Brussels), as YYYY-MM-DD: business dates are Belgian calendar days. */
export const belgianDate = (instant: Date): string => BELGIAN_DAY.format(instant);

export interface Runtime {
  config: AppConfig;
  /** Resolved read-model / event-store database (embedded or DATABASE_URL). */
  databaseUrl: string;
  clock?: Clock;
}

/** A real calendar date written YYYY-MM-DD. */
export const isValidDateString = (value: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};
