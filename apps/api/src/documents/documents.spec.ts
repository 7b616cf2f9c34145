import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  decide,
  defaultRuleConfig,
  erasePersonalData,
  evolve,
  initialParcoursState,
  type ParcoursCommand,
  type ParcoursEvent,
  type ParcoursState,
} from '@app/parcours';
import { canonicalJson, contentHash } from './content-hash';
import { attestationContent, nationalityDossierContent } from './document-content';
import { renderAttestationPdf } from './pdf/attestation.pdf';
import { renderNationalityDossierPdf } from './pdf/nationality-dossier.pdf';

const pdfParse = createRequire(__filename)('pdf-parse/lib/pdf-parse.js') as typeof import('pdf-parse');
type TextItem = { str: string; transform: number[] };
async function renderPage(pageData: { getTextContent(): Promise<{ items: TextItem[] }> }): Promise<string> {
  const { items } = await pageData.getTextContent();
  let text = '';
  let lastY: number | null = null;
  for (const item of items) {
    text += lastY === null ? item.str : lastY === item.transform[5] ? ` ${item.str}` : `\n${item.str}`;
    lastY = item.transform[5];
  }
  return text;
}
const pdfText = async (pdf: Buffer) => {
  const parsed = await pdfParse(pdf, { version: 'v2.0.550', pagerender: renderPage });
  return { pages: parsed.numpages, text: parsed.text.replace(/\s+/g, ' ') };
};
const keep = (name: string, pdf: Buffer) => {
  if (!process.env.DOCUMENTS_PDF_DIR) return;
  mkdirSync(process.env.DOCUMENTS_PDF_DIR, { recursive: true });
  writeFileSync(join(process.env.DOCUMENTS_PDF_DIR, name), pdf);
};

const PARCOURS_ID = '3b0d7c1e-5a2f-4c8e-9d61-2f7a8e4b9c10';

/** Runs commands through the domain (as the api does) and returns the events and the folded state. */
function history(
  commands: ParcoursCommand[],
  today = '2026-11-21',
): { events: ParcoursEvent[]; state: ParcoursState } {
  let state = initialParcoursState;
  const events: ParcoursEvent[] = [];
  for (const command of commands) {
    for (const event of decide(command, state, { today, rules: defaultRuleConfig })) {
      events.push(event);
      state = evolve(state, event);
    }
  }
  return { events, state };
}

const opening: ParcoursCommand = {
  type: 'OpenParcours',
  data: {
    parcoursId: PARCOURS_ID,
    person: {
      lastName: 'Öztürk-Doğan Şahin',
      firstName: 'Yıldız Łucja',
      birthDate: '1988-01-30',
      nationality: 'TR',
    },
    criCode: 'CRIPEL',
    communeCode: '62063',
    communeRegistrationDate: '2025-01-10',
    cardOrderDate: '2025-01-20',
    legalStaySince: '2019-01-01',
    residencePermit: { type: 'carte B', validUntil: '2030-01-01' },
    flags: { euFamilyMember: false, temporaryProtection: false, internationalProtectionApplicant: false },
    accompagnateurId: null,
  } as never,
};

const attested = history([
  opening,
  { type: 'RecordPresentation', data: { date: '2025-02-03' } },
  { type: 'RecordRightsAndDuties', data: { date: '2025-02-10' } },
  { type: 'RecordBilanSocial', data: { date: '2025-02-10', needs: [] } },
  { type: 'RecordFrenchPositioning', data: { date: '2025-02-11', level: 'A2', test: 'ELAO' } },
  {
    type: 'SignConvention',
    data: { signedOn: '2025-02-20', includesFrench: false, includesIsp: false, citizenshipLanguage: 'tr' },
  },
  {
    type: 'SignConvention',
    data: { signedOn: '2025-06-02', includesFrench: false, includesIsp: true, citizenshipLanguage: 'tr' },
  },
  {
    type: 'RecordCitizenshipHours',
    data: { operator: 'CRIPEL', from: '2025-03-01', to: '2025-05-30', hours: 62.5, language: 'tr' },
  },
  { type: 'RecordIspHours', data: { provider: 'Forem Liège', date: '2025-06-10', hours: 4 } },
  { type: 'IssueAttestation', data: { issuedOn: '2025-07-01', attestationNumber: 'CRIPEL-2025-000042' } },
  {
    type: 'RecordFrenchCertification',
    data: { date: '2026-09-01', level: 'B1', issuer: 'Forem', test: 'TCF', oralOnly: false },
  },
  { type: 'OpenNationalityDossier', data: { openedOn: '2026-10-01' } },
  ...Array.from({ length: 9 }, (_, i): ParcoursCommand => ({
    type: 'AttachNationalityProof',
    data: {
      kind: 'economic-participation',
      issuer: 'ONSS',
      date: `2026-10-${String(10 + i).padStart(2, '0')}`,
      reference: `Fiche de paie trimestre ${i + 1} — employeur « Sàrl Müller & Fils »`,
      days: 60,
    },
  })),
  {
    type: 'AttachNationalityProof',
    data: {
      kind: 'legal-stay',
      issuer: 'Ville de Liège',
      date: '2026-10-20',
      reference: 'Extrait du registre des étrangers',
    },
  },
]);

