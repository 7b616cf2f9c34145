import { useState } from 'react';
import { ApiError, client, openDocument, postCommand, read, type Problem } from '../api/client';
import { consequences } from '../consequences';
import { textValue, useForm } from '../forms/use-form';
import { SelectField, TextAreaField } from '../ui/fields';
import type { CommandResult, Deadline, HistoryItem, ParcoursDetail } from '../api/types';
import { useQuery } from '../api/use-query';
import { canRecord, canTransfer, useUser } from '../auth';
import { ERASED, formatDate, formatHours, formatInstant, parseFrenchDate, personName } from '../format';
import {
  AXIS_LABELS,
  CANCELLABLE_ENTRY_TYPES,
  CANCELLATION_REASON_LABELS,
  CLOSURE_REASON_LABELS,
  CONDITION_STATUS_LABELS,
  CONVOCATION_LABELS,
  DEADLINE_KIND_LABELS,
  DELAY_REASON_LABELS,
  EVENT_LABELS,
  OBLIGATION_LABELS,
  PROOF_KIND_LABELS,
  ROLE_LABELS,
  STAGE_LABELS,
  TRAINING_AXIS_LABELS,
  criLong,
  criShort,
} from '../labels';
import { Link } from '../router';
import { Badge, HoursBar, Loading, ProblemAlert, StatusBadge, Success } from '../ui/feedback';
import { PageTitle } from '../ui/page';
import { STEPS, StepForm, suggestedStep } from './step-forms';

