import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EventStore } from '@app/event-store';
import {
  dueOnSql,
  formatDateFr,
  PARCOURS_TABLE,
  SEGMENTS_TABLE,
  type IsoDate,
  type ParcoursState,
  type RuleConfig,
} from '@app/parcours';
import { belgianDate, CLOCK, EVENT_STORE, RULES, type Clock } from '@app/platform';
import {
  blockingUnavailability,
  BREACHES,
  SANCTION_EVENT_TYPES,
  sanctionStage,
  toEuros,
  type Breach,
  type SanctionProcedure,
  type TrainingUnavailabilityPeriod,
} from '@app/sanctions';
import {
  reducedSanctionStateSql,
  restoreSanctionState,
  sanctionableCase,
  SANCTIONS_TABLE,
  type SanctionableCase,
} from '@app/sanctions/read-models';
import { DataSource } from 'typeorm';
import { loadParcours } from '../parcours/parcours-stream';
import type { CsvCell } from '../read/csv';
import { procedureNotFound } from './execute-sanction-command';
import {
  BREACH_LABELS,
  DISMISSAL_REASON_LABELS,
  SANCTION_EVENT_LABELS,
  SANCTION_STAGE_LABELS,
} from './sanction-labels';
import { isProcedureId, loadProcedure } from './sanction-stream';
import type { SanctionableCsvQuery, SanctionableQuery, SanctionListQuery } from './sanctions.dto';
import { StaffNames } from '../auth/staff-names';

const DEFAULT_PAGE_SIZE = 50;

type ListRow = {
  procedure_id: string;
  version: string;
  parcours_id: string;
  cri_code: string;
  breach: Breach;
  stage: string;
  status: 'open' | 'closed';
  regime_id: string;
  reported_on: string;
  anchor_on: string | null;
  due_on: string;
  notice_sent_on: string | null;
  respond_by: string | null;
  defence_count: number;
  decision: 'fine' | 'dismissed' | null;
  decided_on: string | null;
  dismissal_reason: string | null;
  fine_amount: string | null;
  amount_due: string;
  amount_paid: string;
  appeal_lodged_on: string | null;
  appeal_outcome: string | null;
  withdrawn_on: string | null;
  closed_on: string | null;
  updated_at: Date | null;
  total: string;
};

export type SanctionableItem = SanctionableCase & {
  person: { lastName: string | null; firstName: string | null };
};