describe('document contents and their hash', () => {
  it('hashes the canonical JSON: the same content in any key order gives the same hash, any change another', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'é' }], e: undefined })).toBe(
      '{"a":[{"c":"é","d":null}],"b":1}',
    );
    const content = attestationContent(attested.state)!;
    const reverseKeys = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reverseKeys)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reverseKeys(v)]),
            )
          : value;
    const reordered = reverseKeys(content);
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(content));
    expect(contentHash(reordered)).toBe(contentHash(content));
    expect(contentHash({ ...content, issuedOn: '2025-07-02' })).not.toBe(contentHash(content));
    expect(contentHash(content)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('builds the attestation from what was issued, and nothing when none was', () => {
    const content = attestationContent(attested.state)!;
    expect(content).toMatchObject({
      kind: 'attestation',
      attestationNumber: 'CRIPEL-2025-000042',
      cri: { code: 'CRIPEL' },
      regime: { id: '2025' },
      dates: { conventionSigned: '2025-02-20', conventionLastAmended: '2025-06-02' },
      hours: {
        french: { done: 0, required: null },
        citizenship: { done: 62.5, required: 60 },
        isp: { done: 4, required: 4 },
      },
      frenchValidation: 'not-in-convention',
      frenchLevel: { level: 'A2', validatedBy: 'positioning' },
    });
    expect(attestationContent(history([opening]).state)).toBeNull();
  });

  it('renders the attestation: amended convention, French not in the convention, names exactly as recorded', async () => {
    const content = attestationContent(attested.state)!;
    const hash = contentHash(content);
    const pdf = await renderAttestationPdf(content, hash, `/api/documents/verify/${hash}`);
    keep('unit-attestation.pdf', pdf);
    const { pages, text } = await pdfText(pdf);
    expect(pages).toBe(1);
    for (const expected of [
      'Öztürk-Doğan Şahin',
      'Yıldız Łucja',
      '30/01/1988',
      'Turquie (TR)',
      "CRIPEL — Centre Régional pour l'Intégration des personnes étrangères",
      "Convention d'accueil signée le 20/02/2025 (modifiée le 02/06/2025)",
      'Français langue étrangère (FLE) 0 h non prévu dans la convention',
      'Citoyenneté 62,5 h 60 h',
      'Citoyenneté incluse — langue : turc',
      'Niveau A2',
      'test de positionnement du 11/02/2025 (ELAO)',
      "Français non prévu dans la convention : niveau suffisant constaté à l'accueil.",
      hash,
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('renders a long nationality dossier over two pages, the hash and the page number on each', async () => {
    const content = nationalityDossierContent(attested.state, '2026-11-21');
    expect(content.conditions.map((c) => c.status)).toEqual([
      'covered',
      'covered',
      'covered',
      'covered',
      'covered',
    ]);
    expect(content.complete).toBe(true);
    const hash = contentHash(content);
    const pdf = await renderNationalityDossierPdf(content, hash, `/api/documents/verify/${hash}`);
    keep('unit-dossier-long.pdf', pdf);
    const { pages, text } = await pdfText(pdf);
    expect(pages).toBe(2);
    expect(text).toContain('Page 1/2');
    expect(text).toContain('Page 2/2');
    expect(text.split(hash).length - 1).toBe(4); // hash and verification path, on both pages
    expect(text).toContain('Dossier complet : chaque condition est couverte par une preuve.');
    expect(text).toContain(
      'Pièce : Fiche de paie trimestre 9 — employeur « Sàrl Müller & Fils » (60 jours de travail) — ONSS, 18/10/2026 (jointe au dossier)',
    );
  });

  it('shows « donnée effacée » for every personal field once the data are erased', async () => {
    const erased = history([]);
    let state = erased.state;
    for (const event of attested.events) state = evolve(state, erasePersonalData(event));
    const content = attestationContent(state)!;
    expect(content.person).toEqual({
      lastName: 'donnée effacée',
      firstName: 'donnée effacée',
      birthDate: 'donnée effacée',
      nationality: 'donnée effacée',
    });
    const { text } = await pdfText(
      await renderAttestationPdf(content, contentHash(content), '/api/documents/verify/x'),
    );
    expect(text).toContain(
      'Nom donnée effacée Prénom donnée effacée Date de naissance donnée effacée Nationalité donnée effacée',
    );
    const dossier = nationalityDossierContent(state, '2026-11-21');
    const dossierText = (
      await pdfText(await renderNationalityDossierPdf(dossier, contentHash(dossier), '/x'))
    ).text;
    expect(dossierText).toContain('Séjour légal (référence effacée) — Ville de Liège, 20/10/2026');
    expect(dossierText).not.toMatch(/Müller|Extrait du registre/);
  });
});