/** The case page: who, where they stand, what is due and why, what happened, and the forms to record the next step. */
export function CasePage({ id }: { id: string }) {
  const user = useUser();
  const [asOf, setAsOf] = useState<string | null>(null);
  // The case as it was recorded at an instant (api.md v2 `knownAt`), chosen from the history.
  const [knownAt, setKnownAt] = useState<string | null>(null);
  const detail = useQuery(`${id}|${asOf ?? ''}|${knownAt ?? ''}`, () =>
    read<ParcoursDetail>(
      client.GET('/api/parcours/{id}', {
        params: { path: { id }, query: { ...(asOf ? { asOf } : {}), ...(knownAt ? { knownAt } : {}) } },
      }),
    ),
  );
  const history = useQuery(id, () =>
    read<{ items: HistoryItem[]; version: number }>(
      client.GET('/api/parcours/{id}/history', { params: { path: { id } } }),
    ),
  );
  const [done, setDone] = useState<string | null>(null);
  // A step chosen from elsewhere on the page (« Corriger ») for the recorder to show.
  const [requestedStep, setRequestedStep] = useState<{ key: string; at: number } | null>(null);
  const [transferredTo, setTransferredTo] = useState<string | null>(null);

  /** After a command: the case and its history re-read (the client sends the command's position: read-your-writes). */
  const onRecorded = async (result: CommandResult, label: string) => {
    setDone(`${label} : enregistré (version ${result.version}).`);
    void history.reload();
    await detail.reload();
  };

  /** The case as the event store has it now (the query waits for the user's last command: read-your-writes). */
  const freshCase = (): Promise<ParcoursDetail | null> => detail.reload();

  if (transferredTo) {
    return (
      <section>
        <PageTitle title="Dossier transféré">Dossier transféré</PageTitle>
        <Success>
          Le dossier a été transféré vers {criLong(transferredTo)}. Son historique et ses échéances le suivent
          ; il n'est plus accessible à votre centre.
        </Success>
        <p>
          <Link to="/dossiers">Revenir aux dossiers</Link>
        </p>
      </section>
    );
  }
  if (detail.problem && !detail.data) {
    return (
      <section>
        {detail.problem.code === 'PARCOURS_TRANSFERRED' ? (
          <PageTitle title="Dossier transféré">Dossier transféré</PageTitle>
        ) : (
          <PageTitle title="Dossier">Dossier</PageTitle>
        )}
        <ProblemAlert problem={detail.problem} />
        <p>
          <Link to="/dossiers">Revenir aux dossiers</Link>
        </p>
      </section>
    );
  }
  if (!detail.data) return <Loading label="Chargement du dossier…" />;
  const c = detail.data;
  const version = Math.max(c.version, history.data?.version ?? 0);
  const name = personName(c.person);
  const erased = c.person === null || c.person.lastName === ERASED;

  return (
    <section className="case">
      <p className="breadcrumb">
        <Link to="/dossiers">Dossiers</Link> <span aria-hidden="true">›</span> <span>{name}</span>
      </p>
      <PageTitle title={`Dossier ${name}`} actions={<AsOfPicker asOf={asOf} onChange={setAsOf} />}>
        {name}
      </PageTitle>
      {asOf ? (
        <p className="alert alert-info" role="status">
          Situation telle qu'elle était connue au {formatDate(asOf)} (échéances et progression à cette date).{' '}
          <button type="button" className="button-link" onClick={() => setAsOf(null)}>
            Revenir à aujourd'hui
          </button>
        </p>
      ) : null}
      {knownAt ? (
        <p className="alert alert-info" role="status">
          Dossier tel qu'il était enregistré le {formatInstant(knownAt)} : ce qui a été saisi, corrigé ou
          annulé ensuite n'apparaît pas.{' '}
          <button type="button" className="button-link" onClick={() => setKnownAt(null)}>
            Revenir au dossier actuel
          </button>
        </p>
      ) : null}
      {c.readModel?.parked ? (
        <div className="alert alert-error" role="alert">
          <p className="alert-title">Ce dossier n’est plus mis à jour</p>
          <p>
            Depuis le {formatInstant(c.readModel.parked.since)}, {c.readModel.parked.events} enregistrement(s)
            de ce dossier n’ont pas pu être traités : la page montre le dossier tel qu’il était avant. Rien
            n’est perdu ; prévenez l’administrateur de Jalon, qui voit l’erreur dans l’état du service.
          </p>
        </div>
      ) : null}
      <CaseSummary
        c={c}
        erased={erased}
        onCorrect={
          canRecord(user.role) && c.stage !== 'closed' && !asOf && !knownAt && !c.attestation
            ? (key) => {
                setRequestedStep({ key, at: Date.now() });
                document.getElementById('record-title')?.scrollIntoView({ block: 'start' });
              }
            : undefined
        }
      />

      <div className="case-grid">
        <div className="case-main">
          <DeadlinesPanel deadlines={c.deadlines} />
          <ProgressPanel c={c} />
          <DocumentsPanel c={c} />
          <HistoryPanel
            items={history.data?.items ?? null}
            problem={history.problem}
            c={c}
            version={version}
            freshCase={freshCase}
            canCancel={canRecord(user.role) && c.stage !== 'closed' && !asOf && !knownAt && !c.attestation}
            onCancelled={(r) => void onRecorded(r, 'Saisie annulée')}
            onKnownAt={(instant) => {
              setKnownAt(instant);
              window.scrollTo({ top: 0 });
            }}
          />
        </div>
        <aside className="case-side" aria-label="Enregistrer une étape">
          {done ? <Success>{done}</Success> : null}
          {canRecord(user.role) && c.stage !== 'closed' && !asOf && !knownAt ? (
            <RecordPanel
              key={requestedStep?.at ?? 0}
              requested={requestedStep?.key ?? null}
              c={c}
              freshCase={freshCase}
              version={version}
              canTransfer={canTransfer(user.role)}
              role={user.role}
              onDone={(r, l, key, body) => {
                // After a transfer the case belongs to another CRI: a CRI-bound user can no longer read it.
                if (key === 'transfer' && user.cri !== null)
                  setTransferredTo((body as { toCri: string }).toCri);
                else void onRecorded(r, l);
              }}
            />
          ) : null}
          {c.stage === 'closed' ? (
            <p className="card">Ce parcours est clôturé : plus aucune étape ne peut être enregistrée.</p>
          ) : null}
        </aside>
      </div>
    </section>
  );
}

