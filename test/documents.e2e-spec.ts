import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Response } from 'supertest';
import { Api, nissFor, obligedPerson } from './support/api';
import { createTestApp, TestClock, type TestApp } from './support/test-app';

// pdf-parse 1.x through its library entry (its index runs a self-test when loaded by jest); the bundled pdf.js 2.0.550
// reads the PDF 1.3+ cross-reference tables pdfkit writes.
const pdfParse = createRequire(__filename)('pdf-parse/lib/pdf-parse.js') as typeof import('pdf-parse');

type TextItem = { str: string; transform: number[] };

/** Items of a page in drawing order: a space between items on one line, a line break when the line changes. */
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

/** The text of a PDF, whitespace collapsed (lines joined by spaces) so that assertions do not depend on line breaks. */
async function pdfText(pdf: Buffer): Promise<string> {
  const { text } = await pdfParse(pdf, { version: 'v2.0.550', pagerender: renderPage });
  return text.replace(/\s+/g, ' ');
}

/** supertest collects a binary body as a Buffer with this parser. */
const binary = (res: Response, done: (err: Error | null, body: Buffer) => void): void => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

/** For a person's own visual check (`DOCUMENTS_PDF_DIR=/tmp/pdf npx jest test/documents …`): keeps each PDF. */
function keep(name: string, pdf: Buffer): void {
  const dir = process.env.DOCUMENTS_PDF_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), pdf);
}

