import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  regimeFor,
  deadlines,
  deadlineStatusSql,
  dueOnSql,
  DISPENSE_LABELS,
  caseAttestationDueSql,
  caseUrgencySql,
  caseUrgentDueSql,
  dueSoonParcoursSql,
  escapeLike,
  caseOverdueParts,
  caseOverdueSql,
  evaluateNationalityDossier,
  evaluateRequirements,
  PARCOURS_READ_PROJECTION,
  PERSONAL_DATA_ERASED,
  initialParcoursState,
  PARCOURS_TABLE,
  countryName,
  currentCommuneCode,
  findCommune,
  languageName,
  ParcoursReadEntity,
  searchTerms,
  SEGMENTS_TABLE,
  segmentHoldsSql,
  stageOf,
  stateAsOf,
  STATUS_URGENCY,
  statusUrgencySql,
  type DeadlineStatus,
  type IsoDate,
  type ParcoursState,
} from '@app/parcours';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../auth/roles';
import { MAX_PAGE_SIZE, type ParcoursListQuery, type ParcoursSort } from './read.dto';
import { ReadContext, SqlParams } from './read-context';
import { StaffNames } from '../auth/staff-names';
import type { AppProblem } from '../http/problem';
import { evolveParcours, parcoursStreamId, transferredAway } from '../parcours/parcours-stream';
import { fold, listParkedEvents, type EventStore } from '@app/event-store';
import { belgianDate, EVENT_STORE } from '@app/platform';
import { notFound } from '../http/problem';
import { isValidDate } from '@app/calendar';
import type { Pool } from 'pg';

export type ParcoursListItem = {
  parcoursId: string;
  person: { lastName: string | null; firstName: string | null; birthDate: string | null };
  criCode: string;
  obligation: string;
  stage: string;
  /** The most urgent status among the case's deadlines at asOf (overdue, due-soon, suspended, on-track, met, …). */
  deadlineStatus: DeadlineStatus;
  /** Which deadline gives that status, and its due date (null when not applicable). */
  deadlineKind: string | null;
  deadlineDueOn: IsoDate | null;
  /** Due date of the attestation at asOf (after extensions and suspensions); null when the case has none. */
  attestationDeadline: IsoDate | null;
  accompagnateurId: string | null;
  openedOn: IsoDate | null;
  /** The transfer that brought the case into its current CRI (null if it was opened there). */
  transferredIn: { fromCri: string; date: IsoDate } | null;
};

export type ParcoursList = {
  items: ParcoursListItem[];
  total: number;
  page: number;
  pageSize: number;
  asOf: IsoDate;
};

type ListRow = {
  parcours_id: string;
  last_name: string | null;
  first_name: string | null;
  birth_date: string | null;
  cri_code: string;
  obligation: string;
  stage: string;
  accompagnateur_id: string | null;
  opened_on: string | null;
  deadline_status: string | null;
  deadline_kind: string | null;
  deadline_due_on: string | null;
  attestation_due_on: string | null;
  last_transfer: { fromCri: string; toCri: string; date: IsoDate } | null;
  total?: string;
};

const KIND_ORDER = `ARRAY['presentation', 'attestation', 'evaluation']::text[]`;

/** ORDER BY of each sort, over the columns of the filtered set (sort_name, opened_on, urgency_rank, urgency_due, attestation_due). */
const SORT_SQL: Record<ParcoursSort, string> = {
  name: 'sort_name, parcours_id',
  '-name': 'sort_name DESC, parcours_id DESC',
  opened: 'opened_on NULLS LAST, parcours_id',
  '-opened': 'opened_on DESC NULLS LAST, parcours_id',
  attestationDeadline: 'attestation_due NULLS LAST, sort_name, parcours_id',
  '-attestationDeadline': 'attestation_due DESC NULLS LAST, sort_name, parcours_id',
  urgency: 'urgency_rank, urgency_due NULLS LAST, sort_name, parcours_id',
};
/** Sorts that need every candidate's deadlines (the others sort the page first, then read its deadlines). */
const DEADLINE_SORTS: readonly ParcoursSort[] = ['attestationDeadline', '-attestationDeadline', 'urgency'];

/** The commune by its French name, and the one it became after a merger (La Louvière 55022 → 58001). */
function communeView(code: string | null) {
  const commune = code === null ? undefined : findCommune(code);
  if (!commune) return null;
  const current = findCommune(currentCommuneCode(commune.code)) ?? commune;
  return {
    code: commune.code,
    name: commune.name,
    postcode: commune.postcode,
    current: current.code === commune.code ? null : { code: current.code, name: current.name },
  };
}