/** Read side of the sanction procedures: the list (rm_sanctions_v1), one procedure (its stream), the sanctionable cases. */
@Injectable()
export class SanctionsQueries {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RULES) private readonly rules: RuleConfig,
    private readonly staff: StaffNames,
  ) {}

  today(): IsoDate {
    return belgianDate(this.clock.now());
  }

  async list(query: SanctionListQuery) {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (value: unknown) => `$${params.push(value)}`;
    if (query.status === 'open') where.push(`status = 'open'`);
    else if (query.status) where.push(`stage = ${add(query.status)}`);
    if (query.cri) where.push(`cri_code = ${add(query.cri)}`);
    if (query.breach) where.push(`breach = ${add(query.breach)}`);
    if (query.parcoursId) where.push(`parcours_id = ${add(query.parcoursId)}`);
    const rows: ListRow[] = await this.db.query(
      `SELECT procedure_id, version, parcours_id, cri_code, breach, stage, status, regime_id, reported_on::text, anchor_on::text, due_on::text,
              notice_sent_on::text, respond_by::text, defence_count, decision, decided_on::text, dismissal_reason, fine_amount::text,
              amount_due::text, amount_paid::text, appeal_lodged_on::text, appeal_outcome, withdrawn_on::text, closed_on::text, updated_at,
              count(*) OVER () AS total
       FROM ${SANCTIONS_TABLE} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY reported_on DESC, procedure_id
       LIMIT ${add(pageSize)} OFFSET ${add((page - 1) * pageSize)}`,
      params,
    );
    const total = rows.length > 0 ? Number(rows[0].total) : await this.count(where, params.slice(0, -2));
    return { items: rows.map(listItem), total, page, pageSize };
  }

  private async count(where: string[], params: unknown[]): Promise<number> {
    const [row]: Array<{ n: string }> = await this.db.query(
      `SELECT count(*) AS n FROM ${SANCTIONS_TABLE} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`,
      params,
    );
    return Number(row.n);
  }

  /** One procedure, from its stream (so it reflects a command at once), with its steps and the person it concerns. */
  async detail(procedureId: string) {
    if (!isProcedureId(procedureId)) throw procedureNotFound();
    const { state, events } = await loadProcedure(this.store, procedureId);
    if (state.status === 'none') throw procedureNotFound();
    const parcours = await loadParcours(this.store, state.parcoursId);
    const person = parcours.state.person;
    const types = new Set<string>(SANCTION_EVENT_TYPES);
    const names = await this.staff.names(events.map((e) => e.metadata.actor.username));
    return {
      ...procedureView(state),
      person:
        person === null
          ? null
          : { lastName: person.lastName, firstName: person.firstName, birthDate: person.birthDate },
      parcoursCriCode: parcours.state.criCode || null,
      version: events.length,
      steps: events
        .filter((e) => types.has(e.type))
        .map((e) => ({
          type: e.type,
          label: SANCTION_EVENT_LABELS[e.type as keyof typeof SANCTION_EVENT_LABELS],
          version: Number(e.version),
          recordedAt: e.metadata.recordedAt,
          actor: {
            username: e.metadata.actor.username,
            role: e.metadata.actor.role,
            displayName: names.get(e.metadata.actor.username)?.displayName ?? e.metadata.actor.username,
            label: names.get(e.metadata.actor.username)?.label ?? e.metadata.actor.username,
          },
          data: e.data,
        })),
    };
  }

  /**
   * The cases that could be reported at `asOf`, soonest due date first, in two steps so that a list over 100k parcours
   * stays fast:
   * 1. `candidates`: an exact selection in SQL from the parcours read models (the breach's deadline segment at asOf is
   *    obliged, timed and past due — the segments are the domain's deadlines, see deadline-segments.spec.ts; the
   *    parcours is open; no procedure holds the breach), then the sanctions domain's own art. 152/8 check
   *    (`blockingUnavailability` over [anchor, due date]) on the few fields it needs;
   * 2. `judge`: for the cases actually shown (a page, or an export chunk), the sanction rules themselves on the folded
   *    state (`sanctionableCase`), which give the regime, the fine range and the French explanation of the deadline.
   */
  async candidates(
    query: SanctionableQuery | SanctionableCsvQuery,
  ): Promise<{ asOf: IsoDate; candidates: SanctionableCandidate[] }> {
    const asOf = query.asOf ?? this.today();
    const params: unknown[] = [query.breach ? [query.breach] : [...BREACHES], asOf];
    const cri = query.cri ? `AND s.cri_code = $${params.push(query.cri)}` : '';
    const due = dueOnSql('s', '$2::date');
    // Two plain queries rather than a join: the planner would scan every parcours row to hash-join a few thousand.
    const segments: Array<{ parcours_id: string; breach: Breach; cri_code: string; due_on: string }> =
      await this.db.query(
        `SELECT s.parcours_id, s.kind AS breach, s.cri_code, (${due})::text AS due_on
       FROM ${SEGMENTS_TABLE} s
       WHERE s.kind = ANY($1::text[]) AND s.obliged AND s.fixed_status IS NULL
         AND s.valid_from <= $2::date AND s.valid_to > $2::date
         AND s.due_on < $2::date AND ${due} < $2::date ${cri}
         AND NOT EXISTS (
           SELECT 1 FROM app_sanction_claims c WHERE c.parcours_id = s.parcours_id AND c.breach = s.kind
             -- a claim whose procedure is closed (its release failed) no longer holds the breach
             AND NOT EXISTS (SELECT 1 FROM ${SANCTIONS_TABLE} r WHERE r.procedure_id = c.procedure_id AND r.status = 'closed'))
       ORDER BY ${due}, s.parcours_id, s.kind`,
        params,
      );
    if (segments.length === 0) return { asOf, candidates: [] };
    const parcours: Array<{
      parcours_id: string;
      commune_registration_date: string | null;
      card_order_date: string | null;
      last_name: string | null;
      first_name: string | null;
      periods: TrainingUnavailabilityPeriod[] | null;
    }> = await this.db.query(
      `SELECT parcours_id, commune_registration_date::text, card_order_date::text, last_name, first_name,
              state -> 'trainingUnavailability' AS periods
       FROM ${PARCOURS_TABLE} WHERE parcours_id = ANY($1::text[]) AND status = 'open'`,
      [[...new Set(segments.map((row) => row.parcours_id))]],
    );
    const open = new Map(parcours.map((row) => [row.parcours_id, row]));
    const candidates: SanctionableCandidate[] = [];
    for (const row of segments) {
      const p = open.get(row.parcours_id);
      if (p === undefined) continue;
      // The clock's start, as the parcours domain's sanctionFacts gives it.
      const anchorOn = row.breach === 'presentation' ? p.commune_registration_date : p.card_order_date;
      if (blockingUnavailability(row.breach, { from: anchorOn, to: row.due_on }, p.periods ?? []).length > 0)
        continue;
      candidates.push({
        parcoursId: row.parcours_id,
        breach: row.breach,
        criCode: row.cri_code,
        dueOn: row.due_on,
        person: { lastName: p.last_name, firstName: p.first_name },
      });
    }
    return { asOf, candidates };
  }

  /** The sanction rules on the folded state of each candidate (in the candidates' order); a case they do not confirm is left out. */
  async judge(asOf: IsoDate, candidates: readonly SanctionableCandidate[]): Promise<SanctionableItem[]> {
    if (candidates.length === 0) return [];
    const ids = [...new Set(candidates.map((c) => c.parcoursId))];
    const rows: Array<{ parcours_id: string; state: Partial<ParcoursState> }> = await this.db.query(
      `SELECT parcours_id, ${reducedSanctionStateSql('state')} AS state FROM ${PARCOURS_TABLE} WHERE parcours_id = ANY($1::text[])`,
      [ids],
    );
    const states = new Map(rows.map((r) => [r.parcours_id, restoreSanctionState(r.state)]));
    const items: SanctionableItem[] = [];
    for (const candidate of candidates) {
      const state = states.get(candidate.parcoursId);
      const judged = state === undefined ? null : sanctionableCase(state, candidate.breach, asOf, this.rules);
      if (judged === null) continue;
      // The stream id is the id every command uses (the state's own id is the same for every real case).
      items.push({ ...judged, parcoursId: candidate.parcoursId, person: candidate.person });
    }
    return items;
  }
}

