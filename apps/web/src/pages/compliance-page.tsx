import { useState, type FormEvent } from 'react';
import { ApiError, client, openDocument, read, type Problem } from '../api/client';
import type { ComplianceItem, DeadlineStatus, Page } from '../api/types';
import { useQuery } from '../api/use-query';
import { useUser } from '../auth';
import { formatDate, formatNumber, parseFrenchDate, personName, todayIso } from '../format';
import { CRI_CODES, DEADLINE_KIND_LABELS, DEADLINE_STATUS_LABELS, criShort, pick } from '../labels';
import { Link, setSearch, useLocation } from '../router';
import { Loading, ProblemAlert, StatusBadge } from '../ui/feedback';
import { PageTitle } from '../ui/page';
import { Pager } from '../ui/pager';

const PAGE_SIZE = 50;

const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Administration: every obliged parcours with its deadline status at a chosen date, across CRIs; CSV export. */
export function CompliancePage() {
  const user = useUser();
  const { search } = useLocation();
  const asOf = search.get('au') ?? '';
  const cri = user.cri ?? search.get('cri') ?? '';
  const kind = search.get('type') ?? '';
  const status = search.get('statut') ?? '';
  const page = Math.max(1, Number(search.get('page') ?? '1') || 1);
  const query = {
    asOf: asOf || undefined,
    cri: pick(CRI_CODES, cri),
    kind: pick(DEADLINE_KIND_LABELS, kind),
    status: pick(DEADLINE_STATUS_LABELS, status),
    page,
    pageSize: PAGE_SIZE,
  };
  const list = useQuery(JSON.stringify(query), () =>
    read<Page<ComplianceItem>>(client.GET('/api/compliance/deadlines', { params: { query } })),
  );

  const [dateText, setDateText] = useState(asOf ? formatDate(asOf) : '');
  const [dateError, setDateError] = useState<string | null>(null);
  const [exportProblem, setExportProblem] = useState<Problem | null>(null);
  const [exporting, setExporting] = useState(false);
  const current = { au: asOf, cri: user.cri ? null : cri, type: kind, statut: status };
  const update = (patch: Record<string, string | null>) => setSearch({ ...current, ...patch, page: null });

  const applyDate = (event: FormEvent) => {
    event.preventDefault();
    if (dateText.trim() === '') {
      setDateError(null);
      update({ au: null });
      return;
    }
    const iso = parseFrenchDate(dateText);
    if (!iso) {
      setDateError('Date invalide : format JJ/MM/AAAA attendu');
      return;
    }
    setDateError(null);
    update({ au: iso });
  };

  const exportCsv = async () => {
    setExportProblem(null);
    setExporting(true);
    const params = new URLSearchParams();
    if (asOf) params.set('asOf', asOf);
    if (cri) params.set('cri', cri);
    if (kind) params.set('kind', kind);
    if (status) params.set('status', status);
    try {
      await openDocument(`/api/compliance/export.csv${params.size > 0 ? `?${params}` : ''}`, {
        filename: `conformite-${asOf || todayIso()}${cri ? `-${cri}` : ''}.csv`,
      });
    } catch (error) {
      setExportProblem(
        error instanceof ApiError
          ? error.problem
          : { title: 'Export impossible', status: 0, code: 'CLIENT_ERROR' },
      );
    } finally {
      setExporting(false);
    }
  };

  const effectiveAsOf = list.data?.asOf ?? asOf ?? todayIso();
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / (list.data.pageSize || PAGE_SIZE))) : 1;
  return (
    <section>
      <PageTitle
        title="Conformité des échéances"
        actions={
          <button type="button" className="button" onClick={() => void exportCsv()} disabled={exporting}>
            {exporting ? 'Export…' : 'Exporter en CSV'}
          </button>
        }
      >
        Conformité des échéances
      </PageTitle>
      <p>
        Public obligé uniquement : statut de chaque échéance à la date choisie, les plus proches d'abord. Les
        volontaires n'ont ni échéance ni sanction.
      </p>
      <ProblemAlert problem={exportProblem} />
      <div className="filters">
        <form className="asof" onSubmit={applyDate}>
          <div className="field">
            <label htmlFor="cmp-asof">Situation au</label>
            <span className="visually-hidden" id="cmp-asof-hint">
              Format JJ/MM/AAAA ; laisser vide pour aujourd'hui
            </span>
            <input
              id="cmp-asof"
              type="text"
              inputMode="numeric"
              placeholder="jj/mm/aaaa"
              value={dateText}
              onChange={(e) => setDateText(e.target.value)}
              aria-invalid={dateError ? true : undefined}
              aria-describedby={`cmp-asof-hint${dateError ? ' cmp-asof-error' : ''}`}
            />
            {dateError ? (
              <p className="field-error" id="cmp-asof-error">
                {dateError}
              </p>
            ) : null}
          </div>
          <button type="submit" className="button">
            Appliquer
          </button>
        </form>
        {!user.cri ? (
          <div className="field">
            <label htmlFor="cmp-cri">CRI</label>
            <select id="cmp-cri" value={cri} onChange={(e) => update({ cri: e.target.value })}>
              <option value="">Tous les CRI</option>
              {CRI_CODES.map((c) => (
                <option key={c} value={c}>
                  {criShort(c)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="cmp-kind">Échéance</label>
          <select id="cmp-kind" value={kind} onChange={(e) => update({ type: e.target.value })}>
            <option value="">Toutes</option>
            {Object.entries(DEADLINE_KIND_LABELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="cmp-status">Statut</label>
          <select id="cmp-status" value={status} onChange={(e) => update({ statut: e.target.value })}>
            <option value="">Tous</option>
            {(
              [
                'overdue',
                'due-soon',
                'on-track',
                'suspended',
                'met-late',
                'met',
                'dispensed',
              ] as DeadlineStatus[]
            ).map((s) => (
              <option key={s} value={s}>
                {DEADLINE_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ProblemAlert problem={list.problem} focus={false} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <>
          <p className="result-count" role="status" aria-live="polite">
            {list.data.total === 0
              ? `Aucune échéance ne correspond au ${formatDate(effectiveAsOf)}.`
              : `${formatNumber(list.data.total)} échéance${list.data.total > 1 ? 's' : ''} au ${formatDate(effectiveAsOf)}.`}
          </p>
          {list.data.items.length > 0 ? (
            <div className="table-wrap" aria-busy={list.loading}>
              <table className="table">
                <caption className="visually-hidden">
                  Échéances du public obligé au {formatDate(effectiveAsOf)}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Personne</th>
                    <th scope="col">CRI</th>
                    <th scope="col">Échéance</th>
                    <th scope="col">Date</th>
                    <th scope="col">Statut</th>
                    <th scope="col">Écart</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.map((item) => {
                    const gap = item.dueOn ? daysBetween(effectiveAsOf, item.dueOn) : null;
                    return (
                      <tr key={`${item.parcoursId}-${item.kind}`}>
                        <th scope="row">
                          <Link to={`/dossiers/${item.parcoursId}`}>{personName(item.person)}</Link>
                        </th>
                        <td>{criShort(item.criCode)}</td>
                        <td>{DEADLINE_KIND_LABELS[item.kind] ?? item.kind}</td>
                        <td>{formatDate(item.dueOn)}</td>
                        <td>
                          <StatusBadge status={item.status} />
                        </td>
                        <td>
                          {item.status === 'met-late' && typeof item.daysLate === 'number'
                            ? `fait ${item.daysLate} j après l'échéance`
                            : gap === null || item.status === 'met' || item.status === 'dispensed'
                              ? '—'
                              : gap < 0
                                ? `${-gap} j de retard`
                                : `${gap} j restant${gap > 1 ? 's' : ''}`}
                        </td>
                      </tr>
                    );
                  })}
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
