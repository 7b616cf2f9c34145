import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { Api, nissFor, obligedPerson } from '../support/api';
import { createTestApp, TestClock, type TestApp } from '../support/test-app';
import {
  buildWeb,
  describeWithBrowser,
  launchBrowser,
  screenshot,
  seriousA11yViolations,
  type BrowserSession,
} from './support/browser';

/**
 * The web interface in a real browser (Debian's Chromium through playwright-core) against the real api on a test
 * database: an accompagnateur runs a case to the attestation, the coordinator's dashboard follows, the administration
 * filters overdue cases, the sanctioning officer opens a procedure; axe-core checks every main page.
 */
jest.setTimeout(120_000);

describe('web interface', () => {
  let t: TestApp;
  let api: Api;
  let base: string;
  const clock = new TestClock(new Date('2026-11-21T10:00:00Z'));

  beforeAll(async () => {
    buildWeb();
    t = await createTestApp({ clock });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    api = new Api(t.http);
  }, 240_000);

  afterAll(async () => {
    await t?.close();
  });

  it('is served by the api at / with the single-page fallback, never in place of /api, /docs or /health', async () => {
    const index = await t.http.get('/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect(index.text).toContain('<div id="root">');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['cache-control']).toBe('no-cache');
    const deepLink = await t.http.get('/dossiers/7b0c1f0e-0000-4000-8000-000000000000?asOf=2026-01-01');
    expect(deepLink.status).toBe(200);
    expect(deepLink.text).toContain('<div id="root">');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index.text)?.[1];
    expect(script).toBeDefined();
    const asset = await t.http.get(script!);
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const unknownApi = await t.http.get('/api/nothing-here');
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.headers['content-type']).toMatch(/application\/problem\+json/);
    const health = await t.http.get('/health');
    expect(health.headers['content-type']).toMatch(/application\/json/);
    const docs = await t.http.get('/docs-json');
    expect(docs.status).toBe(200);
    expect(docs.body.paths['/api/parcours']).toBeDefined();
  });

  describeWithBrowser('in a browser', () => {
    let browser: BrowserSession;
    let movingId = '';
    const a11y: Record<string, string[]> = {};

    const checkA11y = async (page: Page, name: string) => {
      const violations = await seriousA11yViolations(page);
      a11y[name] = violations.map(
        (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
      expect({ page: name, violations: a11y[name] }).toEqual({ page: name, violations: [] });
    };

    const login = async (username: string): Promise<Page> => {
      const page = await browser.context.newPage();
      await page.goto(`${base}/`);
      await page.waitForURL(/\/connexion/);
      await page.getByLabel('Identifiant').fill(username);
      await page.getByLabel('Mot de passe').fill('demo');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/connexion'));
      return page;
    };

    /** Picks a step in the case page's recorder, fills it and waits for the confirmation. */
    const record = async (page: Page, key: string, label: string, fill: () => Promise<void>) => {
      await page.selectOption('#record-step', key);
      await fill();
      await page.locator(`form[aria-labelledby="step-${key}-title"] button[type="submit"]`).click();
      await page
        .getByRole('status')
        .filter({ hasText: `${label} : enregistré` })
        .waitFor();
    };

    beforeAll(async () => {
      // An obliged case that never presented itself (due 04/08/2026: overdue on 21/11/2026), and one at CRIPEL.
      const late = await api.post(
        'cai.aline',
        '/api/parcours',
        obligedPerson({
          person: {
            ...obligedPerson().person,
            lastName: 'Benali',
            firstName: 'Youssef',
            birthDate: '1988-06-01',
            nationality: 'MA',
            niss: nissFor('1988-06-01', 21),
          },
          communeRegistrationDate: '2026-05-04',
          cardOrderDate: '2026-05-10',
          legalStaySince: '2026-01-10',
        }),
      );
      expect(late.status).toBe(201);
      const liege = await api.post(
        'cripel.marc',
        '/api/parcours',
        obligedPerson({
          person: {
            ...obligedPerson().person,
            lastName: 'Rahimi',
            firstName: 'Farid',
            birthDate: '1992-09-15',
            nationality: 'AF',
            niss: nissFor('1992-09-15', 33),
          },
          criCode: 'CRIPEL',
          communeCode: '62063',
          communeRegistrationDate: '2026-06-01',
          cardOrderDate: '2026-06-05',
          legalStaySince: '2026-03-01',
        }),
      );
      expect(liege.status).toBe(201);
      // A recent CAI case (presentation due 01/01/2027: due soon, not late) that the coordinator transfers to Liège.
      const moving = await api.post(
        'cai.aline',
        '/api/parcours',
        obligedPerson({
          person: {
            ...obligedPerson().person,
            lastName: 'Diallo',
            firstName: 'Aminata',
            birthDate: '1995-02-20',
            nationality: 'GN',
            niss: nissFor('1995-02-20', 45),
          },
          communeRegistrationDate: '2026-10-01',
          cardOrderDate: '2026-10-05',
          legalStaySince: '2026-07-01',
        }),
      );
      expect(moving.status).toBe(201);
      movingId = moving.body.parcoursId as string;
      await t.whenCaughtUp();
      browser = await launchBrowser();
    }, 240_000);

    afterAll(async () => {
      await browser?.close();
      const failing = Object.entries(a11y).filter(([, v]) => v.length > 0);
      if (failing.length > 0)
        console.warn(`[test/web] accessibility violations: ${JSON.stringify(failing, null, 2)}`);
    });

    let attestationsBefore = 0;
    const attestationsKpi = async (page: Page): Promise<number> => {
      const kpi = page.locator('.kpi').filter({ hasText: 'Attestations (12 mois)' }).locator('.kpi-value');
      return Number((await kpi.innerText()).replace(/\s/g, ''));
    };

    it('shows the login page in French, accessible', async () => {
      const page = await browser.context.newPage();
      await page.goto(`${base}/dossiers`);
      await page.waitForURL(/\/connexion\?suite=/);
      expect(await page.getAttribute('html', 'lang')).toBe('fr');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByText('Identifiant : obligatoire').first().waitFor();
      await page.getByLabel('Identifiant').fill('cai.aline');
      await page.getByLabel('Mot de passe').fill('mauvais');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('alert').filter({ hasText: 'Identifiant ou mot de passe incorrect' }).waitFor();
      await checkA11y(page, 'connexion');
      await screenshot(page, '01-connexion');
      await page.close();
    });

    it('the coordinator sees the CRI dashboard before', async () => {
      const page = await login('cai.coord');
      await page.goto(`${base}/tableau-de-bord`);
      await page.getByRole('heading', { level: 1, name: /Tableau de bord/ }).waitFor();
      await page.locator('.kpi').first().waitFor();
      attestationsBefore = await attestationsKpi(page);
      await page.close();
    });

    it('an accompagnateur opens a case and records every step until the attestation', async () => {
      const page = await login('cai.aline');
      expect(new URL(page.url()).pathname).toBe('/dossiers');
      await page.getByRole('heading', { level: 1, name: /Mes dossiers/ }).waitFor();
      await page.getByRole('link', { name: /BENALI Youssef/ }).waitFor();
      await checkA11y(page, 'mes-dossiers');
      await screenshot(page, '02-mes-dossiers');

      // Search by name.
      await page.getByLabel('Nom ou numéro national (NISS)').fill('personne-inconnue');
      await page.getByRole('button', { name: 'Rechercher' }).click();
      await page.getByText('Aucun dossier ne correspond.').waitFor();
      await page.getByLabel('Nom ou numéro national (NISS)').fill('benali');
      await page.getByRole('button', { name: 'Rechercher' }).click();
      await page.getByText(/^1 dossier, les plus urgents/).waitFor();
      await page.getByRole('link', { name: /BENALI Youssef/ }).waitFor();

      // Open a parcours: French validation messages first, then a server-side refusal next to its field.
      await page.getByRole('link', { name: 'Ouvrir un parcours' }).first().click();
      await page.getByRole('heading', { level: 1, name: 'Ouvrir un parcours' }).waitFor();
      await page.getByRole('button', { name: 'Ouvrir le parcours' }).click();
      await page.locator('#open-lastName-error').filter({ hasText: 'Nom : obligatoire' }).waitFor();
      await page.locator('#open-communeRegistrationDate-error').filter({ hasText: 'obligatoire' }).waitFor();
      await checkA11y(page, 'ouvrir-un-parcours-erreurs');
      await screenshot(page, '03-ouvrir-parcours-erreurs');

      await page.fill('#open-lastName', 'Haddad');
      await page.fill('#open-firstName', 'Samira');
      await page.fill('#open-birthDate', '12/04/1990');
      await page.fill('#open-nationality', 'syrie'); // the French name, as people say it: sent as SY
      await page.fill('#open-niss', '90041210100'); // 11 digits, wrong check digits
      await page.selectOption('#open-sex', 'F');
      await page.fill('#open-contactLanguage', 'ar');
      await page.fill('#open-communeCode', '5000'); // Namur's postcode: sent as its INS code 92094
      await page
        .locator('#open-communeCode-hint')
        .filter({ hasText: 'Namur (5000), code INS 92094' })
        .waitFor();
      await page.fill('#open-communeRegistrationDate', '02/02/2026');
      await page.fill('#open-cardOrderDate', '10/02/2026');
      await page.fill('#open-legalStaySince', '15/11/2025');
      await page.fill('#open-permitType', 'carte A');
      await page.fill('#open-permitValidUntil', '10/02/2027');
      await page.getByRole('button', { name: 'Ouvrir le parcours' }).click();
      await page.locator('#open-niss-error').filter({ hasText: 'NISS : clé de contrôle invalide' }).waitFor();

      // A possible number of someone born on another day: refused in the browser, naming its date.
      await page.fill('#open-niss', nissFor('1990-04-21', 101));
      await page.getByRole('button', { name: 'Ouvrir le parcours' }).click();
      await page
        .locator('#open-niss-error')
        .filter({ hasText: 'NISS : ne correspond pas à la date de naissance (le numéro indique 21/04/1990)' })
        .waitFor();
      // The spaced form people copy from the identity card is accepted, as by the api.
      const niss = nissFor('1990-04-12', 101);
      await page.fill(
        '#open-niss',
        `${niss.slice(0, 2)} ${niss.slice(2, 4)} ${niss.slice(4, 6)} ${niss.slice(6, 9)} ${niss.slice(9)}`,
      );
      await page.getByRole('button', { name: 'Ouvrir le parcours' }).click();
      await page.getByText('Public calculé').waitFor();
      expect(await page.locator('.result-lead strong').innerText()).toBe('Public obligé');
      expect(await page.locator('ul.reasons li').count()).toBeGreaterThan(0);
      await screenshot(page, '04-parcours-ouvert');
      await page.getByRole('button', { name: 'Ouvrir le dossier' }).click();
      await page.getByRole('heading', { level: 1, name: 'HADDAD Samira' }).waitFor();
      // Names, never codes: the country, the language and the commune in French.
      await page
        .locator('dd')
        .filter({ hasText: /^Syrie$/ })
        .waitFor();
      await page
        .locator('dd')
        .filter({ hasText: /^Arabe$/ })
        .waitFor();
      await page
        .locator('dd')
        .filter({ hasText: /^Namur \(5000\)$/ })
        .waitFor();

      // The accueil.
      // The card order date was misread: corrected from the person panel, its effect on the deadline shown first.
      await page.getByRole('button', { name: 'Corriger les faits de l’ouverture' }).click();
      await page.fill('#step-correct-facts-cardOrderDate', '05/02/2026');
      await page.selectOption('#step-correct-facts-reason', 'entry-error');
      const factsForm = page.locator('form[aria-labelledby="step-correct-facts-title"]');
      await factsForm.getByRole('button', { name: 'Voir les conséquences' }).click();
      await factsForm
        .getByText("Attestation de fréquentation : l'échéance passerait du 10/02/2029 au 05/02/2029")
        .waitFor();
      await screenshot(page, '04b-correction-apercu');
      await factsForm.getByRole('button', { name: 'Enregistrer' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'Corriger les faits de l’ouverture : enregistré' })
        .waitFor();
      await page
        .locator('.deadline')
        .filter({ hasText: 'Attestation de fréquentation' })
        .getByText('05/02/2029', { exact: true })
        .waitFor();
      await record(page, 'presentation', "Présentation au bureau d'accueil", () =>
        page.fill('#step-presentation-date', '20/02/2026'),
      );
      await record(page, 'rights', 'Information droits et devoirs', () =>
        page.fill('#step-rights-date', '02/03/2026'),
      );
      await record(page, 'bilan', 'Bilan social', async () => {
        await page.fill('#step-bilan-date', '02/03/2026');
        await page.fill('#step-bilan-needs', 'logement, emploi');
      });
      // A date in the future: the api refuses it, the message sits next to the field.
      await page.selectOption('#record-step', 'positioning');
      await page.fill('#step-positioning-date', '01/01/2030');
      await page.selectOption('#step-positioning-level', 'A1');
      await page.locator('form[aria-labelledby="step-positioning-title"] button[type="submit"]').click();
      await page
        .locator('#step-positioning-date-error')
        .filter({ hasText: "La date ne peut pas être postérieure à aujourd'hui" })
        .waitFor();
      await record(page, 'positioning', 'Test de positionnement en français', async () => {
        await page.fill('#step-positioning-date', '03/03/2026');
        await page.fill('#step-positioning-test', 'ELAO');
      });
      await record(page, 'convention', "Convention d'accueil", async () => {
        await page.fill('#step-convention-signedOn', '10/03/2026');
        await page.locator('#step-convention-includesFrench').getByLabel('Oui').check();
        await page.check('#step-convention-includesIsp');
        await page.fill('#step-convention-citizenshipLanguage', 'ar');
      });

      // Too early for the attestation: 422 with what is missing.
      await page.selectOption('#record-step', 'attestation');
      await page.fill('#step-attestation-issuedOn', '02/11/2026');
      await page.locator('form[aria-labelledby="step-attestation-title"] button[type="submit"]').click();
      const refusal = page
        .getByRole('alert')
        .filter({ hasText: "Les conditions de l'attestation de fréquentation ne sont pas remplies" });
      await refusal.waitFor();
      await refusal.getByText('Ce qui manque').waitFor();
      expect(await refusal.locator('li').count()).toBeGreaterThan(0);
      await screenshot(page, '05-attestation-refusee');

      // The trainings.
      await record(page, 'citizenship-hours', 'Heures de citoyenneté', async () => {
        await page.fill('#step-citizenship-hours-operator', 'CAI');
        await page.fill('#step-citizenship-hours-from', '15/03/2026');
        await page.fill('#step-citizenship-hours-to', '15/05/2026');
        await page.fill('#step-citizenship-hours-hours', '60');
        await page.fill('#step-citizenship-hours-language', 'ar');
      });
      await record(page, 'isp-hours', "Heures d'orientation socioprofessionnelle (ISP)", async () => {
        await page.fill('#step-isp-hours-provider', 'Forem');
        await page.fill('#step-isp-hours-date', '02/04/2026');
        await page.fill('#step-isp-hours-hours', '4');
      });
      // The same session typed again: refused, the existing entry named, a confirmation offered.
      await page.selectOption('#record-step', 'isp-hours');
      await page.fill('#step-isp-hours-provider', 'forem');
      await page.fill('#step-isp-hours-date', '02/04/2026');
      await page.fill('#step-isp-hours-hours', '2');
      const ispForm = page.locator('form[aria-labelledby="step-isp-hours-title"]');
      await ispForm.locator('button[type="submit"]').click();
      await ispForm
        .getByRole('alert')
        .filter({ hasText: 'Des heures de cet opérateur sont déjà enregistrées sur cette période' })
        .waitFor();
      await ispForm
        .getByText(
          /Déjà enregistré \(entrée n° \d+\) : 4 h d'orientation socioprofessionnelle chez Forem le 02\/04\/2026/,
        )
        .waitFor();
      await ispForm
        .getByLabel("Ce n'est pas un doublon : enregistrer ces heures en plus de l'entrée existante")
        .check();
      await ispForm.locator('button[type="submit"]').click();
      await page
        .getByRole('status')
        .filter({ hasText: "Heures d'orientation socioprofessionnelle (ISP) : enregistré" })
        .waitFor();
      // It was the same session after all: cancelled from the history, its consequences shown before it is confirmed.
      const second = page.locator('.timeline li').filter({ hasText: '2 h le 02/04/2026' });
      await second.getByRole('button', { name: 'Annuler cette saisie' }).click();
      const cancelForm = second.locator('form');
      await cancelForm.locator('select').selectOption('duplicate');
      await cancelForm.locator('textarea').fill('Même séance encodée deux fois');
      await cancelForm.getByRole('button', { name: 'Voir les conséquences' }).click();
      await cancelForm.getByText('Orientation socioprofessionnelle (ISP) : 6 h → 4 h').waitFor();
      await screenshot(page, '05b-annulation-apercu');
      await cancelForm.getByRole('button', { name: "Confirmer l'annulation" }).click();
      await page.getByRole('status').filter({ hasText: 'Saisie annulée : enregistré' }).waitFor();
      await page
        .locator('.timeline li.timeline-cancelled')
        .filter({ hasText: 'doublon : « Même séance encodée deux fois »' })
        .filter({ hasText: 'par Aline Dupont' })
        .waitFor();
      await record(page, 'french-hours', 'Heures de français', async () => {
        await page.fill('#step-french-hours-operator', 'Lire et Écrire Namur');
        await page.fill('#step-french-hours-from', '15/03/2026');
        await page.fill('#step-french-hours-to', '30/10/2026');
        await page.fill('#step-french-hours-hours', '400');
      });
      await record(page, 'evaluation', "Entretien d'évaluation", async () => {
        await page.fill('#step-evaluation-date', '10/09/2026');
        await page.selectOption('#step-evaluation-convocation', 'email');
        await page.locator('#step-evaluation-attended').getByLabel('Oui').check();
        await page.fill('#step-evaluation-notes', 'Bonne progression');
      });
      await page
        .getByRole('progressbar', { name: 'Français (FLE)' })
        .and(page.locator('[aria-valuetext^="400 h sur 400 h"]'))
        .waitFor();
      await page
        .getByText("Toutes les conditions de l'attestation de fréquentation sont remplies.")
        .waitFor();

      await record(page, 'attestation', 'Attestation de fréquentation', () =>
        page.fill('#step-attestation-issuedOn', '02/11/2026'),
      );
      await page
        .getByText(/Attestation de fréquentation n° CAI-2026-\d{6} délivrée le 02\/11\/2026/)
        .waitFor();

      // Deadlines explain themselves; the history says who did what.
      const attestationDeadline = page
        .locator('.deadline')
        .filter({ hasText: 'Attestation de fréquentation' });
      await attestationDeadline.getByText('Pourquoi cette date ?').click();
      expect(await attestationDeadline.locator('.explanation li').count()).toBeGreaterThan(0);
      await page
        .locator('.timeline li')
        .filter({ hasText: 'Attestation de fréquentation délivrée' })
        .filter({ hasText: 'par Aline Dupont' })
        .waitFor();
      expect(await page.locator('.timeline > li').count()).toBe(14); // with the correction, the second ISP session and its cancellation;
      await checkA11y(page, 'dossier');
      await screenshot(page, '06-dossier');

      // The attestation PDF: fetched with the token, opened from an object URL in a new tab.
      const [popup] = await Promise.all([
        page.context().waitForEvent('page'),
        page.getByRole('button', { name: "Ouvrir l'attestation (PDF)" }).click(),
      ]);
      await popup.waitForURL(/^blob:/);
      await popup.close();
      await page.close();
    });

    it('the coordinator sees the dashboard change', async () => {
      const page = await login('cai.coord');
      await page.getByRole('link', { name: 'Tableau de bord' }).click();
      await page.getByRole('heading', { level: 1, name: /Tableau de bord — CAI/ }).waitFor();
      await page.locator('.kpi').first().waitFor();
      expect(await attestationsKpi(page)).toBe(attestationsBefore + 1);
      const monthly = page.locator('#chart-monthly-title').locator('..');
      await monthly.getByText('Voir les données').click();
      await monthly.getByRole('row', { name: /novembre 2026/ }).waitFor();
      await page.locator('.recharts-surface').first().waitFor();
      await checkA11y(page, 'tableau-de-bord');
      await screenshot(page, '07-tableau-de-bord');

      // A transfer: the case leaves the CRI with its history; the coordinator no longer sees it.
      await page.getByRole('link', { name: 'Dossiers' }).click();
      await page.getByLabel('Nom ou numéro national (NISS)').fill('diallo');
      await page.getByRole('button', { name: 'Rechercher' }).click();
      await page.getByRole('link', { name: /DIALLO Aminata/ }).click();
      await page.getByRole('heading', { level: 1, name: 'DIALLO Aminata' }).waitFor();
      await page.selectOption('#record-step', 'transfer');
      await page.selectOption('#step-transfer-toCri', 'CRIPEL');
      await page.fill('#step-transfer-communeCode', 'liege'); // typed by name, without accent: sent as 62063
      await page
        .locator('#step-transfer-communeCode-hint')
        .filter({ hasText: 'Liège (4000), code INS 62063' })
        .waitFor();
      await page.fill('#step-transfer-date', '15/11/2026');
      const transferForm = page.locator('form[aria-labelledby="step-transfer-title"]');
      await transferForm.locator('button[type="submit"]').first().click();
      // Irreversible for this centre: confirmed once more.
      await transferForm
        .getByText('Après le transfert, votre centre n’aura plus accès à ce dossier')
        .waitFor();
      await transferForm.getByRole('button', { name: 'Confirmer : transfert vers un autre CRI' }).click();
      await page.getByRole('heading', { level: 1, name: 'Dossier transféré' }).waitFor();
      await page.getByText(/transféré vers CRIPEL/).waitFor();
      await t.whenCaughtUp();
      expect((await api.get('cai.coord', `/api/parcours/${movingId}`)).status).toBe(410);
      expect((await api.get('cripel.marc', `/api/parcours/${movingId}`)).body).toMatchObject({
        criCode: 'CRIPEL',
        accompagnateurId: null,
      });
      // Coming back to the case later: where it went and when, nothing personal.
      await page.goto(`${base}/dossiers/${movingId}`);
      await page.getByRole('heading', { level: 1, name: 'Dossier transféré' }).waitFor();
      await page.getByText('Parcours transféré à CRIPEL le 15/11/2026').waitFor();
      expect(await page.getByText(/DIALLO|Aminata/).count()).toBe(0);
      await screenshot(page, '08-dossier-transfere');
      await page.close();

      // The CRIPEL coordinator finds it among the cases to assign.
      const cripel = await login('cripel.coord');
      await cripel.getByText('Arrivés par transfert, à attribuer (1)').waitFor();
      await cripel
        .getByLabel('À traiter en priorité')
        .getByRole('link', { name: /DIALLO Aminata/ })
        .waitFor();
      await cripel.getByText(/du CAI le 15\/11\/2026/).waitFor();
      await screenshot(cripel, '09-a-attribuer');
      await cripel.close();
    });

    it('the administration filters the overdue cases across CRIs, as of a date, and exports them', async () => {
      const page = await login('spw');
      expect(new URL(page.url()).pathname).toBe('/conformite');
      await page.getByRole('heading', { level: 1, name: 'Conformité des échéances' }).waitFor();
      await page.selectOption('#cmp-status', 'overdue');
      await page.getByText(/échéances? au 21\/11\/2026/).waitFor();
      const rows = page.locator('table tbody tr');
      // Before the filtered answer arrives, the unfiltered rows (two for this person) may still show: wait for one.
      await rows.filter({ hasText: 'BENALI Youssef' }).first().waitFor();
      await rows.filter({ hasText: 'RAHIMI Farid' }).waitFor();
      // Every row shown once the filtered answer arrived is overdue.
      await page.waitForFunction(
        `[...document.querySelectorAll('table tbody td .badge')].every((b) => b.textContent === 'En retard') && document.querySelectorAll('table tbody tr').length === 2`,
      );
      await checkA11y(page, 'conformite');
      await screenshot(page, '08-conformite-en-retard');

      await page.selectOption('#cmp-cri', 'CRIPEL');
      await rows.filter({ hasText: 'BENALI Youssef' }).waitFor({ state: 'detached' });
      await rows.filter({ hasText: 'RAHIMI Farid' }).waitFor();
      await page.selectOption('#cmp-cri', '');

      // On 15/07/2026 Benali's presentation (due 04/08/2026) was not late yet.
      await page.fill('#cmp-asof', '15/07/2026');
      await page.getByRole('button', { name: 'Appliquer' }).click();
      await page
        .getByText(/au 15\/07\/2026/)
        .first()
        .waitFor();
      expect(await rows.filter({ hasText: 'BENALI Youssef' }).count()).toBe(0);
      await page.fill('#cmp-asof', '');
      await page.getByRole('button', { name: 'Appliquer' }).click();
      // Before the filtered answer arrives, the unfiltered rows (two for this person) may still show: wait for one.
      await rows.filter({ hasText: 'BENALI Youssef' }).first().waitFor();

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Exporter en CSV' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^conformite-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = readFileSync((await download.path())!, 'utf8');
      expect(csv.charCodeAt(0)).toBe(0xfeff);
      expect(csv).toContain('Benali');
      await page.close();
    });

    it('the sanctioning officer opens a procedure on a sanctionable case and sends the notice', async () => {
      const page = await login('sanction');
      expect(new URL(page.url()).pathname).toBe('/sanctions');
      const row = page
        .locator('table tbody tr')
        .filter({ hasText: 'BENALI Youssef' })
        .filter({ hasText: 'présentation' });
      await row.waitFor();
      await checkA11y(page, 'sanctions');
      await screenshot(page, '09-sanctions');
      await row.getByRole('button', { name: 'Ouvrir une procédure' }).click();
      await row.getByLabel('Signalée le').fill('21/11/2026');
      await row.getByRole('button', { name: 'Ouvrir', exact: true }).click();
      await page.waitForURL(/\/sanctions\/[0-9a-f-]{36}$/);
      await page.getByRole('heading', { level: 1, name: /Procédure de sanction/ }).waitFor();
      await page.selectOption('#proc-step', 'notice');
      await page.fill('#step-notice-sentOn', '21/11/2026');
      await page.locator('form[aria-labelledby="step-notice-title"] button[type="submit"]').click();
      await page.getByRole('status').filter({ hasText: 'Envoi de la notification : enregistré' }).waitFor();
      await page.getByText(/envoyé le 21\/11\/2026/).waitFor();
      await checkA11y(page, 'procedure');
      await screenshot(page, '10-procedure');
      await page.close();
    });
  });
});