function AsOfPicker({ asOf, onChange }: { asOf: string | null; onChange: (value: string | null) => void }) {
  const [text, setText] = useState(asOf ? formatDate(asOf) : '');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="asof"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim() === '') {
          setError(null);
          onChange(null);
          return;
        }
        const iso = parseFrenchDate(text);
        if (!iso) {
          setError('Date invalide : format JJ/MM/AAAA attendu');
          return;
        }
        setError(null);
        onChange(iso);
      }}
    >
      <label htmlFor="case-asof">Situation au</label>
      <input
        id="case-asof"
        type="text"
        inputMode="numeric"
        placeholder="jj/mm/aaaa"
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'case-asof-error' : undefined}
      />
      <button type="submit" className="button">
        Afficher
      </button>
      {error ? (
        <p id="case-asof-error" className="field-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}

function CaseSummary({
  c,
  erased,
  onCorrect,
}: {
  c: ParcoursDetail;
  erased: boolean;
  /** Opens the correction form (person or facts) in the recorder; absent when nothing may be corrected. */
  onCorrect?: (step: 'correct-person' | 'correct-facts') => void;
}) {
  const p = c.person;
  return (
    <div className="card case-summary">
      <dl className="facts">
        <div>
          <dt>Étape</dt>
          <dd>
            <Badge tone="info">{STAGE_LABELS[c.stage] ?? c.stage}</Badge>
          </dd>
        </div>
        <div>
          <dt>Public</dt>
          <dd>
            <span className={`obligation obligation-${c.obligation}`}>
              {OBLIGATION_LABELS[c.obligation] ?? c.obligation}
            </span>
          </dd>
        </div>
        <div>
          <dt>Date de naissance</dt>
          <dd>{formatDate(p?.birthDate ?? ERASED)}</dd>
        </div>
        <div>
          <dt>NISS</dt>
          <dd>{p?.niss ?? (erased ? ERASED : '—')}</dd>
        </div>
        <div>
          <dt>Nationalité</dt>
          <dd>{p ? (p.nationalityName ?? p.nationality) : ERASED}</dd>
        </div>
        <div>
          <dt>Langue de contact</dt>
          <dd>{p ? (p.contactLanguageName ?? p.contactLanguage ?? '—') : ERASED}</dd>
        </div>
        <div>
          <dt>CRI</dt>
          <dd title={criLong(c.criCode)}>{criShort(c.criCode)}</dd>
        </div>
        <div>
          <dt>Commune</dt>
          <dd title={c.commune ? `Code INS ${c.commune.code}` : undefined}>
            {c.commune ? `${c.commune.name} (${c.commune.postcode})` : (c.communeCode ?? '—')}
            {c.commune?.current ? ` — aujourd’hui ${c.commune.current.name} (fusion)` : ''}
          </dd>
        </div>
        <div>
          <dt>Accompagnateur·rice</dt>
          <dd>{c.accompagnateur?.label ?? 'Non attribué'}</dd>
        </div>
        <div>
          <dt>Inscription à la commune</dt>
          <dd>{formatDate(c.communeRegistrationDate)}</dd>
        </div>
        <div>
          <dt>Commande du titre</dt>
          <dd>{formatDate(c.cardOrderDate)}</dd>
        </div>
        <div>
          <dt>Régime</dt>
          <dd>{c.regime?.label ?? '—'}</dd>
        </div>
      </dl>
      {c.obligationReasons.length > 0 ? (
        <details className="reasons-details">
          <summary>Pourquoi « {OBLIGATION_LABELS[c.obligation] ?? c.obligation} » ?</summary>
          <ul className="reasons">
            {c.obligationReasons.map((r) => (
              <li key={r.code}>{r.label}</li>
            ))}
          </ul>
        </details>
      ) : null}
      {erased ? (
        <p className="hint">
          Les données personnelles de ce dossier ont été effacées
          {c.personalDataErasedOn ? ` le ${formatDate(c.personalDataErasedOn)}` : ''}.
        </p>
      ) : null}
      {onCorrect ? (
        <p className="timeline-actions">
          {!erased ? (
            <button type="button" className="button-link" onClick={() => onCorrect('correct-person')}>
              Corriger la personne
            </button>
          ) : null}
          <button type="button" className="button-link" onClick={() => onCorrect('correct-facts')}>
            Corriger les faits de l’ouverture
          </button>
        </p>
      ) : null}
    </div>
  );
}

function DeadlinesPanel({ deadlines }: { deadlines: Deadline[] }) {
  return (
    <section className="card" aria-labelledby="deadlines-title">
      <h2 id="deadlines-title">Échéances</h2>
      {deadlines.length === 0 ? <p>Aucune échéance.</p> : null}
      <ul className="deadlines">
        {deadlines.map((d) => (
          <li key={d.kind} className={`deadline deadline-${d.status}`}>
            <div className="deadline-head">
              <span className="deadline-kind">{DEADLINE_KIND_LABELS[d.kind] ?? d.kind}</span>
              <StatusBadge status={d.status} />
            </div>
            <p className="deadline-date">
              {d.dueOn ? (
                <>
                  Échéance : <strong>{formatDate(d.dueOn)}</strong>
                </>
              ) : (
                'Pas de date'
              )}
              {d.metOn && d.status === 'met' ? <> — respectée le {formatDate(d.metOn)}</> : null}
              {d.metOn && d.status === 'met-late' ? (
                <>
                  {' '}
                  — accomplie le {formatDate(d.metOn)},{' '}
                  <strong>
                    {d.daysLate} jour{(d.daysLate ?? 0) > 1 ? 's' : ''} après l'échéance
                  </strong>
                </>
              ) : null}
            </p>
            {d.explanation.length > 0 ? (
              <details>
                <summary>Pourquoi cette date ?</summary>
                <ol className="explanation">
                  {d.explanation.map((line, i) => (
                    <li key={i}>{line}</li>
                  ))}
                </ol>
              </details>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Check({ done, label, date }: { done: boolean; label: string; date?: string | null }) {
  return (
    <li className={done ? 'check check-done' : 'check'}>
      <span className="check-mark" aria-hidden="true">
        {done ? '✓' : '○'}
      </span>
      <span>
        {label}
        <span className="visually-hidden">{done ? ' : fait' : ' : à faire'}</span>
        {date ? <span className="cell-sub"> le {formatDate(date)}</span> : null}
      </span>
    </li>
  );
}

function ProgressPanel({ c }: { c: ParcoursDetail }) {
  const a = c.accueil;
  const fr = c.progress.french;
  const frDetail = [
    fr.levelReached ? `Niveau atteint : ${fr.levelReached}` : null,
    fr.required ? '400 h ou le niveau A2 validé' : 'Non inclus dans la convention',
  ]
    .filter(Boolean)
    .join(' · ');
  const lastPositioning = a?.frenchPositionings.at(-1);
  return (
    <section className="card" aria-labelledby="progress-title">
      <h2 id="progress-title">Progression</h2>
      <div className="progress-grid">
        <div>
          <h3>Module d'accueil</h3>
          <ul className="checklist">
            <Check
              done={Boolean(a?.presentedOn)}
              label="Présentation au bureau d'accueil"
              date={a?.presentedOn}
            />
            <Check
              done={Boolean(a?.rightsAndDutiesOn)}
              label="Droits et devoirs"
              date={a?.rightsAndDutiesOn}
            />
            <Check done={Boolean(a?.bilanSocial)} label="Bilan social" date={a?.bilanSocial?.date} />
            <Check
              done={Boolean(lastPositioning)}
              label={`Positionnement en français${lastPositioning ? ` (${lastPositioning.level})` : ''}`}
              date={lastPositioning?.date}
            />
            <Check done={Boolean(c.convention)} label="Convention d'accueil" date={c.convention?.signedOn} />
          </ul>
        </div>
        <div>
          <h3>Formations</h3>
          <HoursBar
            label={AXIS_LABELS.french}
            done={fr.hoursDone}
            required={fr.required ? fr.hoursRequired : null}
            met={fr.met}
            detail={frDetail}
          />
          <HoursBar
            label={AXIS_LABELS.citizenship}
            done={c.progress.citizenship.hoursDone}
            required={c.progress.citizenship.hoursRequired}
            met={c.progress.citizenship.met}
          />
          <HoursBar
            label={AXIS_LABELS.isp}
            done={c.progress.isp.hoursDone}
            required={c.progress.isp.required ? c.progress.isp.hoursRequired : null}
            met={c.progress.isp.met}
            detail={c.progress.isp.required ? undefined : 'Non requise pour cette convention'}
          />
        </div>
      </div>
      {c.requirements && !c.attestation ? (
        c.requirements.met ? (
          <p className="alert alert-success">
            Toutes les conditions de l'attestation de fréquentation sont remplies.
          </p>
        ) : c.requirements.missing.length > 0 ? (
          <div className="missing">
            <p>Pour l'attestation, il manque :</p>
            <ul>
              {c.requirements.missing.map((m) => (
                <li key={m.code}>{m.label}</li>
              ))}
            </ul>
          </div>
        ) : null
      ) : null}
    </section>
  );
}

function DocumentsPanel({ c }: { c: ParcoursDetail }) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const open = async (path: string) => {
    setProblem(null);
    // The tab is opened during the click (popup blockers allow it), then given the PDF fetched with the token.
    const target = window.open('', '_blank');
    if (target) {
      target.opener = null;
      target.document.title = 'Chargement du document…';
    }
    try {
      await openDocument(path, target ? { target } : { filename: path.split('/').pop() });
    } catch (error) {
      setProblem(
        error instanceof ApiError
          ? error.problem
          : { title: 'Document indisponible', status: 0, code: 'CLIENT_ERROR' },
      );
    }
  };
  const dossier = c.nationalityDossier;
  return (
    <section className="card" aria-labelledby="documents-title">
      <h2 id="documents-title">Attestation et dossier nationalité</h2>
      <ProblemAlert problem={problem} />
      {c.attestation ? (
        <p>
          Attestation de fréquentation n° <strong>{c.attestation.attestationNumber}</strong> délivrée le{' '}
          {formatDate(c.attestation.issuedOn)}.{' '}
          <button
            type="button"
            className="button"
            onClick={() => void open(`/api/parcours/${c.parcoursId}/attestation.pdf`)}
          >
            Ouvrir l'attestation (PDF)
          </button>
        </p>
      ) : (
        <p>Pas encore d'attestation de fréquentation.</p>
      )}
      {c.dispense ? (
        <p>
          Dispense {c.dispense.category}
          {c.dispense.label ? ` — ${c.dispense.label}` : ''}
          {c.dispense.decidedOn
            ? `, décidée le ${formatDate(c.dispense.decidedOn)}`
            : ' (appliquée d’office)'}
          .
        </p>
      ) : null}
      {dossier ? (
        <>
          <h3>Dossier nationalité (ouvert le {formatDate(dossier.openedOn)})</h3>
          <table className="table table-compact">
            <caption className="visually-hidden">Conditions du dossier nationalité</caption>
            <thead>
              <tr>
                <th scope="col">Condition</th>
                <th scope="col">État</th>
                <th scope="col">Remarque</th>
              </tr>
            </thead>
            <tbody>
              {dossier.conditions.map((cond) => (
                <tr key={cond.condition}>
                  <th scope="row">{cond.label}</th>
                  <td>
                    <Badge
                      tone={
                        cond.status === 'covered' ? 'done' : cond.status === 'at-risk' ? 'warning' : 'danger'
                      }
                    >
                      {CONDITION_STATUS_LABELS[cond.status] ?? cond.status}
                    </Badge>
                  </td>
                  <td>{cond.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {dossier.proofs.length > 0 ? (
            <ul className="compact-list">
              {dossier.proofs.map((p, i) => (
                <li key={i}>
                  {PROOF_KIND_LABELS[p.kind] ?? p.kind} — {p.issuer}, {formatDate(p.date)}
                  {p.reference ? ` (réf. ${p.reference})` : ''}
                </li>
              ))}
            </ul>
          ) : null}
          <button
            type="button"
            className="button"
            onClick={() => void open(`/api/parcours/${c.parcoursId}/nationality-dossier.pdf`)}
          >
            Ouvrir le dossier nationalité (PDF)
          </button>
        </>
      ) : null}
    </section>
  );
}

function RecordPanel({
  requested,
  c,
  freshCase,
  version,
  canTransfer: mayTransfer,
  role,
  onDone,
}: {
  requested: string | null;
  c: ParcoursDetail;
  freshCase: () => Promise<ParcoursDetail | null>;
  version: number;
  canTransfer: boolean;
  role: string;
  onDone: (r: CommandResult, label: string, key: string, body: unknown) => void;
}) {
  const available = STEPS.filter((s) => !s.roles || s.roles.includes(role as never)).filter(
    (s) => s.key !== 'transfer' || mayTransfer,
  );
  // null: follow the suggested next step (it moves on as steps are recorded); a choice of the user sticks until recorded.
  const [selected, setSelected] = useState<string | null>(requested);
  const def = available.find((s) => s.key === (selected ?? suggestedStep(c))) ?? available[0];
  const groups = [...new Set(available.map((s) => s.group))];
  return (
    <section className="card record" aria-labelledby="record-title">
      <h2 id="record-title">Enregistrer une étape</h2>
      <div className="field">
        <label htmlFor="record-step">Étape à enregistrer</label>
        <select id="record-step" value={def.key} onChange={(e) => setSelected(e.target.value)}>
          {groups.map((g) => (
            <optgroup key={g} label={g}>
              {available
                .filter((s) => s.group === g)
                .map((s) => (
                  <option key={s.key} value={s.key}>
                    {s.label}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </div>
      <StepForm
        key={def.key}
        def={def}
        parcoursId={c.parcoursId}
        version={version}
        current={c}
        freshCase={freshCase}
        onDone={(result, label, body) => {
          setSelected(null);
          onDone(result, label, def.key, body);
        }}
      />
    </section>
  );
}

const str = (v: unknown): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;

/** One line saying what an event recorded, in French. */
export function summarize(item: HistoryItem): string {
  const x = item.data;
  const date = (k: string) => formatDate(str(x[k]));
  const parts: string[] = [];
  switch (item.type) {
    case 'ParcoursOpened':
      parts.push(
        `${OBLIGATION_LABELS[str(x.obligation) as 'obliged'] ?? str(x.obligation) ?? ''}, ${criShort(str(x.criCode) ?? '')}`,
      );
      break;
    case 'FrenchHoursRecorded':
    case 'CitizenshipHoursRecorded':
      parts.push(
        `${formatHours(Number(x.hours))} du ${date('from')} au ${date('to')} — ${str(x.operator) ?? ''}`,
      );
      break;
    case 'IspHoursRecorded':
      parts.push(`${formatHours(Number(x.hours))} le ${date('date')} — ${str(x.provider) ?? ''}`);
      break;
    case 'FrenchPositioningRecorded':
    case 'FrenchLevelCertified':
      parts.push(`niveau ${str(x.level) ?? ''} le ${date('date')}`);
      break;
    case 'ConventionSigned':
      parts.push(
        `signée le ${date('signedOn')}${x.includesFrench ? ', avec français' : ', sans français'}${x.includesIsp ? ', avec ISP' : ''}`,
      );
      break;
    case 'EvaluationRecorded':
      parts.push(
        `le ${date('date')} (${CONVOCATION_LABELS[str(x.convocation) ?? ''] ?? ''}) — ${x.attended ? 'présente' : x.absenceJustified ? 'absence justifiée' : 'absente'}`,
      );
      break;
    case 'DispenseRecorded':
      parts.push(`${str(x.category) ?? ''} décidée le ${date('decidedOn')}`);
      break;
    case 'ExtensionGranted':
      parts.push(
        `jusqu'au ${date('until')} (${DELAY_REASON_LABELS[str(x.reason) as 'other'] ?? str(x.reason) ?? ''})`,
      );
      break;
    case 'SuspensionStarted':
    case 'SuspensionEnded':
      parts.push(
        `du ${date('from')}${x.to ? ` au ${date('to')}` : ''}${x.reason ? ` (${DELAY_REASON_LABELS[str(x.reason) as 'other'] ?? str(x.reason)})` : ''}`,
      );
      break;
    case 'TrainingUnavailabilityRecorded':
    case 'TrainingUnavailabilityEnded':
      parts.push(
        `${TRAINING_AXIS_LABELS[str(x.axis) as 'french'] ?? str(x.axis) ?? ''} du ${date('from')}${x.to ? ` au ${date('to')}` : ''}`,
      );
      break;
    case 'AttestationIssued':
      parts.push(`n° ${str(x.attestationNumber) ?? ''} le ${date('issuedOn')}`);
      break;
    case 'ParcoursTransferred':
      parts.push(
        `de ${criShort(str(x.fromCri) ?? '')} vers ${criShort(str(x.toCri) ?? '')} le ${date('date')}`,
      );
      break;
    case 'ParcoursClosed':
      parts.push(
        `le ${date('date')} — ${CLOSURE_REASON_LABELS[str(x.reason) as 'other'] ?? str(x.reason) ?? ''}`,
      );
      break;
    case 'NationalityDossierOpened':
      parts.push(`le ${date('openedOn')}`);
      break;
    case 'NationalityProofAttached':
      parts.push(
        `${PROOF_KIND_LABELS[str(x.kind) ?? ''] ?? str(x.kind) ?? ''} — ${str(x.issuer) ?? ''}, ${date('date')}`,
      );
      break;
    case 'PersonalDataErased':
      parts.push(`décision du ${date('decidedOn')}`);
      break;
    default:
      if (x.date) parts.push(`le ${date('date')}`);
  }
  return parts.join(' ');
}

function HistoryPanel({
  items,
  problem,
  c,
  version,
  freshCase,
  canCancel,
  onCancelled,
  onKnownAt,
}: {
  items: HistoryItem[] | null;
  problem: Problem | null;
  c: ParcoursDetail;
  version: number;
  freshCase: () => Promise<ParcoursDetail | null>;
  canCancel: boolean;
  onCancelled: (result: CommandResult) => void;
  onKnownAt: (instant: string) => void;
}) {
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">Historique</h2>
      <ProblemAlert problem={problem} focus={false} />
      {items === null && !problem ? <Loading /> : null}
      {items ? (
        <ol className="timeline" reversed>
          {[...items].reverse().map((item) => (
            <HistoryEntry
              key={item.version}
              item={item}
              c={c}
              version={version}
              freshCase={freshCase}
              cancellable={canCancel && !item.cancelled && CANCELLABLE.has(item.type)}
              onCancelled={onCancelled}
              onKnownAt={onKnownAt}
            />
          ))}
        </ol>
      ) : null}
    </section>
  );
}

const CANCELLABLE: ReadonlySet<string> = new Set(CANCELLABLE_ENTRY_TYPES);
const actorLabel = (actor: HistoryItem['actor']) =>
  `${actor.displayName ?? actor.username} (${ROLE_LABELS[actor.role as 'admin'] ?? actor.role}${
    actor.cri ? `, ${criShort(actor.cri)}` : ''
  })`;

function HistoryEntry({
  item,
  c,
  version,
  freshCase,
  cancellable,
  onCancelled,
  onKnownAt,
}: {
  item: HistoryItem;
  c: ParcoursDetail;
  version: number;
  freshCase: () => Promise<ParcoursDetail | null>;
  cancellable: boolean;
  onCancelled: (result: CommandResult) => void;
  onKnownAt: (instant: string) => void;
}) {
  const [cancelling, setCancelling] = useState(false);
  const title = (
    <>
      <strong>{EVENT_LABELS[item.type] ?? item.type}</strong> {summarize(item)}
    </>
  );
  const cancelled = item.cancelled;
  return (
    <li className={cancelled ? 'timeline-cancelled' : undefined}>
      <p className="timeline-title">
        {cancelled ? (
          <s aria-label={`Saisie annulée : ${EVENT_LABELS[item.type] ?? item.type}`}>{title}</s>
        ) : (
          title
        )}
        <span className="timeline-version"> · saisie n° {item.version}</span>
      </p>
      <p className="timeline-meta">
        Enregistré le {formatInstant(item.recordedAt)} par {actorLabel(item.actor)}
      </p>
      {cancelled ? (
        <p className="timeline-meta">
          <strong>Annulée</strong> le {formatInstant(cancelled.recordedAt)} par {actorLabel(cancelled.actor)}{' '}
          — {cancelled.reasonLabel}
          {cancelled.note ? ` : « ${cancelled.note} »` : ''}
        </p>
      ) : null}
      <p className="timeline-actions">
        <button type="button" className="button-link" onClick={() => onKnownAt(item.recordedAt)}>
          Voir le dossier tel qu'il était connu à ce moment
        </button>
        {cancellable && !cancelling ? (
          <button type="button" className="button-link" onClick={() => setCancelling(true)}>
            Annuler cette saisie
          </button>
        ) : null}
      </p>
      {cancelling ? (
        <CancelEntryForm
          item={item}
          c={c}
          version={version}
          freshCase={freshCase}
          onClose={() => setCancelling(false)}
          onCancelled={(r) => {
            setCancelling(false);
            onCancelled(r);
          }}
        />
      ) : null}
    </li>
  );
}

/**
 * Cancelling an entry: the reason, a note, then the consequences (a what-if of the same command) before the user
 * confirms; nothing is recorded until then.
 */
function CancelEntryForm({
  item,
  c,
  version,
  freshCase,
  onClose,
  onCancelled,
}: {
  item: HistoryItem;
  c: ParcoursDetail;
  version: number;
  freshCase: () => Promise<ParcoursDetail | null>;
  onClose: () => void;
  onCancelled: (result: CommandResult) => void;
}) {
  const prefix = `cancel-${item.version}`;
  const [preview, setPreview] = useState<{ key: string; lines: string[] } | null>(null);
  const form = useForm({
    initial: { reason: '', note: '' },
    rules: [{ field: 'reason', label: "Motif de l'annulation", required: true }],
    submit: async (values, idempotencyKey) => {
      const path = '/api/parcours/{id}/entries/{version}/cancellation' as const;
      const body = { reason: values.reason as never, note: textValue(values.note) };
      const options = { pathParams: { version: item.version }, ifMatch: version };
      const shown = JSON.stringify(body);
      if (preview?.key !== shown) {
        const answer = await postCommand<{ case: ParcoursDetail }, typeof path>(path, c.parcoursId, body, {
          ...options,
          dryRun: true,
        });
        setPreview({ key: shown, lines: consequences((await freshCase()) ?? c, answer.case) });
        return 'keep';
      }
      onCancelled(
        await postCommand<CommandResult, typeof path>(path, c.parcoursId, body, {
          ...options,
          idempotencyKey,
        }),
      );
    },
  });
  const confirming =
    preview !== null &&
    preview.key === JSON.stringify({ reason: form.values.reason, note: textValue(form.values.note) });
  return (
    <form onSubmit={form.onSubmit} noValidate className="step-form" aria-labelledby={`${prefix}-title`}>
      <h3 id={`${prefix}-title`}>
        Annuler la saisie n° {item.version} ({EVENT_LABELS[item.type] ?? item.type})
      </h3>
      <p className="hint">
        La saisie reste dans l'historique, barrée ; tous les calculs (échéances, heures, obligation)
        l'ignorent ensuite. Rien n'est enregistré avant votre confirmation.
      </p>
      <ProblemAlert problem={form.problem} prefix={prefix} />
      <div className="grid">
        <SelectField
          form={form}
          prefix={prefix}
          name="reason"
          label="Motif de l'annulation"
          required
          options={Object.entries(CANCELLATION_REASON_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <TextAreaField form={form} prefix={prefix} name="note" label="Note" maxLength={1000} />
      </div>
      {confirming ? (
        <div className="alert alert-info" role="status" id={`${prefix}-consequences`}>
          <p className="alert-title">Conséquences de l'annulation</p>
          {preview.lines.length > 0 ? (
            <ul>
              {preview.lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : (
            <p>Aucune échéance, heure ni obligation ne change.</p>
          )}
        </div>
      ) : null}
      <p className="form-actions">
        <button
          type="submit"
          className={`button ${confirming ? 'button-danger' : 'button-primary'}`}
          disabled={form.submitting}
        >
          {form.submitting ? 'Un instant…' : confirming ? "Confirmer l'annulation" : 'Voir les conséquences'}
        </button>{' '}
        <button type="button" className="button" onClick={onClose}>
          Ne pas annuler
        </button>
      </p>
    </form>
  );
}
