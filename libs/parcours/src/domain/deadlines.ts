/**
 * Deadlines as pure functions of (state, asOf) (domain.md §5): due date, status at `asOf`, and the
 * French explanation of how the date was reached. Only facts dated on or before `asOf` count, so a
 * past `asOf` shows the situation as it was on that day.
 *
 * Size (~550 lines): the two deadlines share the segment walk (suspensions, extensions, regime
 * switch) and its explanation; splitting them would duplicate that walk.
 */
import {
  addDays,
  addMonths,
  diffDays,
  formatDateFr,
  inclusiveDays,
  isAfter,
  isOnOrBefore,
  maxDate,
  type IsoDate,
} from '@app/calendar';
import type { Obligation } from './obligation.types';
import { CORRECTION_REASON_LABELS, DELAY_REASON_LABELS, type TrainingAxis } from './reference-data';
import { regimeFor, regimeTitle, type FineRange, type Regime, type RuleConfig } from './rules';
import type { Extension, ParcoursState, Suspension } from './state';

export type DeadlineKind = 'presentation' | 'attestation' | 'evaluation';
export type DeadlineStatus =
  | 'on-track'
  | 'due-soon'
  | 'overdue'
  | 'met'
  | 'met-late'
  | 'dispensed'
  | 'suspended'
  | 'closed'
  | 'not-applicable';

export type Deadline = {
  readonly kind: DeadlineKind;
  readonly dueOn: IsoDate | null;
  readonly status: DeadlineStatus;
  /** French lines, dates as dd/mm/yyyy. */
  readonly explanation: string[];
  /** When the deadline was met (presentation date, attestation date), if on or before asOf. */
  readonly metOn: IsoDate | null;
  /** `met-late` only: days between the due date and the day it was met (domain.md §10: late is not met). */
  readonly daysLate: number | null;
};

const fr = formatDateFr;

const CORRECTED_DATE_LABELS = {
  cardOrderDate: 'Date de commande du titre de séjour',
  communeRegistrationDate: "Date d'inscription à la commune",
} as const;

/** « Date de commande du titre de séjour corrigée le 05/12/2026 (erreur de saisie) : 10/03/2025 → 10/03/2026 ». */
function correctionLines(state: ParcoursState, field: keyof typeof CORRECTED_DATE_LABELS): string[] {
  return state.factCorrections.flatMap((c) => {
    const change = c.dates[field];
    if (!change) return [];
    const from = change.from === null ? 'non renseignée' : fr(change.from);
    const to = change.to === null ? 'non renseignée' : fr(change.to);
    return [
      `${CORRECTED_DATE_LABELS[field]} corrigée le ${fr(c.correctedOn)} (${CORRECTION_REASON_LABELS[c.reason] ?? c.reason}) : ${from} → ${to}`,
    ];
  });
}
const plural = (n: number, word: string) => `${n} ${word}${Math.abs(n) > 1 ? 's' : ''}`;

/**
 * A deadline met on `metOn`: `met` on or before the due date, `met-late` after it (with the days late). The breach
 * existed from the day after the due date up to the day before `metOn` (the sanction domain reads that window).
 */
function metDeadline(
  kind: DeadlineKind,
  dueOn: IsoDate,
  metOn: IsoDate,
  explanation: string[],
  metLine: string,
): Deadline {
  const late = diffDays(dueOn, metOn);
  if (late <= 0)
    return { kind, dueOn, status: 'met', explanation: [...explanation, metLine], metOn, daysLate: null };
  return {
    kind,
    dueOn,
    status: 'met-late',
    explanation: [
      ...explanation,
      `${metLine}, ${plural(late, 'jour')} après l'échéance du ${fr(dueOn)} : hors délai`,
    ],
    metOn,
    daysLate: late,
  };
}

/** The obligation in force at `asOf` (the opening one, then each re-evaluation from its effective date). */
export function obligationAt(state: ParcoursState, asOf: IsoDate): Obligation | null {
  let current: Obligation | null = null;
  for (const change of state.obligationHistory) {
    if (change.effectiveOn === null || isOnOrBefore(change.effectiveOn, asOf)) current = change.obligation;
  }
  return current;
}

const closedAt = (state: ParcoursState, asOf: IsoDate): boolean =>
  state.closure !== null && isOnOrBefore(state.closure.date, asOf);

