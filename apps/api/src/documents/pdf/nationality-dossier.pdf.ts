import type { ConditionStatus } from '@app/parcours';
import type { DossierProofContent, NationalityDossierContent } from '../document-content';
import { CONDITION_STATUS_LABELS, countryFr, dateFr, hoursFr, isErased, PROOF_KIND_LABELS } from '../french';
import { COLORS, PdfWriter } from './pdf-writer';

const STATUS_COLORS: Readonly<Record<ConditionStatus, string>> = {
  covered: COLORS.covered,
  missing: COLORS.missing,
  'at-risk': COLORS.atRisk,
};

/** « Pièce : Attestation 468 jours — ONSS, 12/11/2026 (jointe au dossier) ». The reference is personal: it may be erased. */
function proofLine(p: DossierProofContent): string {
  const what = p.reference === null ? PROOF_KIND_LABELS[p.kind] : isErased(p.reference) ? `${PROOF_KIND_LABELS[p.kind]} (référence effacée)` : p.reference;
  const stated = [
    p.since ? `séjour légal depuis le ${dateFr(p.since)}` : null,
    p.days != null ? `${p.days} jours de travail` : null,
    p.quarters != null ? `${p.quarters} trimestres d'activité indépendante` : null,
  ].filter((x): x is string => x !== null);
  return `Pièce : ${what}${stated.length > 0 ? ` (${stated.join(', ')})` : ''} — ${p.issuer}, ${dateFr(p.date)} (${p.source === 'parcours' ? 'enregistrée dans le parcours' : 'jointe au dossier'})`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/** The nationality dossier export (domain.md §8): each condition of CNB art. 12bis §1 2°, its proofs and status. */
export async function renderNationalityDossierPdf(content: NationalityDossierContent, hash: string, verifyPath: string): Promise<Buffer> {
  const pdf = new PdfWriter({
    title: `Dossier nationalité au ${dateFr(content.asOf)}`,
    subject: 'Dossier de déclaration de nationalité (CNB art. 12bis, § 1er, 2°)',
    author: content.cri.label,
  });
  pdf.header({
    overline: "Wallonie — Parcours d'intégration — préparation du dossier nationalité",
    issuer: content.cri.label,
    title: 'Dossier nationalité',
    lines: [
      'Déclaration de nationalité — Code de la nationalité belge, art. 12bis, § 1er, 2°',
      `Situation au ${dateFr(content.asOf)} — ${content.open ? `dossier ouvert le ${dateFr(content.openedOn)}` : 'dossier non encore ouvert (aperçu)'}`,
    ],
  });

  pdf.paragraph(
    "Document préparé par le centre régional d'intégration pour aider la personne à constituer sa déclaration de nationalité ; " +
      "il ne préjuge ni de la décision de l'officier de l'état civil ni de l'avis du parquet.",
    { size: 8.5, color: COLORS.muted, italic: true, gap: 0.4 },
  );

  pdf.section('Personne');
  pdf.field('Nom', content.person.lastName ?? '—', { bold: true });
  pdf.field('Prénom', content.person.firstName ?? '—', { bold: true });
  pdf.field('Date de naissance', dateFr(content.person.birthDate));
  pdf.field('Nationalité', countryFr(content.person.nationality));

  const missing = content.conditions.filter((c) => c.status === 'missing').length;
  const atRisk = content.conditions.filter((c) => c.status === 'at-risk').length;
  pdf.section('Conditions', 90);
  pdf.paragraph(
    content.complete
      ? 'Dossier complet : chaque condition est couverte par une preuve.'
      : `Dossier incomplet : ${[missing > 0 ? plural(missing, 'condition manquante', 'conditions manquantes') : null, atRisk > 0 ? plural(atRisk, 'condition à risque', 'conditions à risque') : null]
          .filter((x) => x !== null)
          .join(', ')}.`,
    { color: content.complete ? COLORS.covered : COLORS.missing, gap: 0.8 },
  );
  for (const condition of content.conditions) {
    const proofs = condition.proofs.map((p) => ({ text: proofLine(p), muted: true }));
    pdf.statusBlock({
      title: condition.label,
      status: CONDITION_STATUS_LABELS[condition.status],
      color: STATUS_COLORS[condition.status],
      lines: [{ text: condition.note }, ...(proofs.length > 0 ? proofs : [{ text: 'Aucune preuve jointe', muted: true }])],
    });
  }

  pdf.section("Parcours d'intégration", 100);
  const a = content.attestation;
  pdf.field(
    'Attestation de fréquentation',
    a === null ? 'non délivrée' : `n° ${a.attestationNumber}, délivrée le ${dateFr(a.issuedOn)} par ${a.cri.label}`,
  );
  const level = content.frenchLevel;
  pdf.field(
    'Niveau de français validé',
    level === null
      ? 'aucun niveau enregistré'
      : `${level.level}${level.oralOnly ? ' (oral uniquement)' : ''} — ${
          level.validatedBy === 'certification'
            ? `certification délivrée par ${level.issuer ?? '—'} le ${dateFr(level.date)}`
            : `test de positionnement du ${dateFr(level.date)}`
        }${level.test ? ` (${level.test})` : ''}`,
  );
  pdf.table(
    [
      { header: 'Formation suivie', width: 60 },
      { header: 'Heures', width: 40, align: 'right' },
    ],
    [
      ['Français langue étrangère (FLE)', hoursFr(content.hours.french)],
      ['Citoyenneté', hoursFr(content.hours.citizenship)],
      ['Orientation socioprofessionnelle (ISP)', hoursFr(content.hours.isp)],
    ],
    { boldFirstColumn: true },
  );
  return pdf.finish({ hash, verifyPath, label: `Dossier nationalité au ${dateFr(content.asOf)}` });
}
