import { useState, type FormEvent } from 'react';
import { client, read } from '../api/client';
import type { ComplianceItem, DeadlineStatus, Page, ParcoursListItem } from '../api/types';
import { useQuery } from '../api/use-query';
import { canRecord, useUser } from '../auth';
import { formatDate, personName } from '../format';
import {
  CRI_CODES,
  DEADLINE_KIND_LABELS,
  DEADLINE_STATUS_LABELS,
  OBLIGATION_LABELS,
  STAGE_LABELS,
  criShort,
  pick,
} from '../labels';
import { Link, setSearch, useLocation } from '../router';
import { Loading, ProblemAlert, StatusBadge } from '../ui/feedback';
import { PageTitle } from '../ui/page';
import { Pager } from '../ui/pager';

const PAGE_SIZE = 25;

/** « Mes dossiers »: the cases to act on first (overdue, due soon), searchable by name or NISS. */
export function WorklistPage() {
  const user = useUser();
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const status = search.get('statut') ?? '';
  const stage = search.get('etape') ?? '';
  const obligation = search.get('public') ?? '';
  const cri = search.get('cri') ?? '';
  const mine = user.role === 'accompagnateur' ? search.get('tous') !== '1' : false;
  const page = Math.max(1, Number(search.get('page') ?? '1') || 1);
  const criBound = user.cri !== null;

  const criFilter = criBound ? undefined : pick(CRI_CODES, cri);
  const query = {
    q: q || undefined,
    status: pick(DEADLINE_STATUS_LABELS, status),
    stage: pick(STAGE_LABELS, stage),
    obligation: pick(OBLIGATION_LABELS, obligation),
    cri: criFilter,
    accompagnateurId: mine ? user.username : undefined,
    sort: 'urgency' as const,
    page,
    pageSize: PAGE_SIZE,
  };
  const list = useQuery(JSON.stringify(query), () =>
    read<Page<ParcoursListItem>>(client.GET('/api/parcours', { params: { query } })),
  );
  const scope = { accompagnateurId: mine ? user.username : undefined, cri: criFilter, pageSize: 1 };
  const counts = useQuery(`counts-${JSON.stringify(scope)}`, async () => {
    const [overdue, soon] = await Promise.all(
      (['overdue', 'due-soon'] as const).map((s) =>
        read<Page<ParcoursListItem>>(
          client.GET('/api/parcours', { params: { query: { ...scope, status: s } } }),
        ),
      ),
    );
    return { overdue: overdue.total, dueSoon: soon.total };
  });
  // Interviews to convene: overdue ones first, then those due soon (never met, not-applicable or far-off ones).
  const evaluations = useQuery(`evaluations-${cri}`, async () => {
    const pages = await Promise.all(
      (['overdue', 'due-soon'] as const).map((s) =>
        read<Page<ComplianceItem>>(
          client.GET('/api/compliance/deadlines', {
            params: { query: { kind: 'evaluation', status: s, cri: criFilter, pageSize: 3 } },
          }),
        ),
      ),
    );
    return pages.flatMap((p) => p.items);
  });

  // A coordinator assigns the cases that arrived by a transfer (they come without accompagnateur).
  const coordinator = user.role === 'coordinateur';
  const arrived = useQuery(`transferred-in-${coordinator}`, async () =>
    coordinator
      ? read<Page<ParcoursListItem>>(
          client.GET('/api/parcours', { params: { query: { assignment: 'transferred-in', pageSize: 3 } } }),
        )
      : null,
  );

  const [text, setText] = useState(q);
  const current = {
    q,
    statut: status,
    etape: stage,
    public: obligation,
    cri,
    tous: mine ? null : user.role === 'accompagnateur' ? '1' : null,
  };
  const update = (patch: Record<string, string | null>) => setSearch({ ...current, ...patch, page: null });
  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    update({ q: text.trim() });
  };
  const title = user.role === 'accompagnateur' && mine ? 'Mes dossiers' : 'Dossiers';
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;

  return (
    <section>
      <PageTitle
        title={title}
        actions={
          canRecord(user.role) && user.role !== 'admin' ? (
            <Link to="/dossiers/nouveau" className="button button-primary">
              Ouvrir un parcours
            </Link>
          ) : null
        }
      >
        {title}
        {user.cri ? <span className="title-sub"> · {criShort(user.cri)}</span> : null}
      </PageTitle>

      <div className="summary-cards" aria-label="À traiter en priorité">
        <button
          type="button"
          className={`summary-card summary-danger ${status === 'overdue' ? 'is-active' : ''}`}
          aria-pressed={status === 'overdue'}
          onClick={() => update({ statut: status === 'overdue' ? null : 'overdue' })}
        >
          <span className="summary-number">{counts.data?.overdue ?? '…'}</span>
          <span className="summary-label">en retard</span>
        </button>
        <button
          type="button"
          className={`summary-card summary-warning ${status === 'due-soon' ? 'is-active' : ''}`}
          aria-pressed={status === 'due-soon'}
          onClick={() => update({ statut: status === 'due-soon' ? null : 'due-soon' })}
        >
          <span className="summary-number">{counts.data?.dueSoon ?? '…'}</span>
          <span className="summary-label">échéance dans les 60 jours</span>
        </button>
        <div className="summary-card summary-info">
          <span className="summary-label">Prochaines évaluations</span>
          {evaluations.data && evaluations.data.length > 0 ? (
            <ul className="compact-list">
              {evaluations.data.slice(0, 3).map((e) => (
                <li key={`${e.parcoursId}-${e.kind}`}>
                  <Link to={`/dossiers/${e.parcoursId}`}>{personName(e.person)}</Link> — {formatDate(e.dueOn)}
                  {e.status === 'overdue' ? ' (en retard)' : ''}
                </li>
              ))}
            </ul>
          ) : (
            <span className="hint">{evaluations.loading ? '…' : 'Aucune évaluation à planifier'}</span>
          )}
        </div>
        {coordinator ? (
          <div className="summary-card summary-info">
            <span className="summary-label">
              Arrivés par transfert, à attribuer{arrived.data ? ` (${arrived.data.total})` : ''}
            </span>
            {arrived.data && arrived.data.items.length > 0 ? (
              <ul className="compact-list">
                {arrived.data.items.map((i) => (
                  <li key={i.parcoursId}>
                    <Link to={`/dossiers/${i.parcoursId}`}>{personName(i.person)}</Link>
                    {i.transferredIn
                      ? ` — du ${criShort(i.transferredIn.fromCri)} le ${formatDate(i.transferredIn.date)}`
                      : ''}
                  </li>
                ))}
              </ul>
            ) : (
              <span className="hint">{arrived.loading ? '…' : 'Aucun dossier à attribuer'}</span>
            )}
          </div>
        ) : null}
      </div>

      <form className="filters" onSubmit={onSearch} role="search" aria-label="Rechercher un dossier">
        <div className="field field-grow">
          <label htmlFor="wl-q">Nom ou numéro national (NISS)</label>
          <input
            id="wl-q"
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoComplete="off"
          />
        </div>
        <button type="submit" className="button">
          Rechercher
        </button>
        <div className="field">
          <label htmlFor="wl-status">Échéance</label>
          <select id="wl-status" value={status} onChange={(e) => update({ statut: e.target.value })}>
            <option value="">Toutes</option>
            {(
              [
                'overdue',
                'due-soon',
                'on-track',
                'suspended',
                'met-late',
                'met',
                'dispensed',
                'not-applicable',
              ] as DeadlineStatus[]
            ).map((s) => (
              <option key={s} value={s}>
                {DEADLINE_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="wl-stage">Étape</label>
          <select id="wl-stage" value={stage} onChange={(e) => update({ etape: e.target.value })}>
            <option value="">Toutes</option>
            {Object.entries(STAGE_LABELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="wl-public">Public</label>
          <select id="wl-public" value={obligation} onChange={(e) => update({ public: e.target.value })}>
            <option value="">Tous</option>
            {Object.entries(OBLIGATION_LABELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        {!criBound ? (
          <div className="field">
            <label htmlFor="wl-cri">CRI</label>
            <select id="wl-cri" value={cri} onChange={(e) => update({ cri: e.target.value })}>
              <option value="">Tous</option>
              {CRI_CODES.map((c) => (
                <option key={c} value={c}>
                  {criShort(c)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {user.role === 'accompagnateur' ? (
          <div className="field field-checkbox">
            <input
              id="wl-mine"
              type="checkbox"
              checked={mine}
              onChange={(e) => update({ tous: e.target.checked ? null : '1' })}
            />
            <label htmlFor="wl-mine">Seulement les dossiers que je suis</label>
          </div>
        ) : null}
      </form>

      <ProblemAlert problem={list.problem} focus={false} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <>
          <p className="result-count" role="status" aria-live="polite">
            {list.data.total === 0
              ? 'Aucun dossier ne correspond.'
              : `${list.data.total} dossier${list.data.total > 1 ? 's' : ''}, les plus urgents d'abord.`}
          </p>
          {list.data.items.length > 0 ? (
            <div className="table-wrap" aria-busy={list.loading}>
              <table className="table">
                <caption className="visually-hidden">
                  {title} : personne, étape, public et prochaine échéance
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Personne</th>
                    <th scope="col">Naissance</th>
                    {!criBound ? <th scope="col">CRI</th> : null}
                    <th scope="col">Étape</th>
                    <th scope="col">Public</th>
                    <th scope="col">Échéance la plus urgente</th>
                    <th scope="col">Attestation due le</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.map((item) => (
                    <tr key={item.parcoursId}>
                      <th scope="row">
                        <Link to={`/dossiers/${item.parcoursId}`}>{personName(item.person)}</Link>
                      </th>
                      <td>{formatDate(item.person.birthDate)}</td>
                      {!criBound ? <td>{criShort(item.criCode)}</td> : null}
                      <td>{STAGE_LABELS[item.stage] ?? item.stage}</td>
                      <td>{OBLIGATION_LABELS[item.obligation] ?? item.obligation}</td>
                      <td>
                        <StatusBadge status={item.deadlineStatus} />
                        {item.deadlineKind && item.deadlineDueOn ? (
                          <span className="cell-sub">
                            {DEADLINE_KIND_LABELS[item.deadlineKind]} — {formatDate(item.deadlineDueOn)}
                          </span>
                        ) : null}
                      </td>
                      <td>{formatDate(item.attestationDeadline)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <Pager page={page} pages={pages} onPage={(next) => setSearch({ ...current, page: next })} />
        </>
      ) : null}
    </section>
  );
}
