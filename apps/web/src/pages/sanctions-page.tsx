import { useState } from 'react';
import { client, read } from '../api/client';
import type { SanctionableCase, SanctionProcedureSummary } from '../api/types';
import { useQuery } from '../api/use-query';
import { dateValue, useForm } from '../forms/use-form';
import { formatDate, formatNumber, personName, todayIso } from '../format';
import { BREACH_LABELS, SANCTION_STAGE_LABELS, criShort, labelOf, pick } from '../labels';
import { Link, navigate, setSearch, useLocation } from '../router';
import { Badge, Loading, ProblemAlert } from '../ui/feedback';
import { DateField } from '../ui/fields';
import { PageTitle } from '../ui/page';

const itemsOf = <T,>(answer: unknown): T[] =>
  Array.isArray(answer) ? (answer as T[]) : ((answer as { items?: T[] } | null)?.items ?? []);

/** The sanctioning officer's desk: obliged cases overdue for a breach, and the procedures under way. */
export function SanctionsPage() {
  const { search } = useLocation();
  const status = search.get('statut') ?? '';
  const sanctionable = useQuery('sanctionable', async () =>
    itemsOf<SanctionableCase>(await read<unknown>(client.GET('/api/sanctions/sanctionable'))),
  );
  const procedures = useQuery(`procedures-${status}`, async () =>
    itemsOf<SanctionProcedureSummary>(
      await read<unknown>(
        client.GET('/api/sanctions', { params: { query: { status: pick(SANCTION_STAGE_LABELS, status) } } }),
      ),
    ),
  );
  const [opening, setOpening] = useState<string | null>(null);

  return (
    <section>
      <PageTitle title="Procédures de sanction">Procédures de sanction</PageTitle>
      <p>
        Une amende administrative ne peut viser qu'une personne du public obligé, en retard pour la
        présentation ou l'attestation, et jamais lorsque la Région n'a pas fourni la formation (art. 152/8
        CWASS).
      </p>

      <section className="card" aria-labelledby="sanctionable-title">
        <h2 id="sanctionable-title">Dossiers sanctionnables</h2>
        <ProblemAlert problem={sanctionable.problem} focus={false} />
        {sanctionable.loading && !sanctionable.data ? <Loading /> : null}
        {sanctionable.data && sanctionable.data.length === 0 ? (
          <p>Aucun dossier en retard ne peut faire l'objet d'une procédure.</p>
        ) : null}
        {sanctionable.data && sanctionable.data.length > 0 ? (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Dossiers du public obligé en retard</caption>
              <thead>
                <tr>
                  <th scope="col">Personne</th>
                  <th scope="col">CRI</th>
                  <th scope="col">Manquement</th>
                  <th scope="col">Échéance</th>
                  <th scope="col">Retard</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {sanctionable.data.map((s) => {
                  const key = `${s.parcoursId}-${s.breach}`;
                  return (
                    <tr key={key}>
                      <th scope="row">
                        <Link to={`/dossiers/${s.parcoursId}`}>{personName(s.person)}</Link>
                      </th>
                      <td>{criShort(s.criCode)}</td>
                      <td>
                        {labelOf(BREACH_LABELS, s.breach)}
                        <span className="cell-sub">
                          Amende de {formatNumber(s.fineRange.min)} à {formatNumber(s.fineRange.max)} €
                          (régime {s.regimeId})
                        </span>
                      </td>
                      <td>
                        {formatDate(s.dueOn)}
                        {s.explanation.length > 0 ? (
                          <details>
                            <summary>Pourquoi cette date ?</summary>
                            <ol className="explanation">
                              {s.explanation.map((line, i) => (
                                <li key={i}>{line}</li>
                              ))}
                            </ol>
                          </details>
                        ) : null}
                      </td>
                      <td>{s.daysOverdue} j</td>
                      <td>
                        {opening === key ? (
                          <OpenProcedureForm
                            parcoursId={s.parcoursId}
                            breach={s.breach}
                            onCancel={() => setOpening(null)}
                          />
                        ) : (
                          <button type="button" className="button" onClick={() => setOpening(key)}>
                            Ouvrir une procédure
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section className="card" aria-labelledby="procedures-title">
        <div className="section-head">
          <h2 id="procedures-title">Procédures</h2>
          <div className="field field-inline">
            <label htmlFor="proc-status">Statut</label>
            <select id="proc-status" value={status} onChange={(e) => setSearch({ statut: e.target.value })}>
              <option value="">Tous</option>
              {Object.entries(SANCTION_STAGE_LABELS)
                .filter(([k]) => k !== 'open')
                .map(([k, v]) => (
                  <option key={k} value={k}>
                    {v}
                  </option>
                ))}
            </select>
          </div>
        </div>
        <ProblemAlert problem={procedures.problem} focus={false} />
        {procedures.loading && !procedures.data ? <Loading /> : null}
        {procedures.data && procedures.data.length === 0 ? <p>Aucune procédure.</p> : null}
        {procedures.data && procedures.data.length > 0 ? (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Procédures de sanction</caption>
              <thead>
                <tr>
                  <th scope="col">Procédure</th>
                  <th scope="col">CRI</th>
                  <th scope="col">Manquement</th>
                  <th scope="col">Signalée le</th>
                  <th scope="col">Statut</th>
                </tr>
              </thead>
              <tbody>
                {procedures.data.map((p) => (
                  <tr key={p.procedureId}>
                    <th scope="row">
                      <Link to={`/sanctions/${p.procedureId}`}>
                        <span className="visually-hidden">Procédure </span>n° {p.procedureId.slice(0, 8)}
                      </Link>
                    </th>
                    <td>{criShort(p.criCode)}</td>
                    <td>{p.breachLabel ?? labelOf(BREACH_LABELS, p.breach)}</td>
                    <td>{formatDate(p.reportedOn)}</td>
                    <td>
                      <Badge tone={p.status === 'closed' ? 'muted' : 'info'}>
                        {p.stageLabel ?? labelOf(SANCTION_STAGE_LABELS, p.stage)}
                      </Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </section>
  );
}

function OpenProcedureForm({
  parcoursId,
  breach,
  onCancel,
}: {
  parcoursId: string;
  breach: 'presentation' | 'attestation';
  onCancel: () => void;
}) {
  const prefix = `open-proc-${parcoursId.slice(0, 8)}-${breach}`;
  const form = useForm({
    initial: { reportedOn: formatDate(todayIso()) },
    rules: [{ field: 'reportedOn', label: 'Date du signalement', required: true, date: true }],
    submit: async (v, idempotencyKey) => {
      const result = await read<{ procedureId: string }>(
        client.POST('/api/sanctions', {
          headers: { 'Idempotency-Key': idempotencyKey },
          body: { parcoursId, breach, reportedOn: dateValue(v.reportedOn)! },
        }),
      );
      navigate(`/sanctions/${result.procedureId}`);
    },
  });
  return (
    <form onSubmit={form.onSubmit} noValidate className="inline-form">
      <ProblemAlert problem={form.problem} prefix={prefix} />
      <DateField form={form} prefix={prefix} name="reportedOn" label="Signalée le" required />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={form.submitting}>
          Ouvrir
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Annuler
        </button>
      </div>
    </form>
  );
}