function dispenseLines(state: ParcoursState, asOf: IsoDate): string[] {
  const recorded = state.dispenses.filter((d) => isOnOrBefore(d.decidedOn, asOf));
  const lines = state.obligationFacts.automaticDispenses.map(
    (category) => `Dispense ${category} appliquée d'office à l'ouverture`,
  );
  for (const d of recorded) lines.push(`Dispense ${d.category} décidée le ${fr(d.decidedOn)}`);
  return lines.length > 0 ? lines : ['Personne dispensée'];
}

function timedStatus(dueOn: IsoDate, asOf: IsoDate, rules: RuleConfig): 'on-track' | 'due-soon' | 'overdue' {
  const daysLeft = diffDays(asOf, dueOn);
  if (daysLeft < 0) return 'overdue';
  return daysLeft <= rules.dueSoonDays ? 'due-soon' : 'on-track';
}

function timedLine(status: 'on-track' | 'due-soon' | 'overdue', dueOn: IsoDate, asOf: IsoDate): string {
  const days = diffDays(asOf, dueOn);
  if (status === 'overdue') return `Échéance dépassée de ${plural(-days, 'jour')} au ${fr(asOf)}`;
  if (days === 0) return `Échéance aujourd'hui (${fr(asOf)})`;
  return `${plural(days, 'jour')} restant${days > 1 ? 's' : ''} au ${fr(asOf)}`;
}

