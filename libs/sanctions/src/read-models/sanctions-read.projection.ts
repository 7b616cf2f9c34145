import type { Projection, ProjectionTx, RecordedEvent } from '@app/event-store';
import {
  evolveSanction,
  initialSanctionState,
  SANCTION_EVENT_TYPES,
  sanctionStage,
  toEuros,
  type SanctionEvent,
  type SanctionProcedure,
  type SanctionState,
} from '../domain';

export const SANCTIONS_TABLE = 'rm_sanctions_v1';
export const SANCTIONS_READ_PROJECTION = 'sanctions_read_v1';
export const SANCTION_STREAM_PREFIX = 'sanction-';

const DOMAIN_TYPES = new Set<string>(SANCTION_EVENT_TYPES);

/** One row of rm_sanctions_v1: where a procedure stands, its dates and amounts. Nothing personal. */
export type SanctionRow = {
  procedure_id: string;
  version: number;
  parcours_id: string;
  cri_code: string;
  breach: string;
  stage: string;
  status: 'open' | 'closed';
  regime_id: string;
  reported_on: string;
  anchor_on: string | null;
  due_on: string;
  explanation: readonly string[];
  notice_sent_on: string | null;
  respond_by: string | null;
  notice_count: number;
  defence_count: number;
  decision: 'fine' | 'dismissed' | null;
  decided_on: string | null;
  dismissal_reason: string | null;
  fine_amount: number | null;
  amount_due: number;
  amount_paid: number;
  appeal_lodged_on: string | null;
  appeal_outcome: string | null;
  appeal_decided_on: string | null;
  withdrawn_on: string | null;
  closed_on: string | null;
  last_step_on: string;
  opened_at: string | null;
  updated_at: string | null;
  state: SanctionProcedure;
};

