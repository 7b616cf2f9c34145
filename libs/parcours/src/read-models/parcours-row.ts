import {
  evaluateNationalityDossier,
  regimeFor,
  stageOf,
  type IsoDate,
  type ParcoursState,
  type RuleConfig,
} from '../domain';
import { deadlineSegments, deadlineTail, type DeadlineTail } from './deadline-segments';
import { searchTextOf, sortNameOf } from './search-text';

/** One row of rm_parcours_v1: the case list, the detail's folded state, and what the dashboards count. */
export type ParcoursRow = {
  parcours_id: string;
  version: number;
  cri_code: string;
  opening_cri_code: string;
  accompagnateur_id: string | null;
  last_name: string | null;
  first_name: string | null;
  birth_date: string | null;
  niss: string | null;
  search_text: string;
  sort_name: string;
  obligation: string;
  stage: string;
  status: string;
  regime_id: string | null;
  opened_on: IsoDate | null;
  commune_registration_date: IsoDate | null;
  card_order_date: IsoDate | null;
  presented_on: IsoDate | null;
  convention_signed_on: IsoDate | null;
  attestation_issued_on: IsoDate | null;
  attestation_cri_code: string | null;
  closed_on: IsoDate | null;
  dispense_categories: string[];
  nationality_dossier_opened_on: IsoDate | null;
  nationality_dossier_complete: boolean | null;
  erased_on: IsoDate | null;
  state: ParcoursState;
  segments_key: string;
  deadlines_tail_from: string;
  presentation_present: boolean;
  presentation_from: string | null;
  presentation_due: IsoDate | null;
  presentation_grows: boolean;
  presentation_fixed: string | null;
  attestation_present: boolean;
  attestation_from: string | null;
  attestation_due: IsoDate | null;
  attestation_grows: boolean;
  attestation_fixed: string | null;
  evaluation_present: boolean;
  evaluation_from: string | null;
  evaluation_due: IsoDate | null;
  evaluation_grows: boolean;
  evaluation_fixed: string | null;
};

/** The row of a folded parcours (everything derived from the state, so that an erased state gives erased columns). */
export function parcoursRow(
  state: ParcoursState,
  extra: { version: number; erasedOn: IsoDate | null; segmentsKey: string; tail?: DeadlineTail },
  rules: RuleConfig,
): ParcoursRow {
  const person = state.person;
  const dossier = state.nationalityDossier;
  const tail = extra.tail ?? deadlineTail(deadlineSegments(state, rules));
  return {
    parcours_id: state.parcoursId,
    version: extra.version,
    cri_code: state.criCode,
    opening_cri_code: state.transfers[0]?.fromCri ?? state.criCode,
    accompagnateur_id: state.accompagnateurId,
    last_name: person?.lastName ?? null,
    first_name: person?.firstName ?? null,
    birth_date: person?.birthDate ?? null,
    niss: person?.niss ?? null,
    search_text: searchTextOf(person),
    sort_name: sortNameOf(person),
    obligation: state.obligation ?? 'voluntary',
    stage: stageOf(state),
    status: state.status,
    regime_id: regimeFor(state, rules)?.id ?? null,
    opened_on: state.openedOn,
    commune_registration_date: state.communeRegistrationDate,
    card_order_date: state.cardOrderDate,
    presented_on: state.presentedOn,
    convention_signed_on: state.convention?.firstSignedOn ?? null,
    attestation_issued_on: state.attestation?.issuedOn ?? null,
    attestation_cri_code: state.attestation?.criCode ?? null,
    closed_on: state.closure?.date ?? null,
    dispense_categories: [
      ...new Set([...state.obligationFacts.automaticDispenses, ...state.dispenses.map((d) => d.category)]),
    ].sort(),
    nationality_dossier_opened_on: dossier?.openedOn ?? null,
    // Every recorded fact is dated today or before: evaluated at the latest of them, "complete" is the dossier as recorded.
    nationality_dossier_complete:
      dossier === null
        ? null
        : evaluateNationalityDossier(state, latestDate(state) ?? dossier.openedOn).complete,
    erased_on: extra.erasedOn,
    state,
    segments_key: extra.segmentsKey,
    deadlines_tail_from: tail.tailFrom,
    ...tailColumns(tail),
  };
}

function tailColumns(tail: DeadlineTail) {
  const of = (kind: keyof DeadlineTail['kinds']) => {
    const k = tail.kinds[kind];
    return [k.present, k.validFrom, k.dueOn, k.dueGrows, k.fixedStatus] as const;
  };
  const [pp, pf, pd, pg, px] = of('presentation');
  const [ap, af, ad, ag, ax] = of('attestation');
  const [ep, ef, ed, eg, ex] = of('evaluation');
  return {
    presentation_present: pp,
    presentation_from: pf,
    presentation_due: pd,
    presentation_grows: pg,
    presentation_fixed: px,
    attestation_present: ap,
    attestation_from: af,
    attestation_due: ad,
    attestation_grows: ag,
    attestation_fixed: ax,
    evaluation_present: ep,
    evaluation_from: ef,
    evaluation_due: ed,
    evaluation_grows: eg,
    evaluation_fixed: ex,
  };
}

function latestDate(state: ParcoursState): IsoDate | null {
  let latest: IsoDate | null = null;
  JSON.stringify(state, (key, value: unknown) => {
    if (key === 'person' || key === 'residencePermit') return undefined;
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && (latest === null || value > latest))
      latest = value;
    return value;
  });
  return latest;
}