/** A dispensed person's or a closed case's deadline no longer runs: the same ending for presentation and attestation. */
function dispensedOrClosed(
  state: ParcoursState,
  asOf: IsoDate,
  obligation: Obligation | null,
  base: { kind: DeadlineKind; dueOn: IsoDate; explanation: string[]; metOn: IsoDate | null; daysLate: null },
): Deadline | null {
  if (obligation === 'dispensed') {
    return {
      ...base,
      status: 'dispensed',
      explanation: [...base.explanation, ...dispenseLines(state, asOf)],
    };
  }
  if (closedAt(state, asOf)) {
    return {
      ...base,
      status: 'closed',
      explanation: [
        ...base.explanation,
        `Parcours clôturé le ${fr((state.closure as { date: IsoDate }).date)}`,
      ],
    };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Presentation

function presentationDeadline(state: ParcoursState, asOf: IsoDate, rules: RuleConfig): Deadline {
  const kind = 'presentation';
  const obligation = obligationAt(state, asOf);
  if (state.status === 'none' || state.communeRegistrationDate === null) {
    return {
      kind,
      dueOn: null,
      status: 'not-applicable',
      explanation: ['Parcours inexistant'],
      metOn: null,
      daysLate: null,
    };
  }
  if (obligation === 'voluntary' || obligation === null) {
    return {
      kind,
      dueOn: null,
      status: 'not-applicable',
      explanation: ['Public volontaire : pas de délai de présentation'],
      metOn: null,
      daysLate: null,
    };
  }
  const months = regimeFor(state.cardOrderDate, rules)?.presentationMonths ?? 3;
  const dueOn = addMonths(state.communeRegistrationDate, months);
  const explanation = [
    `Inscription à la commune le ${fr(state.communeRegistrationDate)} : présentation au bureau d'accueil dans les ${months} mois → ${fr(dueOn)}`,
    ...correctionLines(state, 'communeRegistrationDate'),
  ];
  const metOn =
    state.presentedOn !== null && isOnOrBefore(state.presentedOn, asOf) ? state.presentedOn : null;
  if (metOn !== null) return metDeadline(kind, dueOn, metOn, explanation, `Présentation le ${fr(metOn)}`);
  const stopped = dispensedOrClosed(state, asOf, obligation, {
    kind,
    dueOn,
    explanation,
    metOn,
    daysLate: null,
  });
  if (stopped) return stopped;
  const status = timedStatus(dueOn, asOf, rules);
  return {
    kind,
    dueOn,
    status,
    explanation: [...explanation, timedLine(status, dueOn, asOf)],
    metOn,
    daysLate: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Attestation

export type AttestationSchedule = {
  readonly regime: Regime;
  /** Card order date + the regime's duration. */
  readonly baseDueOn: IsoDate;
  /** After every extension and suspension counted at `asOf`. */
  readonly dueOn: IsoDate;
  /** Same, without extensions: the reference for the extension limits. */
  readonly dueOnWithoutExtensions: IsoDate;
  readonly extensionsCounted: number;
  readonly explanation: readonly string[];
  /** The suspension running at `asOf`, if any. */
  readonly runningSuspension: Suspension | null;
};

/**
 * The attestation due date at `asOf`: card order date + regime duration; then, in the order they
 * were recorded, each extension sets a new date and each suspension F..T adds T − F + 1 days.
 * A suspension still open at `asOf` counts up to `asOf` (provisional date).
 * null when the case has no attestation deadline (no card order date, or before the regimes).
 */
export function attestationSchedule(
  state: ParcoursState,
  asOf: IsoDate,
  rules: RuleConfig,
): AttestationSchedule | null {
  if (state.cardOrderDate === null) return null;
  const regime = regimeFor(state.cardOrderDate, rules);
  if (regime === null) return null;
  const baseDueOn = addMonths(state.cardOrderDate, regime.attestationMonths);
  const explanation = [
    `${regimeTitle(regime)} : ${regime.attestationMonths} mois après la commande du titre de séjour du ${fr(state.cardOrderDate)} → ${fr(baseDueOn)}`,
    ...correctionLines(state, 'cardOrderDate'),
  ];
  let dueOn = baseDueOn;
  let dueOnWithoutExtensions = baseDueOn;
  let extensionsCounted = 0;
  let runningSuspension: Suspension | null = null;
  for (const adjustment of state.deadlineAdjustments) {
    if (adjustment.kind === 'extension') {
      const e: Extension = adjustment;
      if (!isOnOrBefore(e.decidedOn, asOf)) continue;
      dueOn = e.until;
      extensionsCounted += 1;
      explanation.push(
        `Prolongation décidée le ${fr(e.decidedOn)} (${DELAY_REASON_LABELS[e.reason] ?? e.reason}) → ${fr(dueOn)}`,
      );
      continue;
    }
    const s: Suspension = adjustment;
    if (!isOnOrBefore(s.from, asOf)) continue;
    const running = s.to === null || isAfter(s.to, asOf);
    if (running) runningSuspension = s;
    const end = s.to ?? asOf;
    const days = inclusiveDays(s.from, end);
    dueOn = addDays(dueOn, days);
    dueOnWithoutExtensions = addDays(dueOnWithoutExtensions, days);
    explanation.push(
      s.to === null
        ? `Suspension en cours depuis le ${fr(s.from)} : +${plural(days, 'jour')} au ${fr(asOf)} → échéance provisoire ${fr(dueOn)}`
        : `Suspension du ${fr(s.from)} au ${fr(s.to)} : +${plural(days, 'jour')} → ${fr(dueOn)}`,
    );
  }
  return {
    regime,
    baseDueOn,
    dueOn,
    dueOnWithoutExtensions,
    extensionsCounted,
    explanation,
    runningSuspension,
  };
}

function attestationDeadline(state: ParcoursState, asOf: IsoDate, rules: RuleConfig): Deadline {
  const kind = 'attestation';
  const obligation = obligationAt(state, asOf);
  if (state.status === 'none')
    return {
      kind,
      dueOn: null,
      status: 'not-applicable',
      explanation: ['Parcours inexistant'],
      metOn: null,
      daysLate: null,
    };
  const metOn =
    state.attestation !== null && isOnOrBefore(state.attestation.issuedOn, asOf)
      ? state.attestation.issuedOn
      : null;
  const metLine = metOn === null ? [] : [`Attestation de fréquentation délivrée le ${fr(metOn)}`];
  if (obligation === 'voluntary' || obligation === null) {
    const why =
      state.cardOrderDate === null ? 'date de commande du titre de séjour inconnue' : 'public volontaire';
    return {
      kind,
      dueOn: null,
      status: 'not-applicable',
      explanation: [`Pas d'échéance d'attestation : ${why}`, ...metLine],
      metOn,
      daysLate: null,
    };
  }
  const schedule = attestationSchedule(state, asOf, rules);
  if (schedule === null) {
    return {
      kind,
      dueOn: null,
      status: 'not-applicable',
      explanation: [
        "Pas d'échéance d'attestation : aucun régime ne couvre la date de commande du titre de séjour",
        ...metLine,
      ],
      metOn,
      daysLate: null,
    };
  }
  const { dueOn } = schedule;
  const explanation = [...schedule.explanation];
  if (metOn !== null) return metDeadline(kind, dueOn, metOn, explanation, metLine[0]);
  const stopped = dispensedOrClosed(state, asOf, obligation, {
    kind,
    dueOn,
    explanation,
    metOn,
    daysLate: null,
  });
  if (stopped) return stopped;
  if (schedule.runningSuspension !== null) {
    return {
      kind,
      dueOn,
      status: 'suspended',
      explanation: [...explanation, `Délai suspendu au ${fr(asOf)}`],
      metOn,
      daysLate: null,
    };
  }
  const status = timedStatus(dueOn, asOf, rules);
  return {
    kind,
    dueOn,
    status,
    explanation: [...explanation, timedLine(status, dueOn, asOf)],
    metOn,
    daysLate: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Evaluation interview (every N months from the convention, then from the last interview held)

function evaluationDeadline(state: ParcoursState, asOf: IsoDate, rules: RuleConfig): Deadline {
  const kind = 'evaluation';
  const convention = state.convention;
  if (state.status === 'none' || convention === null || !isOnOrBefore(convention.firstSignedOn, asOf)) {
    return {
      kind,
      dueOn: null,
      status: 'not-applicable',
      explanation: ["Pas encore de convention d'accueil"],
      metOn: null,
      daysLate: null,
    };
  }
  const obligation = obligationAt(state, asOf);
  if (obligation === 'dispensed') {
    return {
      kind,
      dueOn: null,
      status: 'dispensed',
      explanation: dispenseLines(state, asOf),
      metOn: null,
      daysLate: null,
    };
  }
  if (obligation !== 'obliged') {
    // domain.md §10: a volunteer is never overdue; the interviews are offered, not owed.
    return {
      kind,
      dueOn: null,
      status: 'not-applicable',
      explanation: ["Public volontaire : entretiens d'évaluation proposés, sans échéance légale"],
      metOn: null,
      daysLate: null,
    };
  }
  const months = rules.evaluationIntervalMonths;
  const held = state.evaluations.filter((e) => e.attended && isOnOrBefore(e.date, asOf)).map((e) => e.date);
  const last = held.length > 0 ? maxDate(held[0], ...held.slice(1)) : null;
  const dueOn = addMonths(last ?? convention.firstSignedOn, months);
  const explanation = [
    last === null
      ? `Convention signée le ${fr(convention.firstSignedOn)} : entretien d'évaluation au moins tous les ${months} mois → ${fr(dueOn)}`
      : `Dernier entretien d'évaluation le ${fr(last)} : le suivant dans les ${months} mois → ${fr(dueOn)}`,
  ];
  const missed = state.evaluations.filter(
    (e) => !e.attended && isOnOrBefore(e.date, asOf) && (last === null || isAfter(e.date, last)),
  );
  for (const e of missed) {
    const justified =
      e.absenceJustified === true
        ? 'justifiée'
        : e.absenceJustified === false
          ? 'non justifiée'
          : 'justification non renseignée';
    explanation.push(`Absence à l'entretien du ${fr(e.date)} (${justified})`);
  }
  if (state.attestation !== null && isOnOrBefore(state.attestation.issuedOn, asOf)) {
    // The follow-up ends with the attestation; an interview overdue on that day was never held in time.
    const issuedOn = state.attestation.issuedOn;
    return metDeadline(
      kind,
      dueOn,
      issuedOn,
      explanation,
      `Attestation délivrée le ${fr(issuedOn)} : suivi terminé`,
    );
  }
  if (closedAt(state, asOf)) {
    return {
      kind,
      dueOn,
      status: 'closed',
      explanation: [...explanation, `Parcours clôturé le ${fr((state.closure as { date: IsoDate }).date)}`],
      metOn: null,
      daysLate: null,
    };
  }
  const suspended = state.deadlineAdjustments.some(
    (a) =>
      a.kind === 'suspension' && isOnOrBefore(a.from, asOf) && (a.to === null || isOnOrBefore(asOf, a.to)),
  );
  if (suspended)
    return {
      kind,
      dueOn,
      status: 'suspended',
      explanation: [...explanation, `Parcours suspendu au ${fr(asOf)}`],
      metOn: null,
      daysLate: null,
    };
  const status = timedStatus(dueOn, asOf, rules);
  return {
    kind,
    dueOn,
    status,
    explanation: [...explanation, timedLine(status, dueOn, asOf)],
    metOn: null,
    daysLate: null,
  };
}

/** The three deadlines of a parcours at `asOf`: presentation, attestation, evaluation (in that order). */
export function deadlines(state: ParcoursState, asOf: IsoDate, rules: RuleConfig): Deadline[] {
  return [
    presentationDeadline(state, asOf, rules),
    attestationDeadline(state, asOf, rules),
    evaluationDeadline(state, asOf, rules),
  ];
}

export function deadlineOf(
  state: ParcoursState,
  kind: DeadlineKind,
  asOf: IsoDate,
  rules: RuleConfig,
): Deadline {
  switch (kind) {
    case 'presentation':
      return presentationDeadline(state, asOf, rules);
    case 'attestation':
      return attestationDeadline(state, asOf, rules);
    case 'evaluation':
      return evaluationDeadline(state, asOf, rules);
    default: {
      const unknownKind: never = kind;
      throw new Error(`Unknown deadline kind ${String(unknownKind)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// What the sanction procedure needs

export type Breach = 'presentation' | 'attestation';

/** Whether an obliged person is overdue for `breach` at `asOf` (a suspended, met, dispensed or closed deadline is not). */
export function isOverdue(state: ParcoursState, breach: Breach, asOf: IsoDate, rules: RuleConfig): boolean {
  return (
    obligationAt(state, asOf) === 'obliged' && deadlineOf(state, breach, asOf, rules).status === 'overdue'
  );
}

/**
 * One breach deadline as the sanction domain reads it (its `BreachDeadlineFacts`): the anchor of the clock,
 * the due date after extensions and suspensions, when it was met (on or before asOf), whether the clock is
 * stopped by a suspension, and the explanation.
 */
export type BreachFacts = {
  readonly anchorOn: IsoDate | null;
  readonly dueOn: IsoDate | null;
  readonly metOn: IsoDate | null;
  readonly suspended: boolean;
  readonly status: DeadlineStatus;
  readonly overdue: boolean;
  readonly explanation: string[];
};

/**
 * Plain data for the sanction domain (its `ParcoursFacts`, libs/sanctions): everything it needs about
 * one parcours at `asOf`. A case without a rule regime (no card order date) is never obliged, so no
 * procedure can be opened on it: it gets `regimeId: 'none'` and a zero fine range.
 */
export type SanctionFacts = {
  readonly parcoursId: string;
  readonly criCode: string;
  readonly status: 'open' | 'closed';
  readonly obligation: Obligation;
  readonly regimeId: string;
  readonly fineRange: FineRange;
  readonly noticeResponseDays: number;
  readonly deadlines: { readonly presentation: BreachFacts; readonly attestation: BreachFacts };
  readonly trainingUnavailability: { axis: TrainingAxis; from: IsoDate; to: IsoDate | null }[];
};

export function sanctionFacts(state: ParcoursState, asOf: IsoDate, rules: RuleConfig): SanctionFacts {
  const regime: Regime | null = regimeFor(state.cardOrderDate, rules);
  const obligation = obligationAt(state, asOf) ?? 'voluntary';
  const breach = (kind: Breach): BreachFacts => {
    const d = deadlineOf(state, kind, asOf, rules);
    return {
      anchorOn: kind === 'presentation' ? state.communeRegistrationDate : state.cardOrderDate,
      dueOn: d.dueOn,
      metOn: d.metOn,
      suspended: d.status === 'suspended',
      status: d.status,
      overdue: obligation === 'obliged' && d.status === 'overdue',
      explanation: d.explanation,
    };
  };
  return {
    parcoursId: state.parcoursId,
    criCode: state.criCode,
    status: state.status === 'closed' ? 'closed' : 'open',
    obligation,
    regimeId: regime?.id ?? 'none',
    fineRange: regime?.fineRange ?? { min: 0, max: 0 },
    noticeResponseDays: rules.noticeResponseDays,
    deadlines: { presentation: breach('presentation'), attestation: breach('attestation') },
    trainingUnavailability: state.trainingUnavailability.map(({ axis, from, to }) => ({ axis, from, to })),
  };
}