/** The case list (rm_parcours_v1 + deadline segments) and the case detail (the domain run on the stored state). */
@Injectable()
export class ParcoursQueries {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ctx: ReadContext,
    private readonly staff: StaffNames,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async list(user: AuthenticatedUser, query: ParcoursListQuery): Promise<ParcoursList> {
    const page = query.page ?? 1;
    const pageSize = Math.min(query.pageSize ?? 50, MAX_PAGE_SIZE);
    const asOf = this.ctx.asOf(query.asOf);
    const scope = this.ctx.scope(user, query.cri);
    if (scope === 'none') return { items: [], total: 0, page, pageSize, asOf };

    const terms = searchTerms(query.q ?? '');
    if ((query.q ?? '').trim() !== '' && terms.length === 0)
      return { items: [], total: 0, page, pageSize, asOf };
    const sortKey = query.sort ?? 'name';
    const sort = SORT_SQL[sortKey];
    const offset = (page - 1) * pageSize;

    const p = new SqlParams();
    const at = p.add(asOf, '::date');
    const soon = p.add(this.ctx.rules.dueSoonDays, '::int');
    const conditions = this.filters(p, scope.cri, query, terms);
    if (query.status !== undefined) {
      conditions.push(...statusConditions(query.status as DeadlineStatus, at, () => soon, p, scope.cri));
    }
    const status = deadlineStatusSql('s', at, soon);
    const due = dueOnSql('s', at);
    // The deadlines shown for each case of the page: its most urgent one, and the attestation's due date.
    const deadlineJoins = `
      LEFT JOIN LATERAL (
        SELECT s.kind, ${status} AS status, ${due} AS due_on
        FROM ${SEGMENTS_TABLE} s
        WHERE s.parcours_id = p.parcours_id AND ${segmentHoldsSql('s', at)}
        ORDER BY ${statusUrgencySql(status)}, ${due} NULLS LAST, array_position(${KIND_ORDER}, s.kind)
        LIMIT 1
      ) d ON true
      LEFT JOIN LATERAL (
        SELECT ${due} AS due_on
        FROM ${SEGMENTS_TABLE} s
        WHERE s.parcours_id = p.parcours_id AND s.kind = 'attestation' AND ${segmentHoldsSql('s', at)}
        LIMIT 1
      ) a ON true
      LEFT JOIN LATERAL (
        SELECT x.state->'transfers'->-1 AS last_transfer FROM ${PARCOURS_TABLE} x WHERE x.parcours_id = p.parcours_id
      ) t ON true`;
    const shown = `p.parcours_id, p.last_name, p.first_name, p.birth_date, p.cri_code, p.obligation, p.stage, p.accompagnateur_id,
      p.opened_on::text AS opened_on, d.status AS deadline_status, d.kind AS deadline_kind,
      d.due_on::text AS deadline_due_on, a.due_on::text AS attestation_due_on, t.last_transfer`;
    const whereSql = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const limit = p.add(pageSize, '::int');
    const skip = p.add(offset, '::int');
    // A name search selects first (trigram index), then sorts what it found: walking the name index instead, as
    // the planner would for a common name, reads every case whose name sorts before the first match.
    const searched = terms.some((t) => t.length >= 3);

    if (!DEADLINE_SORTS.includes(sortKey)) {
      // Sorted by a column of the case: the page is read in index order, and only its cases' deadlines are read.
      const pageColumns = `p.parcours_id, p.last_name, p.first_name, p.birth_date, p.cri_code, p.obligation, p.stage, p.accompagnateur_id, p.opened_on, p.sort_name`;
      const candidates = searched
        ? `(WITH m AS MATERIALIZED (SELECT ${pageColumns} FROM ${PARCOURS_TABLE} p ${whereSql}) SELECT * FROM m) p`
        : `${PARCOURS_TABLE} p ${whereSql}`;
      const [rows, total] = await Promise.all([
        this.db.query<ListRow[]>(
          `SELECT ${shown}
           FROM (SELECT ${pageColumns} FROM ${candidates} ORDER BY ${sort} LIMIT ${limit} OFFSET ${skip}) p
           ${deadlineJoins}
           ORDER BY ${sort.replace(/\b(sort_name|opened_on|parcours_id)\b/g, 'p.$1')}`,
          p.values,
        ),
        this.count(scope.cri, query, terms, asOf),
      ]);
      return { items: rows.map(toListItem), total, page, pageSize, asOf };
    }

    // Sorted by deadline: every candidate's deadlines at asOf (tail columns at today's date, segments earlier).
    const computed = `${sortKey === 'urgency' ? caseUrgencySql('p', at, soon) : 'NULL::int'} AS urgency_rank,
         ${sortKey === 'urgency' ? caseUrgentDueSql('p', at, soon) : 'NULL::date'} AS urgency_due,
         ${sortKey.endsWith('attestationDeadline') ? caseAttestationDueSql('p', at) : 'NULL::date'} AS attestation_due`;
    const filtered = `SELECT p.parcours_id, p.sort_name, p.opened_on, ${computed} FROM ${PARCOURS_TABLE} p ${whereSql}`;
    // One statement: the count of the filtered set, and the page (none past the end) with what is shown of each case.
    const rows = await this.db.query<Array<Partial<ListRow> & { total: string }>>(
      `WITH f AS (${filtered}),
       page AS (SELECT f.parcours_id, row_number() OVER (ORDER BY ${sort}) AS rn FROM f ORDER BY ${sort} LIMIT ${limit} OFFSET ${skip})
       SELECT c.total, r.* FROM (SELECT count(*) AS total FROM f) c
       LEFT JOIN (
         SELECT ${shown}, page.rn FROM page JOIN ${PARCOURS_TABLE} p ON p.parcours_id = page.parcours_id
         ${deadlineJoins}
       ) r ON true
       ORDER BY r.rn`,
      p.values,
    );
    const total = Number(rows[0]?.total ?? 0);
    const items = rows
      .filter((r): r is ListRow & { total: string } => typeof r.parcours_id === 'string')
      .map(toListItem);
    return { items, total, page, pageSize, asOf };
  }

