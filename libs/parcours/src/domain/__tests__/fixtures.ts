/** Test-only builders for parcours commands and histories. */
import type { FactChanges, OpenParcours, ParcoursCommand, PersonChanges } from '../commands';
import { decide, type DecideContext } from '../decide';
import type { ParcoursEvent } from '../events';
import type {
  CancellationReason,
  CefrLevel,
  ClosureReason,
  CorrectionReason,
  DelayReason,
  DispenseCategory,
  NationalityProofKind,
  TrainingAxis,
} from '../reference-data';
import { defaultRuleConfig, resolveRuleConfig, type RuleConfig } from '../rules';
import { evolve, initialParcoursState, type ParcoursState } from '../state';
import { describeDomainError } from '../../messages/errors.fr';
import { givenWhenThen } from './given-when-then';

export const PARCOURS_ID = '7d9f3c1e-2b4a-4c6d-8e0f-1a2b3c4d5e6f';
export const TODAY = '2026-06-01';

export const ctx = (today: string = TODAY, rules: RuleConfig = defaultRuleConfig): DecideContext => ({
  today,
  rules,
});
export const rulesWith = (overrides: unknown): RuleConfig => resolveRuleConfig(overrides);

export const given = givenWhenThen<ParcoursCommand, ParcoursEvent, ParcoursState, DecideContext>(
  { decide, evolve, initialState: initialParcoursState },
  ctx(),
  describeDomainError,
);

type OpenData = OpenParcours['data'];
type DeepPartialOpen = Partial<Omit<OpenData, 'person'>> & { person?: Partial<OpenData['person']> };

/**
 * A primo-arrivant obliged under the 2025 regime: Moroccan, 35, registered in Namur on 15/02/2025,
 * card ordered on 10/03/2025, legal stay since 20/01/2025, permit valid 5 years.
 */
export function open(overrides: DeepPartialOpen = {}): OpenParcours {
  const base: OpenData = {
    parcoursId: PARCOURS_ID,
    person: {
      lastName: 'El Amrani',
      firstName: 'Samira',
      birthDate: '1990-05-04',
      nationality: 'MA',
      niss: null,
      sex: 'F',
      contactLanguage: 'ar',
    },
    criCode: 'CAI',
    communeCode: '92094',
    communeRegistrationDate: '2025-02-15',
    cardOrderDate: '2025-03-10',
    legalStaySince: '2025-01-20',
    residencePermit: { type: 'A', validUntil: '2030-03-10' },
    flags: { euFamilyMember: false, temporaryProtection: false, internationalProtectionApplicant: false },
    accompagnateurId: 'cai.aline',
  };
  return {
    type: 'OpenParcours',
    data: { ...base, ...overrides, person: { ...base.person, ...(overrides.person ?? {}) } } as OpenData,
  };
}

export const presentation = (date: string): ParcoursCommand => ({
  type: 'RecordPresentation',
  data: { date },
});
export const rightsAndDuties = (date: string): ParcoursCommand => ({
  type: 'RecordRightsAndDuties',
  data: { date },
});
export const bilanSocial = (date: string, needs: string[] = ['logement', 'emploi']): ParcoursCommand => ({
  type: 'RecordBilanSocial',
  data: { date, needs },
});
export const positioning = (
  date: string,
  level: CefrLevel = 'A1',
  test: string | null = 'ELAO',
): ParcoursCommand => ({
  type: 'RecordFrenchPositioning',
  data: { date, level, test },
});
export const convention = (
  signedOn: string,
  includesFrench = true,
  includesIsp = false,
  citizenshipLanguage: string | null = 'fr',
): ParcoursCommand => ({
  type: 'SignConvention',
  data: { signedOn, includesFrench, includesIsp, citizenshipLanguage },
});
export const frenchHours = (
  from: string,
  to: string,
  hours: number,
  operator = 'Promotion sociale Namur',
): ParcoursCommand => ({
  type: 'RecordFrenchHours',
  data: { operator, from, to, hours },
});
export const citizenshipHours = (
  from: string,
  to: string,
  hours: number,
  language: string | null = 'fr',
): ParcoursCommand => ({
  type: 'RecordCitizenshipHours',
  data: { operator: 'ILI Namur', from, to, hours, language },
});
export const ispHours = (date: string, hours: number, provider = 'Forem'): ParcoursCommand => ({
  type: 'RecordIspHours',
  data: { provider, date, hours },
});
export const certification = (
  date: string,
  level: CefrLevel = 'A2',
  oralOnly = false,
  issuer = 'Forem',
): ParcoursCommand => ({
  type: 'RecordFrenchCertification',
  data: { date, level, issuer, test: 'ELAO', oralOnly },
});
export const evaluation = (
  date: string,
  attended = true,
  absenceJustified: boolean | null = null,
): ParcoursCommand => ({
  type: 'RecordEvaluation',
  data: { date, convocation: 'registered-letter', attended, absenceJustified, notes: 'Bon suivi' },
});
export const dispense = (
  category: DispenseCategory,
  decidedOn: string,
  evidence = 'Certificat du Dr Martin pour Mme El Amrani',
): ParcoursCommand => ({
  type: 'RecordDispense',
  data: { category, decidedOn, evidence },
});
export const extension = (
  decidedOn: string,
  until: string,
  reason: DelayReason = 'illness',
): ParcoursCommand => ({
  type: 'GrantExtension',
  data: { decidedOn, until, reason, decidedBy: 'cri', evidence: 'certificat médical' },
});
export const suspension = (
  from: string,
  to: string | null = null,
  reason: DelayReason = 'pregnancy',
): ParcoursCommand => ({
  type: 'StartSuspension',
  data: { from, to, reason, evidence: null },
});
export const endSuspension = (to: string): ParcoursCommand => ({ type: 'EndSuspension', data: { to } });
export const unavailability = (
  axis: TrainingAxis,
  from: string,
  to: string | null = null,
): ParcoursCommand => ({
  type: 'RecordTrainingUnavailability',
  data: { axis, from, to },
});
export const attestation = (issuedOn: string, attestationNumber = 'CAI-2026-000123'): ParcoursCommand => ({
  type: 'IssueAttestation',
  data: { issuedOn, attestationNumber },
});
export const transfer = (toCri: string, communeCode: string, date: string): ParcoursCommand => ({
  type: 'TransferParcours',
  data: { toCri, communeCode, date },
});
export const close = (date: string, reason: ClosureReason = 'left-belgium'): ParcoursCommand => ({
  type: 'CloseParcours',
  data: { date, reason, note: null },
});
export const nationalityDossier = (openedOn: string): ParcoursCommand => ({
  type: 'OpenNationalityDossier',
  data: { openedOn },
});
export const proof = (
  kind: NationalityProofKind,
  date: string,
  issuer = 'Commune de Namur',
  reference: string | null = 'réf. 123',
): ParcoursCommand => ({
  type: 'AttachNationalityProof',
  data: { kind, issuer, date, reference },
});