describe('official documents: attestation, nationality dossier, verification', () => {
  let t: TestApp;
  let api: Api;
  const clock = new TestClock(new Date('2026-11-21T09:00:00Z'));

  beforeAll(async () => {
    t = await createTestApp({ clock });
    api = new Api(t.http);
  });
  afterAll(async () => {
    await t.close();
  });

  const getPdf = async (user: string, path: string): Promise<Response & { body: Buffer }> =>
    (await api
      .token(user)
      .then((token) =>
        t.http.get(path).set('Authorization', `Bearer ${token}`).buffer(true).parse(binary),
      )) as Response & {
      body: Buffer;
    };

  /** A parcours followed to its attestation, French validated by an A2 certificate (or by 400 hours). */
  async function attestedParcours(opts: {
    lastName: string;
    firstName: string;
    niss: number;
    frenchBy: 'certification' | 'hours';
  }): Promise<string> {
    const base = obligedPerson();
    const opened = await api.post(
      'cai.aline',
      '/api/parcours',
      obligedPerson({
        person: {
          ...base.person,
          lastName: opts.lastName,
          firstName: opts.firstName,
          niss: nissFor('1990-04-12', opts.niss),
        },
      }),
    );
    expect(opened.status).toBe(201);
    const id = opened.body.parcoursId as string;
    const steps: Array<[string, unknown]> = [
      ['presentation', { date: '2026-02-20' }],
      ['accueil/rights-and-duties', { date: '2026-03-02' }],
      ['accueil/bilan-social', { date: '2026-03-02', needs: ['logement'] }],
      ['french/positioning', { date: '2026-03-03', level: 'A1', test: 'ELAO' }],
      [
        'convention',
        { signedOn: '2026-03-10', includesFrench: true, includesIsp: true, citizenshipLanguage: 'ar' },
      ],
      [
        'citizenship/hours',
        { operator: 'CAI', from: '2026-03-15', to: '2026-05-15', hours: 60, language: 'ar' },
      ],
      ['isp/hours', { provider: 'Forem', date: '2026-04-02', hours: 4 }],
      ...(opts.frenchBy === 'certification'
        ? ([
            [
              'french/hours',
              { operator: 'Lire et Écrire Namur', from: '2026-03-15', to: '2026-09-30', hours: 180.5 },
            ],
            [
              'french/certification',
              { date: '2026-10-05', level: 'A2', issuer: 'Promotion sociale de Namur', test: 'Examen A2' },
            ],
          ] as Array<[string, unknown]>)
        : ([
            [
              'french/hours',
              { operator: 'Lire et Écrire Namur', from: '2026-03-15', to: '2026-10-30', hours: 400 },
            ],
          ] as Array<[string, unknown]>)),
    ];
    for (const [path, body] of steps) {
      const res = await api.post('cai.aline', `/api/parcours/${id}/${path}`, body);
      expect({ path, status: res.status, body: res.body }).toMatchObject({ path, status: 200 });
    }
    const attestation = await api.post('cai.aline', `/api/parcours/${id}/attestation`, {
      issuedOn: '2026-11-02',
    });
    expect(attestation.status).toBe(200);
    return id;
  }

  let attested: string;
  let firstHash: string;

  it('issues the attestation de fréquentation as a French PDF: person, CRI, hours against requirements, French level, hash', async () => {
    attested = await attestedParcours({
      lastName: 'Haddad',
      firstName: 'Samira',
      niss: 11,
      frenchBy: 'certification',
    });
    const res = await getPdf('cai.aline', `/api/parcours/${attested}/attestation.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(
      /^inline; filename="attestation-CAI-2026-\d{6}\.pdf"$/,
    );
    const hash = res.headers['x-content-hash'] as string;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.subarray(0, 5).toString()).toBe('%PDF-');
    keep('attestation.pdf', res.body);

    const text = await pdfText(res.body);
    for (const expected of [
      'Attestation de fréquentation',
      "CAI — Centre d'Action Interculturelle de la province de Namur",
      'délivrée le 02/11/2026',
      'Haddad',
      'Samira',
      '12/04/1990',
      'Syrie (SY)',
      "Public obligé (soumis à l'obligation)",
      'Régime 2025 — décret du 14 mars 2024',
      'Inscription à la commune 02/02/2026',
      'Commande du titre de séjour 10/02/2026',
      "Présentation au bureau d'accueil 20/02/2026",
      "Convention d'accueil signée le 10/03/2026",
      'Français langue étrangère (FLE) 180,5 h 400 h ou niveau A2 certifié',
      'Citoyenneté 60 h 60 h',
      'Orientation socioprofessionnelle (ISP) 4 h 4 h',
      'Exigence de français remplie par un niveau certifié',
      'Niveau A2',
      'certification délivrée par Promotion sociale de Namur le 05/10/2026 (Examen A2)',
      'Citoyenneté incluse — langue : arabe',
      hash,
      `/api/documents/verify/${hash}`,
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/N° CAI-2026-\d{6}/);

    // The same facts give the same document, hence the same hash.
    const again = await getPdf('cai.coord', `/api/parcours/${attested}/attestation.pdf`);
    expect(again.headers['x-content-hash']).toBe(hash);
    firstHash = hash;

    const audit = await api.get('admin', `/api/audit?parcoursId=${attested}`);
    expect(
      audit.body.items.filter((e: { action: string }) => e.action === 'document.attestation').length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('verifies a document by its hash: nothing personal for anonymous callers, the parcours id for a reader in scope', async () => {
    const anonymous = await t.http.get(`/api/documents/verify/${firstHash}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual({
      hash: firstHash,
      issued: true,
      status: 'valid',
      kind: 'attestation',
      kindLabel: 'Attestation de fréquentation',
      documentDate: '2026-11-02',
      issuedOn: '2026-11-21',
      issuer: { code: 'CAI', label: "CAI — Centre d'Action Interculturelle de la province de Namur" },
    });
    expect(JSON.stringify(anonymous.body)).not.toMatch(/Haddad|Samira|1990/);
    // Upper case works too (as copied from paper).
    expect((await t.http.get(`/api/documents/verify/${firstHash.toUpperCase()}`)).status).toBe(200);

    expect((await api.get('cai.aline', `/api/documents/verify/${firstHash}`)).body.parcoursId).toBe(attested);
    expect((await api.get('spw', `/api/documents/verify/${firstHash}`)).body.parcoursId).toBe(attested);
    const otherCri = await api.get('cripel.marc', `/api/documents/verify/${firstHash}`);
    expect(otherCri.status).toBe(200);
    expect(otherCri.body.parcoursId).toBeUndefined();

    const unknown = await t.http.get(
      `/api/documents/verify/${createHash('sha256').update('jamais émis').digest('hex')}`,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(unknown.body).toMatchObject({
      status: 404,
      code: 'DOCUMENT_NOT_FOUND',
      title: 'Document inconnu',
    });
    const malformed = await t.http.get('/api/documents/verify/abc123');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('hash');
  });

  it('no attestation yet: 404 ATTESTATION_NOT_ISSUED; other CRIs 404; roles without access 403', async () => {
    const opened = await api.post('cai.aline', '/api/parcours', obligedPerson());
    const id = opened.body.parcoursId as string;
    const none = await api.get('cai.aline', `/api/parcours/${id}/attestation.pdf`);
    expect(none.status).toBe(404);
    expect(none.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(none.body).toMatchObject({
      code: 'ATTESTATION_NOT_ISSUED',
      title: "Aucune attestation de fréquentation n'a été délivrée",
    });

    for (const path of [
      `/api/parcours/${attested}/attestation.pdf`,
      `/api/parcours/${attested}/nationality-dossier`,
      `/api/parcours/${attested}/nationality-dossier.pdf`,
    ]) {
      expect({ path, status: (await api.get('cripel.marc', path)).status }).toEqual({ path, status: 404 });
      expect({ path, status: (await api.get('sanction', path)).status }).toEqual({ path, status: 403 });
      expect({ path, status: (await t.http.get(path)).status }).toEqual({ path, status: 401 });
      expect({ path, status: (await getPdf('spw', path)).status }).toEqual({ path, status: 200 });
    }
    expect(
      (await api.get('cai.aline', '/api/parcours/0f8c2a36-94e5-4d11-a7b4-1b0f8d9f0c3e/attestation.pdf'))
        .status,
    ).toBe(404);
    expect(
      (await api.get('cai.aline', `/api/parcours/${attested}/nationality-dossier?asOf=2026-13-01`)).status,
    ).toBe(400);
  });

  it('exports the nationality dossier (JSON and PDF, same content hash): each condition, its proofs, covered / missing / at risk', async () => {
    // French validated by 400 hours only: the attestation proves social integration but not A2.
    const id = await attestedParcours({
      lastName: 'Karimi',
      firstName: 'Farid',
      niss: 12,
      frenchBy: 'hours',
    });
    expect(
      (await api.post('cai.aline', `/api/parcours/${id}/nationality-dossier`, { openedOn: '2026-11-10' }))
        .status,
    ).toBe(200);
    const proof = {
      kind: 'economic-participation',
      issuer: 'ONSS',
      date: '2026-11-12',
      reference: 'Attestation 468 jours',
      days: 468,
    };
    expect(
      (await api.post('cai.aline', `/api/parcours/${id}/nationality-dossier/proofs`, proof)).status,
    ).toBe(200);

    const json = await api.get('cai.aline', `/api/parcours/${id}/nationality-dossier?asOf=2026-11-21`);
    expect(json.status).toBe(200);
    const statuses = Object.fromEntries(
      json.body.conditions.map((c: { condition: string; status: string }) => [c.condition, c.status]),
    );
    expect(statuses).toEqual({
      age: 'covered',
      'legal-stay': 'missing',
      language: 'at-risk',
      'social-integration': 'covered',
      'economic-participation': 'covered',
    });
    const economic = json.body.conditions.find(
      (c: { condition: string }) => c.condition === 'economic-participation',
    );
    expect(economic.proofs).toEqual([{ ...proof, source: 'attached' }]);
    expect(json.body).toMatchObject({
      parcoursId: id,
      asOf: '2026-11-21',
      open: true,
      openedOn: '2026-11-10',
      complete: false,
      person: { lastName: 'Karimi', firstName: 'Farid' },
      attestation: { issuedOn: '2026-11-02', hours: { french: 400, citizenship: 60, isp: 4 } },
      hours: { french: 400, citizenship: 60, isp: 4 },
      frenchLevel: { level: 'A1', validatedBy: 'positioning' },
    });
    expect(json.body.contentHash).toMatch(/^[0-9a-f]{64}$/);
    // Same request, same content, same hash.
    expect(
      (await api.get('cai.coord', `/api/parcours/${id}/nationality-dossier?asOf=2026-11-21`)).body
        .contentHash,
    ).toBe(json.body.contentHash);

    // Reading the dossier issues nothing: its hash verifies only once the PDF is issued (issue 23).
    expect((await t.http.get(`/api/documents/verify/${json.body.contentHash}`)).status).toBe(404);
    const planned = await api.get('cai.aline', `/api/parcours/${id}/nationality-dossier?asOf=2027-06-01`);
    expect(planned.status).toBe(200);
    expect((await t.http.get(`/api/documents/verify/${planned.body.contentHash}`)).status).toBe(404);
    const futurePdf = await api.get(
      'cai.aline',
      `/api/parcours/${id}/nationality-dossier.pdf?asOf=2027-06-01`,
    );
    expect(futurePdf.status).toBe(400);
    expect(futurePdf.body.errors).toEqual([
      { field: 'asOf', message: expect.stringContaining('date future') },
    ]);

    const pdf = await getPdf('cai.aline', `/api/parcours/${id}/nationality-dossier.pdf?asOf=2026-11-21`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['x-content-hash']).toBe(json.body.contentHash);
    keep('dossier-nationalite.pdf', pdf.body);
    const text = await pdfText(pdf.body);
    for (const expected of [
      'Dossier nationalité',
      'Code de la nationalité belge, art. 12bis',
      'Situation au 21/11/2026 — dossier ouvert le 10/11/2026',
      'Karimi',
      'Farid',
      'Dossier incomplet : 1 condition manquante, 1 condition à risque.',
      '18 ans ou plus COUVERTE',
      '5 ans de séjour légal et séjour illimité MANQUANTE',
      "Connaissance d'une langue nationale (niveau A2) À RISQUE",
      'Attestation de fréquentation sans A2 validé',
      'Intégration sociale COUVERTE',
      'Participation économique COUVERTE',
      'Pièce : Attestation 468 jours (468 jours de travail) — ONSS, 12/11/2026 (jointe au dossier)',
      'Pièce : Attestation de fréquentation CAI-2026-',
      'Français langue étrangère (FLE) 400 h',
      'A1 — test de positionnement du 03/03/2026 (ELAO)',
      json.body.contentHash,
    ]) {
      expect(text).toContain(expected);
    }

    const verified = await t.http.get(`/api/documents/verify/${json.body.contentHash}`);
    expect(verified.body).toMatchObject({
      issued: true,
      kind: 'nationality-dossier',
      kindLabel: 'Dossier nationalité',
      documentDate: '2026-11-21',
    });

    const audit = await api.get('admin', `/api/audit?parcoursId=${id}`);
    expect(
      audit.body.items.filter((e: { action: string }) => e.action === 'document.nationality-dossier').length,
    ).toBe(4);
  });

  it('after erasure the documents read « donnée effacée », and the hash issued before still verifies', async () => {
    const erased = await api.post('cai.coord', `/api/parcours/${attested}/erasure`, {
      decidedOn: '2026-11-21',
      reason: 'person-request',
    });
    expect(erased.status).toBe(200);

    const res = await getPdf('cai.aline', `/api/parcours/${attested}/attestation.pdf`);
    expect(res.status).toBe(200);
    keep('attestation-apres-effacement.pdf', res.body);
    const text = await pdfText(res.body);
    expect(text).toContain('Nom donnée effacée');
    expect(text).toContain('Date de naissance donnée effacée');
    expect(text).toContain('Nationalité donnée effacée');
    expect(text).not.toMatch(/Haddad|Samira|12\/04\/1990/);
    // Dates, hours and levels stay.
    expect(text).toContain('Citoyenneté 60 h 60 h');
    const newHash = res.headers['x-content-hash'] as string;
    expect(newHash).not.toBe(firstHash);

    for (const hash of [firstHash, newHash]) {
      const verified = await t.http.get(`/api/documents/verify/${hash}`);
      expect({ hash, status: verified.status, kind: verified.body.kind }).toEqual({
        hash,
        status: 200,
        kind: 'attestation',
      });
    }
    // The registry holds no personal data.
    const db = new Client({ connectionString: t.db.url });
    await db.connect();
    try {
      const rows = await db.query(`SELECT t::text AS row FROM doc_issued t`);
      expect(rows.rows.length).toBeGreaterThanOrEqual(3);
      for (const { row } of rows.rows) expect(row).not.toMatch(/Haddad|Samira|Karimi|Farid|1990-04-12/);
    } finally {
      await db.end();
    }
  });
});
