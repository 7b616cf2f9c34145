import { useState } from 'react';
import { client, read } from '../api/client';
import type { CommandResult, SanctionProcedureDetail } from '../api/types';
import { useQuery } from '../api/use-query';
import { canSanction, useUser } from '../auth';
import { numberValue, textValue } from '../forms/use-form';
import { formatDate, formatEuros, formatInstant, personName } from '../format';
import {
  APPEAL_OUTCOME_LABELS,
  BREACH_LABELS,
  DISMISSAL_REASON_LABELS,
  SANCTION_STAGE_LABELS,
  criShort,
  labelOf,
  pick,
} from '../labels';
import { Link } from '../router';
import { Badge, Loading, ProblemAlert, Success } from '../ui/feedback';
import { PageTitle } from '../ui/page';
import { step, StepForm, type StepDef } from './step-forms';
import { dateValue } from '../forms/use-form';

const d = (v: Record<string, string | boolean>, k: string) => dateValue(v[k]) ?? '';
const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

/** The steps of a sanction procedure (api.md: notice → defence → decision → payment / appeal → closure). */
const SANCTION_STEPS: StepDef[] = [
  step({
    key: 'notice',
    group: 'Procédure',
    label: 'Envoi de la notification',
    path: '/api/sanctions/{id}/notice',
    fields: [
      { name: 'sentOn', label: 'Envoyé le', kind: 'date', required: true },
      {
        name: 'respondBy',
        label: 'Réponse attendue au plus tard le',
        kind: 'date',
        hint: 'Par défaut 30 jours après l’envoi — JJ/MM/AAAA',
      },
    ],
    toBody: (v) => ({ sentOn: d(v, 'sentOn'), respondBy: dateValue(v.respondBy) }),
  }),
  step({
    key: 'defence',
    group: 'Procédure',
    label: 'Défense reçue ou audition',
    path: '/api/sanctions/{id}/defence',
    fields: [
      { name: 'receivedOn', label: 'Reçue le', kind: 'date', required: true },
      { name: 'summary', label: 'Résumé', kind: 'textarea', max: 2000 },
    ],
    toBody: (v) => ({ receivedOn: d(v, 'receivedOn'), summary: textValue(v.summary) }),
  }),
  step({
    key: 'decision',
    group: 'Décision',
    label: 'Décision',
    path: '/api/sanctions/{id}/decision',
    fields: [
      { name: 'decidedOn', label: 'Décidée le', kind: 'date', required: true },
      {
        name: 'outcome',
        label: 'Décision',
        kind: 'select',
        required: true,
        options: [
          { value: 'fine', label: 'Amende administrative' },
          { value: 'dismissed', label: 'Classement sans suite' },
        ],
      },
      {
        name: 'amount',
        label: 'Montant (€)',
        kind: 'number',
        min: 0,
        max: 100000,
        hint: 'Pour une amende : dans la fourchette du régime (100 à 2 500 €)',
      },
      {
        name: 'reason',
        label: 'Motif du classement',
        kind: 'select',
        options: options(DISMISSAL_REASON_LABELS),
      },
      { name: 'comment', label: 'Motivation', kind: 'textarea', max: 2000 },
    ],
    toBody: (v) => ({
      decidedOn: d(v, 'decidedOn'),
      outcome: v.outcome as 'fine' | 'dismissed',
      amount: v.outcome === 'fine' ? numberValue(v.amount) : undefined,
      reason: v.outcome === 'dismissed' ? pick(DISMISSAL_REASON_LABELS, textValue(v.reason)) : undefined,
      comment: textValue(v.comment),
    }),
  }),
  step({
    key: 'payment',
    group: 'Après la décision',
    label: 'Paiement',
    path: '/api/sanctions/{id}/payment',
    fields: [
      { name: 'paidOn', label: 'Payé le', kind: 'date', required: true },
      { name: 'amount', label: 'Montant (€)', kind: 'number', min: 0.01, hint: 'Vide = le solde restant dû' },
    ],
    toBody: (v) => ({ paidOn: d(v, 'paidOn'), amount: numberValue(v.amount) }),
  }),
  step({
    key: 'appeal',
    group: 'Après la décision',
    label: 'Recours',
    path: '/api/sanctions/{id}/appeal',
    fields: [
      { name: 'lodgedOn', label: 'Introduit le', kind: 'date', required: true },
      { name: 'authority', label: 'Instance saisie', kind: 'text' },
      { name: 'reference', label: 'Référence', kind: 'text' },
    ],
    toBody: (v) => ({
      lodgedOn: d(v, 'lodgedOn'),
      authority: textValue(v.authority),
      reference: textValue(v.reference),
    }),
  }),
  step({
    key: 'appeal-outcome',
    group: 'Après la décision',
    label: 'Issue du recours',
    path: '/api/sanctions/{id}/appeal-outcome',
    fields: [
      { name: 'decidedOn', label: 'Décidé le', kind: 'date', required: true },
      {
        name: 'outcome',
        label: 'Issue',
        kind: 'select',
        required: true,
        options: options(APPEAL_OUTCOME_LABELS),
      },
      {
        name: 'amount',
        label: 'Nouveau montant (€)',
        kind: 'number',
        min: 0,
        hint: 'Seulement si l’amende est réduite',
      },
      { name: 'comment', label: 'Commentaire', kind: 'textarea', max: 2000 },
    ],
    toBody: (v) => ({
      decidedOn: d(v, 'decidedOn'),
      outcome: v.outcome as 'upheld',
      amount: numberValue(v.amount),
      comment: textValue(v.comment),
    }),
  }),
  step({
    key: 'withdrawal',
    group: 'Fin',
    label: 'Retrait de la procédure',
    path: '/api/sanctions/{id}/withdrawal',
    fields: [
      { name: 'withdrawnOn', label: 'Retirée le', kind: 'date', required: true },
      { name: 'reason', label: 'Motif', kind: 'text', required: true },
    ],
    toBody: (v) => ({ withdrawnOn: d(v, 'withdrawnOn'), reason: textValue(v.reason) ?? '' }),
    danger: true,
    intro: 'Seulement avant la décision (par exemple une procédure ouverte par erreur).',
  }),
  step({
    key: 'closure',
    group: 'Fin',
    label: 'Clôture',
    path: '/api/sanctions/{id}/closure',
    fields: [
      { name: 'closedOn', label: 'Clôturée le', kind: 'date', required: true },
      { name: 'reason', label: 'Motif', kind: 'text' },
    ],
    toBody: (v) => ({ closedOn: d(v, 'closedOn'), reason: textValue(v.reason) }),
  }),
];

