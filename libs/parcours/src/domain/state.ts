/**
 * The state of one parcours, folded from its events by `evolve`. `evolve` never throws and never
 * validates: it records what happened. It copies personal fields without reading them, so a
 * history whose personal fields were erased (« donnée effacée ») folds the same way.
 *
 * Size (~400 lines): the state types and `evolve` must stay side by side — each event's fold is read
 * against the field it sets; the union types (no parcours / open / closed) take a third of it.
 */
import type { IsoDate } from '@app/calendar';
import type { AttestationIssued, ParcoursEvent, ParcoursFlags, Person, ResidencePermit } from './events';
import type { Obligation, ObligationFacts, ObligationReason } from './obligation.types';
import type {
  CefrLevel,
  ClosureReason,
  ConvocationMode,
  DelayReason,
  DispenseCategory,
  ExtensionDecider,
  NationalityBasis,
  NationalityProofKind,
  TrainingAxis,
} from './reference-data';
import type { RegimeId } from './rules';

export type ParcoursStatus = 'none' | 'open' | 'closed';

export type TrainingPeriod = {
  readonly operator: string;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly hours: number;
  /** The stream version of the event that recorded it: how a user names the entry (overlap, cancellation). */
  readonly version: number;
};
export type CitizenshipPeriod = TrainingPeriod & { readonly language: string | null };
export type IspSession = {
  readonly provider: string;
  readonly date: IsoDate;
  readonly hours: number;
  readonly version: number;
};
export type FrenchPositioning = {
  readonly date: IsoDate;
  readonly level: CefrLevel;
  readonly test: string | null;
};
export type FrenchCertification = {
  readonly date: IsoDate;
  readonly level: CefrLevel;
  readonly issuer: string;
  readonly test: string | null;
  readonly oralOnly: boolean;
};
export type Convention = {
  /** The first signature: selects the ISP rule (and the regime of a case without card order date). */
  readonly firstSignedOn: IsoDate;
  /** The latest signature (an amendment replaces the content). */
  readonly signedOn: IsoDate;
  readonly includesFrench: boolean;
  readonly includesIsp: boolean;
  readonly citizenshipLanguage: string | null;
  readonly amendments: number;
};
export type Evaluation = {
  readonly date: IsoDate;
  readonly convocation: ConvocationMode;
  readonly attended: boolean;
  readonly absenceJustified: boolean | null;
  readonly notes: string | null;
};
export type Dispense = {
  readonly category: DispenseCategory;
  readonly decidedOn: IsoDate;
  readonly evidence: string;
};
export type Extension = {
  readonly kind: 'extension';
  readonly decidedOn: IsoDate;
  readonly until: IsoDate;
  readonly reason: DelayReason;
  readonly decidedBy: ExtensionDecider;
  readonly evidence: string | null;
};
export type Suspension = {
  readonly kind: 'suspension';
  readonly from: IsoDate;
  readonly to: IsoDate | null;
  readonly reason: DelayReason;
  readonly evidence: string | null;
};
/** Extensions and suspensions in the order they were recorded: the order decides how they compound. */
export type DeadlineAdjustment = Extension | Suspension;
export type TrainingUnavailability = {
  readonly axis: TrainingAxis;
  readonly from: IsoDate;
  readonly to: IsoDate | null;
};
export type ObligationChange = {
  /** null for the obligation computed at opening (it holds from the start). */
  readonly effectiveOn: IsoDate | null;
  readonly obligation: Obligation;
  readonly reasons: readonly ObligationReason[];
};
export type Transfer = {
  readonly date: IsoDate;
  readonly fromCri: string;
  /** The commune the case left (folded from the state before the transfer). */
  readonly fromCommuneCode: string;
  readonly toCri: string;
  readonly communeCode: string;
};
export type NationalityProof = {
  readonly kind: NationalityProofKind;
  readonly issuer: string;
  readonly date: IsoDate;
  readonly reference: string | null;
  /** legal-stay: the start of the legal stay the proof states. */
  readonly since: IsoDate | null;
  /** economic-participation: days worked, or quarters of self-employed activity, the proof states. */
  readonly days: number | null;
  readonly quarters: number | null;
};