  /**
   * The number of cases of the list's filter. "Overdue" is counted in its two disjoint parts (tail column, segments),
   * each from its own index, instead of evaluating the whole condition on every case row.
   */
  private async count(
    cri: string | null,
    query: ParcoursListQuery,
    terms: readonly string[],
    asOf: IsoDate,
  ): Promise<number> {
    const p = new SqlParams();
    const base = this.filters(p, cri, query, terms);
    const status = query.status as DeadlineStatus | undefined;
    let parts: string[][] = [base];
    if (status === 'overdue') {
      const at = p.add(asOf, '::date');
      parts = caseOverdueParts('p', at).map((part) => [...base, part]);
    } else if (status !== undefined) {
      const at = p.add(asOf, '::date');
      let soon: string | null = null;
      const lazySoon = () => (soon ??= p.add(this.ctx.rules.dueSoonDays, '::int'));
      parts = [[...base, ...statusConditions(status, at, lazySoon, p, cri)]];
    }
    const counts = parts.map(
      (where) =>
        `(SELECT count(*) FROM ${PARCOURS_TABLE} p${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''})`,
    );
    const rows = await this.db.query<Array<{ total: string }>>(
      `SELECT ${counts.join(' + ')} AS total`,
      p.values,
    );
    return Number(rows[0]?.total ?? 0);
  }

  private filters(
    p: SqlParams,
    cri: string | null,
    query: ParcoursListQuery,
    terms: readonly string[],
  ): string[] {
    const where: string[] = [];
    if (cri !== null) where.push(`p.cri_code = ${p.add(cri)}`);
    if (query.obligation) where.push(`p.obligation = ${p.add(query.obligation)}`);
    if (query.stage) where.push(`p.stage = ${p.add(query.stage)}`);
    // A user recorded by username on some cases and by user id on older ones: both are theirs.
    if (query.accompagnateurId)
      where.push(
        `p.accompagnateur_id = ANY(${p.add(this.staff.aliases(query.accompagnateurId), '::text[]')})`,
      );
    for (const term of terms) where.push(`p.search_text LIKE ${p.add(`%${escapeLike(term)}%`)}`);
    // Cases waiting for their coordinator: open and without accompagnateur; transferred in, when they came by a transfer.
    if (query.assignment !== undefined) where.push(`p.accompagnateur_id IS NULL AND p.status = 'open'`);
    if (query.assignment === 'transferred-in') where.push(`jsonb_array_length(p.state->'transfers') > 0`);
    return where;
  }

