/** Pure helpers over the commune reference file (no clock: every date is passed in). */
import type { CriCode } from '../reference-data';
import { COMMUNES_WALLONIA, type CommuneRecord } from './communes-wallonia';

export type { CommuneRecord } from './communes-wallonia';
export { COMMUNES_WALLONIA } from './communes-wallonia';

const BY_CODE = new Map<string, CommuneRecord>(COMMUNES_WALLONIA.map((c) => [c.code, c]));

export const findCommune = (code: string): CommuneRecord | undefined => BY_CODE.get(code);

/** The commune with this code, if it existed on that date (ISO yyyy-mm-dd). */
export const communeValidAt = (code: string, date: string): CommuneRecord | undefined => {
  const c = BY_CODE.get(code);
  if (!c || date < c.validFrom || (c.validTo !== null && date > c.validTo)) return undefined;
  return c;
};

/** The code in use today for a commune that was recoded or merged (itself when still current). */
export const currentCommuneCode = (code: string): string => {
  let c = BY_CODE.get(code);
  const seen = new Set<string>();
  while (c?.replacedBy && !seen.has(c.code)) {
    seen.add(c.code);
    c = BY_CODE.get(c.replacedBy);
  }
  return c?.code ?? code;
};

/** The CRI whose territory covers the commune; null for the German-speaking ones or an unknown code. */
export const criForCommune = (code: string): CriCode | null => BY_CODE.get(code)?.cri ?? null;

/** The communes valid on that date. */
export const communesValidAt = (date: string): CommuneRecord[] =>
  COMMUNES_WALLONIA.filter((c) => communeValidAt(c.code, date) !== undefined);