/** A case selected by SQL and the art. 152/8 check, before the rules explain it. */
export type SanctionableCandidate = {
  parcoursId: string;
  breach: Breach;
  criCode: string;
  dueOn: IsoDate;
  person: { lastName: string | null; firstName: string | null };
};

export const SANCTIONABLE_CSV_HEADER = [
  'Identifiant du parcours',
  'Nom',
  'Prénom',
  'CRI',
  'Manquement',
  'Début du délai',
  'Échéance',
  'Jours de retard',
  'Régime',
  'Amende minimale (€)',
  'Amende maximale (€)',
  'Explication',
] as const;

export function sanctionableCsvRow(item: SanctionableItem): CsvCell[] {
  return [
    item.parcoursId,
    item.person.lastName,
    item.person.firstName,
    item.criCode,
    BREACH_LABELS[item.breach],
    item.anchorOn === null ? null : formatDateFr(item.anchorOn),
    formatDateFr(item.dueOn),
    item.daysOverdue,
    item.regimeId,
    item.fineRange.min,
    item.fineRange.max,
    item.explanation.join(' ; '),
  ];
}

function listItem(row: ListRow) {
  return {
    procedureId: row.procedure_id,
    parcoursId: row.parcours_id,
    criCode: row.cri_code,
    breach: row.breach,
    breachLabel: BREACH_LABELS[row.breach],
    stage: row.stage,
    stageLabel: SANCTION_STAGE_LABELS[row.stage as keyof typeof SANCTION_STAGE_LABELS] ?? row.stage,
    status: row.status,
    regimeId: row.regime_id,
    reportedOn: row.reported_on,
    deadline: { anchorOn: row.anchor_on, dueOn: row.due_on },
    notice: row.notice_sent_on === null ? null : { sentOn: row.notice_sent_on, respondBy: row.respond_by },
    defences: row.defence_count,
    decision:
      row.decision === null
        ? null
        : {
            outcome: row.decision,
            decidedOn: row.decided_on,
            reason: row.dismissal_reason,
            amount: row.fine_amount === null ? null : Number(row.fine_amount),
          },
    amounts: {
      due: Number(row.amount_due),
      paid: Number(row.amount_paid),
      remaining: Math.max(0, Number(row.amount_due) - Number(row.amount_paid)),
    },
    appeal:
      row.appeal_lodged_on === null ? null : { lodgedOn: row.appeal_lodged_on, outcome: row.appeal_outcome },
    withdrawnOn: row.withdrawn_on,
    closedOn: row.closed_on,
    version: Number(row.version),
    updatedAt: row.updated_at === null ? null : new Date(row.updated_at).toISOString(),
  };
}

function procedureView(state: SanctionProcedure) {
  const decision = state.decision;
  return {
    procedureId: state.procedureId,
    parcoursId: state.parcoursId,
    criCode: state.criCode,
    breach: state.breach,
    breachLabel: BREACH_LABELS[state.breach],
    stage: sanctionStage(state),
    stageLabel: SANCTION_STAGE_LABELS[sanctionStage(state) as keyof typeof SANCTION_STAGE_LABELS],
    status: state.status,
    regimeId: state.regimeId,
    reportedOn: state.reportedOn,
    deadline: state.deadline,
    notice: state.notice === null ? null : { ...state.notice, count: state.noticeCount },
    defences: state.defences,
    decision:
      decision === null
        ? null
        : decision.outcome === 'fine'
          ? { outcome: 'fine' as const, decidedOn: decision.decidedOn, amount: toEuros(decision.amountCents) }
          : {
              outcome: 'dismissed' as const,
              decidedOn: decision.decidedOn,
              reason: decision.reason,
              reasonLabel: DISMISSAL_REASON_LABELS[decision.reason],
            },
    appeal: state.appeal,
    amounts: {
      due: toEuros(state.amountDueCents),
      paid: toEuros(state.paidCents),
      remaining: toEuros(Math.max(0, state.amountDueCents - state.paidCents)),
    },
    withdrawnOn: state.withdrawnOn,
    closedOn: state.closedOn,
    lastStepOn: state.lastStepOn,
  };
}