  /** The stored row of a case the reader may see, or null (unknown, malformed id, or another CRI's case). */
  async findVisible(user: AuthenticatedUser, parcoursId: string): Promise<ParcoursReadEntity | null> {
    if (!isUUID(parcoursId)) return null;
    const row = await this.db.getRepository(ParcoursReadEntity).findOneBy({ parcoursId });
    if (row === null || !this.ctx.canSee(user, row.criCode)) return null;
    return row;
  }

  /**
   * The case as it was recorded at an instant (api.md v2 `knownAt`, for appeals and audits): the events recorded
   * later are ignored, corrections and cancellations included; the rest is folded by the domain as always. A date
   * alone means the end of that day in Belgium. 404 when the case was not recorded yet at that instant.
   */
  async asRecorded(parcoursId: string, knownAt: string) {
    const known = isValidDate(knownAt)
      ? (at: string) => belgianDate(new Date(at)) <= knownAt
      : (at: string) => Date.parse(at) <= Date.parse(knownAt);
    const events = (await this.store.readStream(parcoursStreamId(parcoursId))).filter((e) =>
      known(e.metadata.recordedAt),
    );
    if (events.length === 0) throw notFound("Ce parcours n'était pas encore enregistré à cet instant.");
    const erasure = events.find((e) => e.type === PERSONAL_DATA_ERASED);
    return {
      parcoursId,
      version: String(events.length),
      state: fold(events, initialParcoursState, evolveParcours),
      erasedOn: erasure ? ((erasure.data as { decidedOn?: string }).decidedOn ?? null) : null,
      knownAt,
      asOf: isValidDate(knownAt) ? knownAt : belgianDate(new Date(knownAt)),
    };
  }

  /**
   * Whether this case's read model waits on a parked event (issue 14): what the page shows is the case as it stood
   * before that event, until an administrator resolves it (`jalon projections status`).
   */
  async readModelState(parcoursId: string): Promise<{ parked: { since: string; events: number } | null }> {
    const pool = (this.db.driver as unknown as { master: Pool }).master;
    const parked = await listParkedEvents(pool, [PARCOURS_READ_PROJECTION], parcoursStreamId(parcoursId));
    return { parked: parked.length === 0 ? null : { since: parked[0].parkedAt, events: parked.length } };
  }

  /** For a CRI user, the 410 of a case that was transferred out of their CRI (null otherwise). */
  async transferredAway(user: AuthenticatedUser, parcoursId: string): Promise<AppProblem | null> {
    if (!isUUID(parcoursId) || user.cri === null) return null;
    const row = await this.db.getRepository(ParcoursReadEntity).findOneBy({ parcoursId });
    return row === null ? null : transferredAway(row.state, user.cri);
  }

