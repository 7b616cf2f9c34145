import type { AttestationContent } from '../document-content';
import { countryFr, dateFr, FRENCH_VALIDATION_LABELS, hoursFr, languageFr, OBLIGATION_LABELS } from '../french';
import { PdfWriter } from './pdf-writer';

const OVERLINE = "Wallonie — Parcours d'intégration des personnes primo-arrivantes";

/** The attestation de fréquentation (domain.md §4.8), in French: what it states is `content`; `hash` is printed on every page. */
export async function renderAttestationPdf(content: AttestationContent, hash: string, verifyPath: string): Promise<Buffer> {
  const pdf = new PdfWriter({
    title: `Attestation de fréquentation ${content.attestationNumber}`,
    subject: "Attestation de fréquentation du parcours d'intégration",
    author: content.cri.label,
  });
  pdf.header({
    overline: OVERLINE,
    issuer: content.cri.label,
    title: 'Attestation de fréquentation',
    lines: [`N° ${content.attestationNumber} — délivrée le ${dateFr(content.issuedOn)}`],
  });
  pdf.paragraph(
    `Le centre régional d'intégration ${content.cri.code} atteste que la personne désignée ci-dessous a suivi le parcours d'intégration ` +
      "des personnes primo-arrivantes et rempli les exigences de sa convention d'accueil (Code wallon de l'Action sociale et de la Santé, " +
      'articles 150 à 152/11).',
  );

  pdf.section('Personne');
  pdf.field('Nom', content.person.lastName ?? '—', { bold: true });
  pdf.field('Prénom', content.person.firstName ?? '—', { bold: true });
  pdf.field('Date de naissance', dateFr(content.person.birthDate));
  pdf.field('Nationalité', countryFr(content.person.nationality));

  pdf.section('Parcours');
  pdf.field('Public', OBLIGATION_LABELS[content.obligation] ?? content.obligation);
  pdf.field('Régime et base légale', content.regime === null ? 'Régime non déterminé' : `${content.regime.label} — ${content.regime.source}`);
  pdf.field('Inscription à la commune', dateFr(content.dates.communeRegistration));
  pdf.field('Commande du titre de séjour', dateFr(content.dates.cardOrder));
  pdf.field("Présentation au bureau d'accueil", dateFr(content.dates.presentation));
  pdf.field(
    "Convention d'accueil signée le",
    content.dates.conventionLastAmended === null
      ? dateFr(content.dates.conventionSigned)
      : `${dateFr(content.dates.conventionSigned)} (modifiée le ${dateFr(content.dates.conventionLastAmended)})`,
  );

  pdf.section('Heures de formation suivies', 110);
  const h = content.hours;
  pdf.table(
    [
      { header: 'Formation', width: 44 },
      { header: 'Heures suivies', width: 18, align: 'right' },
      { header: 'Heures requises', width: 38, align: 'right' },
    ],
    [
      [
        'Français langue étrangère (FLE)',
        hoursFr(h.french.done),
        !content.convention.includesFrench
          ? 'non prévu dans la convention'
          : h.french.required === null
            ? '—'
            : `${hoursFr(h.french.required)} ou niveau A2 certifié`,
      ],
      ['Citoyenneté', hoursFr(h.citizenship.done), hoursFr(h.citizenship.required)],
      ['Orientation socioprofessionnelle (ISP)', hoursFr(h.isp.done), h.isp.required === null ? 'non requise' : hoursFr(h.isp.required)],
    ],
    { boldFirstColumn: true },
  );
  pdf.paragraph(FRENCH_VALIDATION_LABELS[content.frenchValidation] ?? content.frenchValidation, { size: 9.5 });

  pdf.section('Niveau de français atteint');
  const level = content.frenchLevel;
  if (level === null) {
    pdf.field('Niveau', 'aucun niveau enregistré');
  } else {
    pdf.field('Niveau', `${level.level}${level.oralOnly ? ' (oral uniquement)' : ''}`, { bold: true });
    pdf.field(
      'Validé par',
      level.validatedBy === 'certification'
        ? `certification délivrée par ${level.issuer ?? '—'} le ${dateFr(level.date)}${level.test ? ` (${level.test})` : ''}`
        : `test de positionnement du ${dateFr(level.date)}${level.test ? ` (${level.test})` : ''}`,
    );
  }

  pdf.section("Contenu de la convention d'accueil");
  const c = content.convention;
  pdf.field('Français (FLE)', c.includesFrench ? 'inclus' : 'non inclus (niveau suffisant constaté à l’accueil)');
  pdf.field('Citoyenneté', `incluse${c.citizenshipLanguage ? ` — langue : ${languageFr(c.citizenshipLanguage)}` : ''}`);
  pdf.field(
    'Orientation socioprofessionnelle',
    c.ispRequired ? (c.includesIsp ? 'incluse' : 'requise (convention signée à partir du 12/05/2021)') : 'non requise',
  );

  pdf.closing(
    `Délivrée le ${dateFr(content.issuedOn)} par ${content.cri.label}. Cette attestation peut être produite comme preuve d'intégration ` +
      'sociale dans une déclaration de nationalité (Code de la nationalité belge, art. 12bis).',
    'Cachet et signature du centre',
  );
  return pdf.finish({ hash, verifyPath, label: `Attestation ${content.attestationNumber}` });
}
