import type { BreachDeadlineFacts, ParcoursFacts } from '../parcours-facts';
import type { SanctionDecideContext } from '../decide';
import { decideSanction } from '../decide';
import type { SanctionEvent } from '../sanction.events';
import { evolveSanction, initialSanctionState } from '../sanction.state';
import { describeSanctionError } from '../../messages/errors.fr';
import { makeGivenWhenThen } from './given-when-then';

export const TODAY = '2026-06-30';
export const PARCOURS_ID = '5b0c6a0e-4a4e-4b7e-9a55-1c1d2e3f4a5b';
export const PROCEDURE_ID = '9f1e2d3c-4b5a-4697-8877-665544332211';

/** An obliged parcours (regime 2018): presented late on 2024-05-20, attestation due 2025-09-01 and still missing. */
export function presentationDeadline(overrides: Partial<BreachDeadlineFacts> = {}): BreachDeadlineFacts {
  return {
    anchorOn: '2024-01-15',
    dueOn: '2024-04-15',
    metOn: '2024-05-20',
    suspended: false,
    explanation: ["3 mois après l'inscription à la commune du 15/01/2024 → 15/04/2024"],
    ...overrides,
  };
}

export function attestationDeadline(overrides: Partial<BreachDeadlineFacts> = {}): BreachDeadlineFacts {
  return {
    anchorOn: '2024-03-01',
    dueOn: '2025-09-01',
    metOn: null,
    suspended: false,
    explanation: ['Régime 2018 : 18 mois après la commande du titre de séjour du 01/03/2024 → 01/09/2025'],
    ...overrides,
  };
}

export function parcoursFacts(overrides: Partial<ParcoursFacts> = {}): ParcoursFacts {
  return {
    parcoursId: PARCOURS_ID,
    criCode: 'CAI',
    obligation: 'obliged',
    status: 'open',
    regimeId: '2018',
    fineRange: { min: 100, max: 2500 },
    deadlines: { presentation: presentationDeadline(), attestation: attestationDeadline() },
    trainingUnavailability: [],
    ...overrides,
  };
}

export function context(
  overrides: Partial<Omit<SanctionDecideContext, 'parcours'>> & { parcours?: Partial<ParcoursFacts> } = {},
): SanctionDecideContext {
  return {
    today: overrides.today ?? TODAY,
    noticeResponseDays: overrides.noticeResponseDays ?? 30,
    parcours: parcoursFacts(overrides.parcours),
  };
}

export const given = makeGivenWhenThen(
  { decide: decideSanction, evolve: evolveSanction, initialState: initialSanctionState },
  () => context(),
  describeSanctionError,
);

// ---- events of the usual story (attestation breach reported 2025-10-01) ----------------------------------------

export const opened = (
  overrides: Partial<Extract<SanctionEvent, { type: 'SanctionProcedureOpened' }>['data']> = {},
): SanctionEvent => ({
  type: 'SanctionProcedureOpened',
  data: {
    procedureId: PROCEDURE_ID,
    parcoursId: PARCOURS_ID,
    criCode: 'CAI',
    breach: 'attestation',
    reportedOn: '2025-10-01',
    regimeId: '2018',
    deadline: {
      anchorOn: '2024-03-01',
      dueOn: '2025-09-01',
      explanation: ['Régime 2018 : 18 mois après la commande du titre de séjour du 01/03/2024 → 01/09/2025'],
    },
    ...overrides,
  },
});

export const noticeSent = (sentOn = '2025-10-10', respondBy = '2025-11-09'): SanctionEvent => ({
  type: 'SanctionNoticeSent',
  data: { procedureId: PROCEDURE_ID, sentOn, respondBy, responseDays: 30 },
});

export const defenceReceived = (receivedOn = '2025-10-25', late = false): SanctionEvent => ({
  type: 'SanctionDefenceReceived',
  data: { procedureId: PROCEDURE_ID, receivedOn, summary: 'Pas de place en FLE près de chez moi.', late },
});

export const fineImposed = (amount = 500, decidedOn = '2025-11-20'): SanctionEvent => ({
  type: 'SanctionFineImposed',
  data: {
    procedureId: PROCEDURE_ID,
    decidedOn,
    amount,
    regimeId: '2018',
    fineRange: { min: 100, max: 2500 },
    comment: null,
  },
});

export const dismissed = (
  reason: 'regularised' | 'dispensed' | 'training-unavailable' | 'other' = 'regularised',
  decidedOn = '2025-11-20',
  comment: string | null = null,
): SanctionEvent => ({
  type: 'SanctionProcedureDismissed',
  data: { procedureId: PROCEDURE_ID, decidedOn, reason, comment },
});

export const finePaid = (amount = 500, paidOn = '2025-12-15'): SanctionEvent => ({
  type: 'SanctionFinePaid',
  data: { procedureId: PROCEDURE_ID, paidOn, amount },
});

export const appealLodged = (lodgedOn = '2025-12-01'): SanctionEvent => ({
  type: 'SanctionAppealLodged',
  data: {
    procedureId: PROCEDURE_ID,
    lodgedOn,
    authority: 'Tribunal de police de Namur',
    reference: 'RG 25/1234',
  },
});

export const appealDecided = (
  outcome: 'upheld' | 'reduced' | 'annulled' = 'upheld',
  amount = 500,
  decidedOn = '2026-02-01',
): SanctionEvent => ({
  type: 'SanctionAppealDecided',
  data: { procedureId: PROCEDURE_ID, decidedOn, outcome, amount, comment: null },
});

export const withdrawn = (withdrawnOn = '2025-10-05', reason = 'Signalé par erreur'): SanctionEvent => ({
  type: 'SanctionProcedureWithdrawn',
  data: { procedureId: PROCEDURE_ID, withdrawnOn, reason },
});

export const closed = (closedOn = '2026-01-10', reason: string | null = null): SanctionEvent => ({
  type: 'SanctionProcedureClosed',
  data: { procedureId: PROCEDURE_ID, closedOn, reason },
});
