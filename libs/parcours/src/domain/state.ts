/**
 * The state of one parcours, folded from its events by `evolve`. `evolve` never throws and never
 * validates: it records what happened. It copies personal fields without reading them, so a
 * history whose personal fields were erased (« donnée effacée ») folds the same way.
 *
 * Size (~400 lines): the state types and `evolve` must stay side by side — each event's fold is read
 * against the field it sets; the union types (no parcours / open / closed) take a third of it.
 */
import type { IsoDate } from '@app/calendar';
import {
  PARCOURS_EVENT_TYPES,
  type AttestationIssued,
  type CaseFactsCorrected,
  type EntryCancelled,
  type ParcoursOpened,
  type PersonCorrected,
  type ParcoursEvent,
  type ParcoursFlags,
  type Person,
  type ResidencePermit,
} from './events';
import { evaluateObligation, factsAfterMove } from './obligation';
import { ERASED_VALUE } from './personal-data';
import type { Obligation, ObligationFacts, ObligationReason } from './obligation.types';
import type {
  CancellationReason,
  CefrLevel,
  ClosureReason,
  CorrectionReason,
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

/** A domain event as recorded on the stream, with the version it got: what a cancellation refolds. */
export type JournalEntry = {
  readonly version: number;
  readonly event: Exclude<ParcoursEvent, EntryCancelled>;
};
/** An entry cancelled (EntryCancelled): which one, why, and when. */
export type CancelledEntry = {
  readonly version: number;
  readonly entryType: string;
  readonly reason: CancellationReason;
  /** Personal (free text). */
  readonly note: string | null;
  readonly cancelledOn: IsoDate;
  /** The version of the EntryCancelled event itself. */
  readonly cancelledAtVersion: number;
};

/**
 * A correction of the facts or of the person (CaseFactsCorrected, PersonCorrected): which fields, and for the
 * non-personal dates and commune their values before and after, so that each moved date can explain itself.
 */
export type FactCorrection = {
  readonly kind: 'facts' | 'person';
  readonly version: number;
  readonly correctedOn: IsoDate;
  readonly reason: CorrectionReason;
  /** The fields corrected (empty for a person correction read after erasure). */
  readonly fields: readonly string[];
  readonly dates: {
    readonly cardOrderDate?: { readonly from: IsoDate | null; readonly to: IsoDate | null };
    readonly communeRegistrationDate?: { readonly from: IsoDate; readonly to: IsoDate };
    readonly legalStaySince?: { readonly from: IsoDate | null; readonly to: IsoDate | null };
    readonly communeCode?: { readonly from: string; readonly to: string };
  };
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
  /**
   * Every domain event folded so far but the cancellations, with its version (oldest first): a cancellation
   * refolds it without the cancelled entries, so that every computation ignores them (api.md v2).
   */
  readonly journal: readonly JournalEntry[];
  readonly cancelled: readonly CancelledEntry[];
  /** Corrections of the opening's facts and of the person, in the order recorded (they apply from the start). */
  readonly factCorrections: readonly FactCorrection[];
  /** Attestations revoked (issued in error): their numbers stay used. */
  readonly revokedAttestations: readonly RevokedAttestation[];
};

export type RevokedAttestation = {
  readonly attestationNumber: string;
  readonly issuedOn: IsoDate;
  readonly revokedOn: IsoDate;
  readonly reason: string;
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
  journal: [],
  cancelled: [],
  factCorrections: [],
  revokedAttestations: [],
};

export const initialParcoursState: ParcoursState = { status: 'none', closure: null, ...EMPTY_RECORD };

export function evolve(state: ParcoursState, event: ParcoursEvent): ParcoursState {
  if (event.type === 'EntryCancelled') return cancel(state, event);
  const version = state.version + 1;
  // An unknown type (a newer writer) only advances the version: nothing to refold later.
  const journal = KNOWN_TYPES.has(event.type) ? [...state.journal, { version, event }] : state.journal;
  // A correction holds from the start: the journal is folded again with the corrected opening.
  if (event.type === 'CaseFactsCorrected' || event.type === 'PersonCorrected')
    return {
      ...refold(journal, state.cancelled),
      version,
      journal,
      cancelled: state.cancelled,
    } as ParcoursState;
  return { ...apply(state, event), version, journal, cancelled: state.cancelled } as ParcoursState;
}

const KNOWN_TYPES: ReadonlySet<string> = new Set(PARCOURS_EVENT_TYPES);

/**
 * The state as if the cancelled entries had never been recorded: the journal refolded without them (each entry
 * keeps its version), then the cancellation recorded. Values derived from several entries (the obligation after a
 * dispense or a move) are computed by the fold itself, so they follow.
 */
function cancel(state: ParcoursState, event: EntryCancelled): ParcoursState {
  const { version, entryType, reason, note, cancelledOn } = event.data;
  const cancelled = [
    ...state.cancelled,
    { version, entryType, reason, note, cancelledOn, cancelledAtVersion: state.version + 1 },
  ];
  const rebuilt = refold(state.journal, cancelled);
  return { ...rebuilt, version: state.version + 1, journal: state.journal, cancelled } as ParcoursState;
}

/**
 * The journal folded from the start without the cancelled entries, each keeping its version, the opening as
 * corrected by every correction of the journal (a correction states what should have been recorded at opening).
 */
function refold(journal: readonly JournalEntry[], cancelled: readonly CancelledEntry[]): ParcoursState {
  const skipped = new Set(cancelled.map((c) => c.version));
  let rebuilt: ParcoursState = initialParcoursState;
  for (const entry of journal) {
    const before = { ...rebuilt, version: entry.version - 1 } as ParcoursState;
    if (skipped.has(entry.version)) rebuilt = before;
    else if (entry.event.type === 'ParcoursOpened')
      rebuilt = apply(before, correctedOpening(entry.event, journal));
    else rebuilt = apply(before, entry.event);
  }
  return rebuilt;
}

type Correction = CaseFactsCorrected | PersonCorrected;
const isCorrection = (event: ParcoursEvent): event is Correction =>
  event.type === 'CaseFactsCorrected' || event.type === 'PersonCorrected';
const isObject = (value: unknown): value is Record<string, { to: unknown }> =>
  typeof value === 'object' && value !== null;

/** The opening as it would have been recorded with every correction of the journal. */
function correctedOpening(opening: ParcoursOpened, journal: readonly JournalEntry[]): ParcoursOpened {
  const corrections = journal.map((e) => e.event).filter(isCorrection);
  if (corrections.length === 0) return opening;
  let data: ParcoursOpened['data'] = opening.data;
  for (const correction of corrections) {
    const changes: unknown = correction.data.changes;
    // After an erasure a personal value reads « donnée effacée »: there is nothing left to apply.
    const to = (key: string) => (isObject(changes) && isObject(changes[key]) ? changes[key].to : undefined);
    if (correction.type === 'PersonCorrected') {
      const person = { ...data.person } as Record<string, unknown>;
      for (const [key, how] of Object.entries(correction.data.fields ?? {})) {
        // Once erased, a corrected value reads « donnée effacée » as the storage shows it; a cleared one stays null.
        if (isObject(changes) && isObject(changes[key])) person[key] = changes[key].to;
        else person[key] = how === 'cleared' ? null : ERASED_VALUE;
      }
      data = { ...data, person: person as ParcoursOpened['data']['person'] };
    } else {
      const patch: Record<string, unknown> = {};
      for (const key of [
        'cardOrderDate',
        'communeRegistrationDate',
        'legalStaySince',
        'communeCode',
        'residencePermit',
        'flags',
      ])
        if (to(key) !== undefined) patch[key] = to(key);
      data = { ...data, ...patch } as ParcoursOpened['data'];
    }
  }
  const last = corrections[corrections.length - 1].data;
  return {
    type: 'ParcoursOpened',
    data: {
      ...data,
      obligation: last.obligation,
      obligationReasons: last.obligationReasons,
      obligationFacts: last.obligationFacts,
      adultAtOpening: last.adultAtOpening,
      regimeId: last.regimeId,
    },
  };
}

/** What a correction leaves in the state: which fields, and the non-personal dates and commune before and after. */
function factCorrection(event: Correction, version: number): FactCorrection {
  const { correctedOn, reason } = event.data;
  const changes: unknown = event.data.changes;
  const fields =
    event.type === 'PersonCorrected'
      ? Object.keys(event.data.fields ?? {})
      : isObject(changes)
        ? Object.keys(changes)
        : [];
  const dates: Record<string, unknown> = {};
  if (event.type === 'CaseFactsCorrected' && isObject(changes))
    for (const key of ['cardOrderDate', 'communeRegistrationDate', 'legalStaySince', 'communeCode'])
      if (isObject(changes[key])) dates[key] = changes[key];
  return {
    kind: event.type === 'CaseFactsCorrected' ? 'facts' : 'person',
    version,
    correctedOn,
    reason,
    fields,
    dates: dates as FactCorrection['dates'],
  };
}

/** An event on the stream that is not the domain's (an erasure): it only advances the version. */
export const skipEvent = (state: ParcoursState): ParcoursState => ({ ...state, version: state.version + 1 });

function apply(state: ParcoursState, event: Exclude<ParcoursEvent, EntryCancelled>): ParcoursState {
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
      // The obligation is derived from the facts and the dispenses in force (the event's copy is what decide saw):
      // computed here, it stays right when an earlier dispense is cancelled.
      const { category, decidedOn, evidence } = event.data;
      const dispenses = [...state.dispenses, { category, decidedOn, evidence }];
      const { obligation, reasons } = evaluateObligation(state.obligationFacts, dispenses);
      return {
        ...state,
        dispenses,
        obligation,
        obligationReasons: reasons,
        obligationHistory: [...state.obligationHistory, { effectiveOn: decidedOn, obligation, reasons }],
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
    case 'AttestationRevoked': {
      const { attestationNumber, issuedOn, revokedOn, reason } = event.data;
      return {
        ...state,
        attestation: null,
        revokedAttestations: [
          ...state.revokedAttestations,
          { attestationNumber, issuedOn, revokedOn, reason },
        ],
      };
    }
    case 'CaseFactsCorrected':
    case 'PersonCorrected': {
      // The corrected values are already in the opening (refold); what the correction adds is its own record and
      // the opening's obligation computed again, derived with the dispenses in force as after a dispense.
      const { obligationFacts, adultAtOpening, regimeId } = event.data;
      const { obligation, reasons } = evaluateObligation(obligationFacts, state.dispenses);
      return {
        ...state,
        obligationFacts,
        obligation,
        obligationReasons: reasons,
        adultAtOpening,
        regimeIdAtOpening: regimeId,
        factCorrections: [...state.factCorrections, factCorrection(event, version)],
      };
    }
    case 'ParcoursTransferred': {
      const { date, fromCri, toCri, communeCode } = event.data;
      // Derived as for a dispense: from the facts moved to the new commune and the dispenses in force.
      const obligationFacts = factsAfterMove(state.obligationFacts, communeCode);
      const { obligation, reasons } = evaluateObligation(obligationFacts, state.dispenses);
      return {
        ...state,
        criCode: toCri,
        communeCode,
        transfers: [
          ...state.transfers,
          { date, fromCri, fromCommuneCode: state.communeCode, toCri, communeCode },
        ],
        obligation,
        obligationReasons: reasons,
        obligationFacts,
        obligationHistory: [...state.obligationHistory, { effectiveOn: date, obligation, reasons }],
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