function nextStep(p: SanctionProcedureDetail): string {
  if (!p.notice) return 'notice';
  if (!p.decision) return (p.defences ?? []).length > 0 ? 'decision' : 'defence';
  if (p.decision.outcome === 'dismissed') return 'closure';
  return 'payment';
}

export function SanctionPage({ id }: { id: string }) {
  const user = useUser();
  const procedure = useQuery(id, () =>
    read<SanctionProcedureDetail>(client.GET('/api/sanctions/{id}', { params: { path: { id } } })),
  );
  const [done, setDone] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  if (procedure.problem && !procedure.data) {
    return (
      <section>
        <PageTitle title="Procédure de sanction">Procédure de sanction</PageTitle>
        <ProblemAlert problem={procedure.problem} />
        <Link to="/sanctions">Revenir aux procédures</Link>
      </section>
    );
  }
  if (!procedure.data) return <Loading />;
  const p = procedure.data;
  const stage = p.stage;
  const closed = p.status === 'closed' || stage === 'closed' || stage === 'withdrawn';
  const def = SANCTION_STEPS.find((s) => s.key === (selected ?? nextStep(p))) ?? SANCTION_STEPS[0];
  const amount = p.decision?.amount ?? null;
  const onDone = (result: CommandResult, label: string) => {
    setDone(`${label} : enregistré (version ${result.version}).`);
    setSelected(null);
    void procedure.reload();
  };
  return (
    <section>
      <p className="breadcrumb">
        <Link to="/sanctions">Sanctions</Link> <span aria-hidden="true">›</span>{' '}
        <span>Procédure {p.procedureId.slice(0, 8)}</span>
      </p>
      <PageTitle title="Procédure de sanction">
        Procédure de sanction{' '}
        <Badge tone="info">{p.stageLabel ?? labelOf(SANCTION_STAGE_LABELS, stage)}</Badge>
      </PageTitle>
      <div className="case-grid">
        <div className="case-main">
          <section className="card" aria-labelledby="proc-facts">
            <h2 id="proc-facts">Faits</h2>
            <dl className="facts">
              <div>
                <dt>Personne</dt>
                <dd>
                  <Link to={`/dossiers/${p.parcoursId}`}>
                    {p.person ? personName(p.person) : 'Voir le dossier'}
                  </Link>
                </dd>
              </div>
              <div>
                <dt>CRI</dt>
                <dd>{criShort(p.criCode)}</dd>
              </div>
              <div>
                <dt>Manquement</dt>
                <dd>{p.breachLabel ?? labelOf(BREACH_LABELS, p.breach)}</dd>
              </div>
              <div>
                <dt>Signalée le</dt>
                <dd>{formatDate(p.reportedOn)}</dd>
              </div>
              <div>
                <dt>Échéance manquée</dt>
                <dd>{formatDate(p.deadline?.dueOn ?? null)}</dd>
              </div>
              <div>
                <dt>Notification</dt>
                <dd>
                  {p.notice
                    ? `envoyé le ${formatDate(p.notice.sentOn)}, réponse avant le ${formatDate(p.notice.respondBy)}`
                    : 'pas encore envoyé'}
                </dd>
              </div>
              <div>
                <dt>Défenses</dt>
                <dd>
                  {(p.defences ?? []).length === 0
                    ? 'aucune'
                    : (p.defences ?? [])
                        .map((x) => `${formatDate(x.receivedOn)}${x.late ? ' (tardive)' : ''}`)
                        .join(', ')}
                </dd>
              </div>
              <div>
                <dt>Décision</dt>
                <dd>
                  {!p.decision
                    ? 'pas encore de décision'
                    : p.decision.outcome === 'fine'
                      ? `amende de ${amount !== null ? formatEuros(amount) : '—'} le ${formatDate(p.decision.decidedOn)}`
                      : `classée sans suite le ${formatDate(p.decision.decidedOn)} (${p.decision.reasonLabel ?? labelOf(DISMISSAL_REASON_LABELS, p.decision.reason)})`}
                </dd>
              </div>
              {p.amounts && p.amounts.due > 0 ? (
                <div>
                  <dt>Montants</dt>
                  <dd>
                    dû {formatEuros(p.amounts.due)}, payé {formatEuros(p.amounts.paid)}, reste{' '}
                    {formatEuros(p.amounts.remaining)}
                  </dd>
                </div>
              ) : null}
              {p.appeal ? (
                <div>
                  <dt>Recours</dt>
                  <dd>
                    introduit le {formatDate(p.appeal.lodgedOn)}
                    {p.appeal.outcome
                      ? ` — ${labelOf(APPEAL_OUTCOME_LABELS, p.appeal.outcome)}${p.appeal.decidedOn ? ` le ${formatDate(p.appeal.decidedOn)}` : ''}`
                      : ''}
                  </dd>
                </div>
              ) : null}
            </dl>
            {p.deadline?.explanation && p.deadline.explanation.length > 0 ? (
              <details>
                <summary>Pourquoi cette échéance ?</summary>
                <ol className="explanation">
                  {p.deadline.explanation.map((l, i) => (
                    <li key={i}>{l}</li>
                  ))}
                </ol>
              </details>
            ) : null}
          </section>
          {p.steps && p.steps.length > 0 ? (
            <section className="card" aria-labelledby="proc-history">
              <h2 id="proc-history">Historique</h2>
              <ol className="timeline" reversed>
                {[...p.steps].reverse().map((h) => (
                  <li key={h.version}>
                    <p className="timeline-title">
                      <strong>{h.label ?? h.type}</strong>
                    </p>
                    <p className="timeline-meta">
                      Enregistré le {formatInstant(h.recordedAt)} par {h.actor.label ?? h.actor.username}
                    </p>
                  </li>
                ))}
              </ol>
            </section>
          ) : null}
        </div>
        <aside className="case-side" aria-label="Enregistrer une étape de la procédure">
          {done ? <Success>{done}</Success> : null}
          {canSanction(user.role) && !closed ? (
            <section className="card record">
              <h2>Étape suivante</h2>
              <div className="field">
                <label htmlFor="proc-step">Étape à enregistrer</label>
                <select id="proc-step" value={def.key} onChange={(e) => setSelected(e.target.value)}>
                  {SANCTION_STEPS.map((s) => (
                    <option key={s.key} value={s.key}>
                      {s.label}
                    </option>
                  ))}
                </select>
              </div>
              <StepForm
                key={def.key}
                def={def}
                parcoursId={p.procedureId}
                version={p.version ?? null}
                onDone={onDone}
              />
            </section>
          ) : null}
          {closed ? <p className="card">Cette procédure est terminée.</p> : null}
        </aside>
      </div>
    </section>
  );
}
