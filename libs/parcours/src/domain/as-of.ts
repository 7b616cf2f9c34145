/**
 * The case as it stood on a date (issue 16, item 4): every fact dated after `asOf` is hidden, so a
 * screen or document « au 15/10/2026 » shows neither the attestation issued in November nor the
 * hours of a period that ended later. Pure: a function of the folded state and the date.
 *
 * What a date cannot undo, because the history does not date it: the content of a convention
 * amendment (the latest content is shown once the first signature is on or before `asOf`), the
 * accompagnateur (assignment is not dated), and personal data (always the current, possibly
 * corrected, values). `knownAt` (events recorded later are ignored) is the tool for those.
 */
import { isOnOrBefore, type IsoDate } from '@app/calendar';
import type { ParcoursRecord, ParcoursState } from './state';

const upTo =
  (asOf: IsoDate) =>
  (date: IsoDate): boolean =>
    isOnOrBefore(date, asOf);

export function stateAsOf(state: ParcoursState, asOf: IsoDate): ParcoursState {
  if (state.status === 'none') return state;
  const on = upTo(asOf);
  // A transfer after asOf had not happened: the case was still in the CRI and commune it left.
  const laterTransfer = state.transfers.find((t) => !on(t.date));
  const transfers = state.transfers.filter((t) => on(t.date));
  const obligationHistory = state.obligationHistory.filter(
    (c) => c.effectiveOn === null || on(c.effectiveOn),
  );
  const inForce = obligationHistory[obligationHistory.length - 1];
  const record: ParcoursRecord = {
    ...state,
    criCode: laterTransfer?.fromCri ?? state.criCode,
    communeCode: laterTransfer?.fromCommuneCode ?? state.communeCode,
    obligation: inForce?.obligation ?? state.obligation,
    obligationReasons: inForce?.reasons ?? state.obligationReasons,
    obligationHistory,
    presentedOn: state.presentedOn !== null && on(state.presentedOn) ? state.presentedOn : null,
    rightsAndDutiesOn:
      state.rightsAndDutiesOn !== null && on(state.rightsAndDutiesOn) ? state.rightsAndDutiesOn : null,
    bilanSocial: state.bilanSocial !== null && on(state.bilanSocial.date) ? state.bilanSocial : null,
    frenchPositionings: state.frenchPositionings.filter((p) => on(p.date)),
    convention: state.convention !== null && on(state.convention.firstSignedOn) ? state.convention : null,
    // Hours count once their period has ended (as requirements do): a period ending later is not yet recorded.
    frenchHours: state.frenchHours.filter((p) => on(p.to)),
    citizenshipHours: state.citizenshipHours.filter((p) => on(p.to)),
    ispHours: state.ispHours.filter((s) => on(s.date)),
    frenchCertifications: state.frenchCertifications.filter((c) => on(c.date)),
    evaluations: state.evaluations.filter((e) => on(e.date)),
    dispenses: state.dispenses.filter((d) => on(d.decidedOn)),
    // A suspension or unavailability begun by then is shown with its end as recorded (a planned end is known from
    // the start; deadlines already count a later end only up to asOf, rule 19).
    deadlineAdjustments: state.deadlineAdjustments.filter((a) =>
      on(a.kind === 'extension' ? a.decidedOn : a.from),
    ),
    trainingUnavailability: state.trainingUnavailability.filter((u) => on(u.from)),
    attestation: state.attestation !== null && on(state.attestation.issuedOn) ? state.attestation : null,
    transfers,
    nationalityDossier:
      state.nationalityDossier !== null && on(state.nationalityDossier.openedOn)
        ? state.nationalityDossier
        : null,
    nationalityProofs: state.nationalityProofs.filter((p) => on(p.date)),
  };
  // A closure after asOf had not happened: the case was open.
  if (state.status === 'closed' && on(state.closure.date))
    return { ...record, status: 'closed', closure: state.closure };
  return { ...record, status: 'open', closure: null };
}