const ROW_COLUMNS: ReadonlyArray<[keyof SanctionRow, string]> = [
  ['procedure_id', 'text'],
  ['version', 'bigint'],
  ['parcours_id', 'text'],
  ['cri_code', 'text'],
  ['breach', 'text'],
  ['stage', 'text'],
  ['status', 'text'],
  ['regime_id', 'text'],
  ['reported_on', 'date'],
  ['anchor_on', 'date'],
  ['due_on', 'date'],
  ['explanation', 'jsonb'],
  ['notice_sent_on', 'date'],
  ['respond_by', 'date'],
  ['notice_count', 'int'],
  ['defence_count', 'int'],
  ['decision', 'text'],
  ['decided_on', 'date'],
  ['dismissal_reason', 'text'],
  ['fine_amount', 'numeric'],
  ['amount_due', 'numeric'],
  ['amount_paid', 'numeric'],
  ['appeal_lodged_on', 'date'],
  ['appeal_outcome', 'text'],
  ['appeal_decided_on', 'date'],
  ['withdrawn_on', 'date'],
  ['closed_on', 'date'],
  ['last_step_on', 'date'],
  ['opened_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
  ['state', 'jsonb'],
];

/** The row of a folded procedure. `openedAt` / `updatedAt`: the recording instants of its first and latest events. */
export function sanctionRow(
  state: SanctionProcedure,
  extra: { version: number; openedAt: string | null; updatedAt: string | null },
): SanctionRow {
  const decision = state.decision;
  return {
    procedure_id: state.procedureId,
    version: extra.version,
    parcours_id: state.parcoursId,
    cri_code: state.criCode,
    breach: state.breach,
    stage: sanctionStage(state),
    status: state.status,
    regime_id: state.regimeId,
    reported_on: state.reportedOn,
    anchor_on: state.deadline.anchorOn,
    due_on: state.deadline.dueOn,
    explanation: state.deadline.explanation,
    notice_sent_on: state.notice?.sentOn ?? null,
    respond_by: state.notice?.respondBy ?? null,
    notice_count: state.noticeCount,
    defence_count: state.defences.length,
    decision: decision?.outcome ?? null,
    decided_on: decision?.decidedOn ?? null,
    dismissal_reason: decision?.outcome === 'dismissed' ? decision.reason : null,
    fine_amount: decision?.outcome === 'fine' ? toEuros(decision.amountCents) : null,
    amount_due: toEuros(state.amountDueCents),
    amount_paid: toEuros(state.paidCents),
    appeal_lodged_on: state.appeal?.lodgedOn ?? null,
    appeal_outcome: state.appeal?.outcome ?? null,
    appeal_decided_on: state.appeal?.decidedOn ?? null,
    withdrawn_on: state.withdrawnOn,
    closed_on: state.closedOn,
    last_step_on: state.lastStepOn,
    opened_at: extra.openedAt,
    updated_at: extra.updatedAt,
    state,
  };
}

type Stored = { procedure_id: string; version: string; state: SanctionState; opened_at: string | null };

/**
 * The read side of the sanction streams (`sanction-<procedureId>`): each batch loads the affected procedures once,
 * folds their new events with the domain's evolveSanction, and writes them with one upsert.
 * Idempotent per stream version (an event at or below the stored version has no effect); deterministic (rows depend
 * only on the events), so a rebuild gives the same rows. Other streams and unknown event types are ignored.
 */
export function createSanctionsReadProjection(): Projection {
  return {
    name: SANCTIONS_READ_PROJECTION,
    tables: [SANCTIONS_TABLE],
    // Only sanction streams change its rows: a rebuild reads those, not the whole log.
    streamPrefix: SANCTION_STREAM_PREFIX,
    apply: applyBatch,
  };
}

export const sanctionsReadProjection: Projection = createSanctionsReadProjection();

const recordsetType = ROW_COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ');
const columnList = ROW_COLUMNS.map(([c]) => c).join(', ');

async function applyBatch(events: readonly RecordedEvent[], tx: ProjectionTx): Promise<void> {
  const byProcedure = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    if (!event.streamId.startsWith(SANCTION_STREAM_PREFIX)) continue;
    const id = event.streamId.slice(SANCTION_STREAM_PREFIX.length);
    const list = byProcedure.get(id);
    if (list) list.push(event);
    else byProcedure.set(id, [event]);
  }
  if (byProcedure.size === 0) return;

  const table = tx.table(SANCTIONS_TABLE);
  const stored = await tx.query<Stored>(
    `SELECT procedure_id, version, state, opened_at FROM ${table} WHERE procedure_id = ANY($1::text[])`,
    [[...byProcedure.keys()]],
  );
  const known = new Map(stored.map((row) => [row.procedure_id, row]));
  const rows: SanctionRow[] = [];

  for (const [procedureId, streamEvents] of byProcedure) {
    const before = known.get(procedureId);
    const previousVersion = before ? Number(before.version) : 0;
    let version = previousVersion;
    let state: SanctionState = before?.state ?? initialSanctionState;
    let openedAt = before?.opened_at ? new Date(before.opened_at).toISOString() : null;
    let updatedAt: string | null = null;
    for (const event of [...streamEvents].sort((a, b) =>
      a.version < b.version ? -1 : a.version > b.version ? 1 : 0,
    )) {
      const eventVersion = Number(event.version);
      if (eventVersion <= version) continue;
      if (DOMAIN_TYPES.has(event.type)) {
        state = evolveSanction(state, { type: event.type, data: event.data } as unknown as SanctionEvent);
        if (event.type === 'SanctionProcedureOpened') openedAt ??= event.metadata.recordedAt ?? null;
      }
      updatedAt = event.metadata.recordedAt ?? updatedAt;
      version = eventVersion;
    }
    if (version === previousVersion || state.status === 'none') continue;
    rows.push({ ...sanctionRow(state, { version, openedAt, updatedAt }), procedure_id: procedureId });
  }
  if (rows.length === 0) return;

  await tx.query(
    `INSERT INTO ${table} (${columnList})
     SELECT ${columnList} FROM jsonb_to_recordset($1::jsonb) AS x(${recordsetType})
     ON CONFLICT (procedure_id) DO UPDATE SET ${ROW_COLUMNS.filter(([c]) => c !== 'procedure_id')
       .map(([c]) => `${c} = EXCLUDED.${c}`)
       .join(', ')}`,
    [JSON.stringify(rows)],
  );
}