/** Runs commands through decide (each must be accepted) and returns the events they produced. */
/** A command, or one built from the state it will be decided on (e.g. cancelling the last entry). */
export type CommandStep = ParcoursCommand | ((state: ParcoursState) => ParcoursCommand);

export function historyOf(
  commands: readonly CommandStep[],
  today: string = TODAY,
  rules: RuleConfig = defaultRuleConfig,
): ParcoursEvent[] {
  const events: ParcoursEvent[] = [];
  let state = initialParcoursState;
  for (const step of commands) {
    const command = typeof step === 'function' ? step(state) : step;
    const produced = decide(command, state, ctx(today, rules));
    for (const event of produced) {
      events.push(event);
      state = evolve(state, event);
    }
  }
  return events;
}

export const stateOf = (
  commands: readonly CommandStep[],
  today: string = TODAY,
  rules: RuleConfig = defaultRuleConfig,
): ParcoursState => historyOf(commands, today, rules).reduce(evolve, initialParcoursState);

export const cancelEntry = (
  version: number,
  reason: CancellationReason = 'entry-error',
  note: string | null = null,
): ParcoursCommand => ({ type: 'CancelEntry', data: { version, reason, note } });
export const correctFacts = (
  changes: FactChanges,
  reason: CorrectionReason = 'entry-error',
  note: string | null = null,
): ParcoursCommand => ({ type: 'CorrectFacts', data: { changes, reason, note } });
export const correctPerson = (
  changes: PersonChanges,
  reason: CorrectionReason = 'entry-error',
  note: string | null = null,
): ParcoursCommand => ({ type: 'CorrectPerson', data: { changes, reason, note } });
export const revokeAttestation = (
  revokedOn: string,
  reason = "Délivrée par erreur : heures d'un autre dossier",
): ParcoursCommand => ({
  type: 'RevokeAttestation',
  data: { revokedOn, reason },
});
/** Cancels the entry recorded last (its version is the state's). */
export const cancelLast =
  (reason: CancellationReason = 'entry-error', note: string | null = null) =>
  (state: ParcoursState): ParcoursCommand =>
    cancelEntry(state.version, reason, note);

/** Accueil done (presented 01/04/2025), convention signed 15/05/2025 with French (ISP required: signed after 12/05/2021). */
export const throughConvention = (overrides: DeepPartialOpen = {}): ParcoursCommand[] => [
  open(overrides),
  presentation('2025-04-01'),
  rightsAndDuties('2025-04-01'),
  bilanSocial('2025-04-08'),
  positioning('2025-04-08', 'A1'),
  convention('2025-05-15', true),
];

/** Every requirement met by 31/03/2026: 400 h French, 60 h citizenship, 4 h ISP. */
export const readyForAttestation = (overrides: DeepPartialOpen = {}): ParcoursCommand[] => [
  ...throughConvention(overrides),
  citizenshipHours('2025-06-01', '2025-09-30', 60),
  frenchHours('2025-06-01', '2025-12-31', 250),
  frenchHours('2026-01-01', '2026-03-31', 150),
  ispHours('2025-06-10', 4),
];