/**
 * What a parcours holds. Before opening (`NoParcours`) every field has its empty value, so read models
 * can restore a reduced state over it; from opening on, the fields set by ParcoursOpened are filled.
 */
export type ParcoursRecord = {
  /**
   * Events folded so far: the stream version once every event of the stream is folded (the application folds
   * its own events on the stream, e.g. an erasure, with `skipEvent`).
   */
  readonly version: number;
  readonly parcoursId: string;
  readonly openedOn: IsoDate | null;
  /** Personal: copied, never read by a rule. */
  readonly person: Person | null;
  readonly criCode: string;
  readonly communeCode: string;
  readonly communeRegistrationDate: IsoDate | null;
  readonly cardOrderDate: IsoDate | null;
  readonly legalStaySince: IsoDate | null;
  /** Personal: copied, never read by a rule after opening. */
  readonly residencePermit: ResidencePermit | null;
  /** Personal: copied, never read by a rule after opening. */
  readonly flags: ParcoursFlags | null;
  readonly accompagnateurId: string | null;
  /** Current obligation (null before opening). */
  readonly obligation: Obligation | null;
  readonly obligationReasons: readonly ObligationReason[];
  readonly obligationFacts: ObligationFacts;
  readonly obligationHistory: readonly ObligationChange[];
  readonly adultAtOpening: boolean | null;
  readonly regimeIdAtOpening: RegimeId | null;
  readonly presentedOn: IsoDate | null;
  readonly rightsAndDutiesOn: IsoDate | null;
  readonly bilanSocial: { readonly date: IsoDate; readonly needs: readonly string[] } | null;
  readonly frenchPositionings: readonly FrenchPositioning[];
  readonly convention: Convention | null;
  readonly frenchHours: readonly TrainingPeriod[];
  readonly citizenshipHours: readonly CitizenshipPeriod[];
  readonly ispHours: readonly IspSession[];
  readonly frenchCertifications: readonly FrenchCertification[];
  readonly evaluations: readonly Evaluation[];
  readonly dispenses: readonly Dispense[];
  readonly deadlineAdjustments: readonly DeadlineAdjustment[];
  /** Periods the Region could not provide a training (art. 152/8 CWASS): they block a fine. */
  readonly trainingUnavailability: readonly TrainingUnavailability[];
  readonly attestation: AttestationIssued['data'] | null;
  readonly transfers: readonly Transfer[];
  readonly nationalityDossier: { readonly openedOn: IsoDate; readonly basis: NationalityBasis } | null;
  readonly nationalityProofs: readonly NationalityProof[];
};

export type Closure = {
  readonly date: IsoDate;
  readonly reason: ClosureReason;
  readonly note: string | null;
};

/** A stream that does not exist yet: only OpenParcours acts on it. */
export type NoParcours = ParcoursRecord & { readonly status: 'none'; readonly closure: null };
/** An open parcours: every command but OpenParcours acts on it. */
export type OpenParcoursState = ParcoursRecord & { readonly status: 'open'; readonly closure: null };
/** A closed parcours: nothing more is recorded on it (erasure and reading only). */
export type ClosedParcoursState = ParcoursRecord & { readonly status: 'closed'; readonly closure: Closure };
export type ParcoursState = NoParcours | OpenParcoursState | ClosedParcoursState;
/** Every field of any state, for read models that store and restore a reduced copy of one. */
export type ParcoursStateFields = ParcoursRecord & {
  readonly status: ParcoursStatus;
  readonly closure: Closure | null;
};

/** The empty value of every field. */
const EMPTY_RECORD: ParcoursRecord = {
  version: 0,
  parcoursId: '',
  openedOn: null,
  person: null,
  criCode: '',
  communeCode: '',
  communeRegistrationDate: null,
  cardOrderDate: null,
  legalStaySince: null,
  residencePermit: null,
  flags: null,
  accompagnateurId: null,
  obligation: null,
  obligationReasons: [],
  obligationFacts: { exclusions: [], automaticDispenses: [], assumptions: [] },
  obligationHistory: [],
  adultAtOpening: null,
  regimeIdAtOpening: null,
  presentedOn: null,
  rightsAndDutiesOn: null,
  bilanSocial: null,
  frenchPositionings: [],
  convention: null,
  frenchHours: [],
  citizenshipHours: [],
  ispHours: [],
  frenchCertifications: [],
  evaluations: [],
  dispenses: [],
  deadlineAdjustments: [],
  trainingUnavailability: [],
  attestation: null,
  transfers: [],
  nationalityDossier: null,
  nationalityProofs: [],
};