  /**
   * The case as it stood on a date: facts dated later are hidden (`stateAsOf`), then the domain's own rules
   * (deadlines, requirements, nationality dossier) run on that state.
   */
  detail(
    row: Pick<ParcoursReadEntity, 'parcoursId' | 'version' | 'state' | 'erasedOn'>,
    asOfRequested: string | undefined,
  ) {
    const asOf = this.ctx.asOf(asOfRequested);
    const rules = this.ctx.rules;
    const state: ParcoursState = stateAsOf(row.state, asOf);
    const requirements = evaluateRequirements(state, asOf, rules);
    const regime = regimeFor(state, rules);
    const dossier = state.nationalityDossier === null ? null : evaluateNationalityDossier(state, asOf);
    const dispenses = [
      ...state.obligationFacts.automaticDispenses.map((category) => ({
        category,
        label: DISPENSE_LABELS[category],
        decidedOn: null as IsoDate | null,
        evidence: null as string | null,
        automatic: true,
      })),
      ...state.dispenses.map((d) => ({
        category: d.category,
        label: DISPENSE_LABELS[d.category],
        decidedOn: d.decidedOn,
        evidence: d.evidence,
        automatic: false,
      })),
    ];
    const person = state.person;
    return {
      parcoursId: row.parcoursId,
      version: Number(row.version),
      asOf,
      status: state.status,
      stage: stageOf(state),
      person:
        person === null
          ? null
          : {
              lastName: person.lastName,
              firstName: person.firstName,
              birthDate: person.birthDate,
              nationality: person.nationality,
              nationalityName: countryName(person.nationality),
              niss: person.niss,
              sex: person.sex,
              contactLanguage: person.contactLanguage,
              contactLanguageName: languageName(person.contactLanguage),
            },
      personalDataErasedOn: row.erasedOn,
      criCode: state.criCode,
      communeCode: state.communeCode,
      commune: communeView(state.communeCode),
      accompagnateurId: state.accompagnateurId,
      openedOn: state.openedOn,
      communeRegistrationDate: state.communeRegistrationDate,
      cardOrderDate: state.cardOrderDate,
      legalStaySince: state.legalStaySince,
      residencePermit: state.residencePermit,
      flags: state.flags,
      obligation: state.obligation,
      obligationReasons: state.obligationReasons,
      obligationHistory: state.obligationHistory,
      regime:
        regime === null
          ? null
          : { id: regime.id, label: regime.label, source: regime.source, confidence: regime.confidence },
      accueil: {
        presentedOn: state.presentedOn,
        rightsAndDutiesOn: state.rightsAndDutiesOn,
        bilanSocial: state.bilanSocial,
        frenchPositionings: state.frenchPositionings,
        complete: requirements.accueil.complete,
      },
      convention: state.convention,
      progress: requirements.progress,
      requirements: {
        met: requirements.met,
        missing: requirements.missing,
        ispRequired: requirements.ispRequired,
        frenchValidation: requirements.frenchValidation,
        frenchLevel: requirements.frenchLevel,
      },
      deadlines: deadlines(state, asOf, rules).map((d) => ({
        kind: d.kind,
        dueOn: d.dueOn,
        status: d.status,
        explanation: d.explanation,
        metOn: d.metOn,
        daysLate: d.daysLate,
      })),
      attestation: state.attestation,
      dispense: dispenses.length > 0 ? dispenses[dispenses.length - 1] : null,
      dispenses,
      extensions: state.deadlineAdjustments.filter((a) => a.kind === 'extension'),
      suspensions: state.deadlineAdjustments.filter((a) => a.kind === 'suspension'),
      trainingUnavailability: state.trainingUnavailability,
      trainings: {
        french: state.frenchHours,
        citizenship: state.citizenshipHours,
        isp: state.ispHours,
        frenchCertifications: state.frenchCertifications,
      },
      evaluations: state.evaluations,
      transfers: state.transfers,
      closure: state.closure,
      nationalityDossier:
        dossier === null
          ? null
          : {
              openedOn: dossier.openedOn,
              basis: dossier.basis,
              complete: dossier.complete,
              conditions: dossier.conditions.map((c) => ({
                condition: c.condition,
                label: c.label,
                status: c.status,
                note: c.note,
              })),
              proofs: state.nationalityProofs,
            },
    };
  }
}

/**
 * "The most urgent deadline of the case has this status at asOf": the exact test, preceded, for the statuses of a
 * running or stopped clock, by an index-friendly pre-selection from the segments (implied by the exact test).
 */
function statusConditions(
  status: DeadlineStatus,
  at: string,
  soon: () => string,
  p: SqlParams,
  cri: string | null,
): string[] {
  // A case with an overdue deadline is overdue; with one due soon and none overdue, due-soon.
  if (status === 'overdue') return [caseOverdueSql('p', at)];
  if (status === 'due-soon') {
    const inCri = cri === null ? 'true' : `s.cri_code = ${p.add(cri)}`;
    return [`p.parcours_id IN (${dueSoonParcoursSql(at, soon(), inCri)})`, `NOT ${caseOverdueSql('p', at)}`];
  }
  const exact = `${caseUrgencySql('p', at, soon())} = ${p.add(STATUS_URGENCY.indexOf(status as (typeof STATUS_URGENCY)[number]) + 1, '::int')}`;
  if (status === 'suspended') {
    return [
      `p.parcours_id IN (SELECT s.parcours_id FROM ${SEGMENTS_TABLE} s WHERE s.fixed_status = 'suspended' AND ${segmentHoldsSql('s', at)})`,
      exact,
    ];
  }
  return [exact];
}

function toListItem(row: ListRow): ParcoursListItem {
  return {
    parcoursId: row.parcours_id,
    person: { lastName: row.last_name, firstName: row.first_name, birthDate: row.birth_date },
    criCode: row.cri_code,
    obligation: row.obligation,
    stage: row.stage,
    deadlineStatus: (row.deadline_status ?? 'not-applicable') as DeadlineStatus,
    deadlineKind: row.deadline_kind,
    deadlineDueOn: row.deadline_due_on,
    attestationDeadline: row.attestation_due_on,
    accompagnateurId: row.accompagnateur_id,
    openedOn: row.opened_on,
    transferredIn:
      row.last_transfer !== null && row.last_transfer.toCri === row.cri_code
        ? { fromCri: row.last_transfer.fromCri, date: row.last_transfer.date }
        : null,
  };
}