export const initialParcoursState: ParcoursState = { status: 'none', closure: null, ...EMPTY_RECORD };

export function evolve(state: ParcoursState, event: ParcoursEvent): ParcoursState {
  return { ...apply(state, event), version: state.version + 1 } as ParcoursState;
}

/** An event on the stream that is not the domain's (an erasure): it only advances the version. */
export const skipEvent = (state: ParcoursState): ParcoursState => ({ ...state, version: state.version + 1 });

function apply(state: ParcoursState, event: ParcoursEvent): ParcoursState {
  const version = state.version + 1;
  switch (event.type) {
    case 'ParcoursOpened': {
      const d = event.data;
      return {
        ...EMPTY_RECORD,
        status: 'open',
        closure: null,
        parcoursId: d.parcoursId,
        openedOn: d.openedOn,
        person: d.person,
        criCode: d.criCode,
        communeCode: d.communeCode,
        communeRegistrationDate: d.communeRegistrationDate,
        cardOrderDate: d.cardOrderDate,
        legalStaySince: d.legalStaySince,
        residencePermit: d.residencePermit,
        flags: d.flags,
        accompagnateurId: d.accompagnateurId,
        obligation: d.obligation,
        obligationReasons: d.obligationReasons,
        obligationFacts: d.obligationFacts,
        obligationHistory: [{ effectiveOn: null, obligation: d.obligation, reasons: d.obligationReasons }],
        adultAtOpening: d.adultAtOpening,
        regimeIdAtOpening: d.regimeId,
      };
    }
    case 'PresentationRecorded':
      return { ...state, presentedOn: event.data.date };
    case 'RightsAndDutiesInformationGiven':
      return { ...state, rightsAndDutiesOn: event.data.date };
    case 'BilanSocialCompleted':
      return { ...state, bilanSocial: { date: event.data.date, needs: event.data.needs } };
    case 'FrenchPositioningRecorded': {
      const { date, level, test } = event.data;
      return { ...state, frenchPositionings: [...state.frenchPositionings, { date, level, test }] };
    }
    case 'ConventionSigned': {
      const { signedOn, includesFrench, includesIsp, citizenshipLanguage } = event.data;
      const previous = state.convention;
      return {
        ...state,
        convention: {
          firstSignedOn: previous?.firstSignedOn ?? signedOn,
          signedOn,
          includesFrench,
          includesIsp,
          citizenshipLanguage,
          amendments: previous ? previous.amendments + 1 : 0,
        },
      };
    }
    case 'FrenchHoursRecorded': {
      const { operator, from, to, hours } = event.data;
      return { ...state, frenchHours: [...state.frenchHours, { operator, from, to, hours, version }] };
    }
    case 'FrenchLevelCertified': {
      const { date, level, issuer, test, oralOnly } = event.data;
      return {
        ...state,
        frenchCertifications: [...state.frenchCertifications, { date, level, issuer, test, oralOnly }],
      };
    }
    case 'CitizenshipHoursRecorded': {
      const { operator, from, to, hours, language } = event.data;
      return {
        ...state,
        citizenshipHours: [...state.citizenshipHours, { operator, from, to, hours, language, version }],
      };
    }
    case 'IspHoursRecorded': {
      const { provider, date, hours } = event.data;
      return { ...state, ispHours: [...state.ispHours, { provider, date, hours, version }] };
    }
    case 'EvaluationRecorded': {
      const { date, convocation, attended, absenceJustified, notes } = event.data;
      return {
        ...state,
        evaluations: [...state.evaluations, { date, convocation, attended, absenceJustified, notes }],
      };
    }
    case 'DispenseRecorded': {
      const { category, decidedOn, evidence, obligation, obligationReasons } = event.data;
      return {
        ...state,
        dispenses: [...state.dispenses, { category, decidedOn, evidence }],
        obligation,
        obligationReasons,
        obligationHistory: [
          ...state.obligationHistory,
          { effectiveOn: decidedOn, obligation, reasons: obligationReasons },
        ],
      };
    }
    case 'ExtensionGranted': {
      const { decidedOn, until, reason, decidedBy, evidence } = event.data;
      return {
        ...state,
        deadlineAdjustments: [
          ...state.deadlineAdjustments,
          { kind: 'extension', decidedOn, until, reason, decidedBy, evidence },
        ],
      };
    }
    case 'SuspensionStarted': {
      const { from, to, reason, evidence } = event.data;
      return {
        ...state,
        deadlineAdjustments: [
          ...state.deadlineAdjustments,
          { kind: 'suspension', from, to, reason, evidence },
        ],
      };
    }
    case 'SuspensionEnded': {
      const { from, to } = event.data;
      return {
        ...state,
        deadlineAdjustments: state.deadlineAdjustments.map((a) =>
          a.kind === 'suspension' && a.to === null && a.from === from ? { ...a, to } : a,
        ),
      };
    }
    case 'TrainingUnavailabilityRecorded': {
      const { axis, from, to } = event.data;
      return { ...state, trainingUnavailability: [...state.trainingUnavailability, { axis, from, to }] };
    }
    case 'TrainingUnavailabilityEnded': {
      const { axis, from, to } = event.data;
      return {
        ...state,
        trainingUnavailability: state.trainingUnavailability.map((p) =>
          p.axis === axis && p.from === from && p.to === null ? { ...p, to } : p,
        ),
      };
    }
    case 'AttestationIssued':
      return { ...state, attestation: event.data };
    case 'ParcoursTransferred': {
      const { date, fromCri, toCri, communeCode, obligation, obligationReasons, obligationFacts } =
        event.data;
      return {
        ...state,
        criCode: toCri,
        communeCode,
        transfers: [
          ...state.transfers,
          { date, fromCri, fromCommuneCode: state.communeCode, toCri, communeCode },
        ],
        obligation,
        obligationReasons,
        obligationFacts,
        obligationHistory: [
          ...state.obligationHistory,
          { effectiveOn: date, obligation, reasons: obligationReasons },
        ],
        // The case arrives unassigned in the new CRI, until its coordinator assigns it (domain.md §10).
        accompagnateurId: null,
      };
    }
    case 'AccompagnateurAssigned':
      return { ...state, accompagnateurId: event.data.accompagnateurId };
    case 'ParcoursClosed': {
      const { date, reason, note } = event.data;
      return { ...state, status: 'closed', closure: { date, reason, note } };
    }
    case 'NationalityDossierOpened': {
      const { openedOn, basis } = event.data;
      return { ...state, nationalityDossier: { openedOn, basis } };
    }
    case 'NationalityProofAttached': {
      const { kind, issuer, date, reference } = event.data;
      const stated = {
        since: event.data.since ?? null,
        days: event.data.days ?? null,
        quarters: event.data.quarters ?? null,
      };
      return {
        ...state,
        nationalityProofs: [...state.nationalityProofs, { kind, issuer, date, reference, ...stated }],
      };
    }
    default:
      return assertNeverEvent(event, state);
  }
}

/** Exhaustiveness check; an unknown event at run time (newer writer) leaves the state unchanged. */
function assertNeverEvent(_event: never, state: ParcoursState): ParcoursState {
  return state;
}

export const foldParcours = (
  events: readonly ParcoursEvent[],
  from: ParcoursState = initialParcoursState,
): ParcoursState => events.reduce(evolve, from);

export type ParcoursStage =
  'none' | 'awaiting-presentation' | 'accueil' | 'training' | 'attestation-issued' | 'closed';

/** Where the case stands, for lists and dashboards. */
export function stageOf(state: ParcoursState): ParcoursStage {
  if (state.status === 'none') return 'none';
  if (state.status === 'closed') return 'closed';
  if (state.attestation !== null) return 'attestation-issued';
  if (state.convention !== null) return 'training';
  if (state.presentedOn !== null) return 'accueil';
  return 'awaiting-presentation';
}
