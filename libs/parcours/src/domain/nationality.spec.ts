import { evaluateNationalityDossier, type NationalityCondition } from './nationality';
import {
  attestation,
  certification,
  nationalityDossier,
  open,
  proof,
  readyForAttestation,
  stateOf,
} from './__tests__/fixtures';

const TODAY = '2031-01-01';
const conditionOf = (
  commands: Parameters<typeof stateOf>[0],
  condition: NationalityCondition,
  asOf = TODAY,
) =>
  evaluateNationalityDossier(stateOf(commands, TODAY), asOf).conditions.find(
    (c) => c.condition === condition,
  )!;

const attested = [
  ...readyForAttestation(),
  attestation('2026-04-01', 'CAI-2026-000123'),
  nationalityDossier('2030-02-01'),
];

describe('nationality dossier (CNB art. 12bis §1 2°)', () => {
  it('lists the five conditions with a status and a note', () => {
    const evaluation = evaluateNationalityDossier(stateOf(attested, TODAY), '2030-02-01');
    expect(evaluation.conditions.map((c) => [c.condition, c.status])).toEqual([
      ['age', 'covered'],
      ['legal-stay', 'at-risk'],
      ['language', 'at-risk'],
      ['social-integration', 'covered'],
      ['economic-participation', 'missing'],
    ]);
    expect(evaluation).toMatchObject({
      basis: '12bis-1-2',
      open: true,
      openedOn: '2030-02-01',
      complete: false,
      attestation: {
        attestationNumber: 'CAI-2026-000123',
        issuedOn: '2026-04-01',
        criCode: 'CAI',
        hours: { french: 400, citizenship: 60, isp: 4 },
      },
      hours: { french: 400, citizenship: 60, isp: 4 },
      frenchLevel: { level: 'A1', validatedBy: 'positioning' },
    });
  });

  it('the attestation covers social integration', () => {
    expect(conditionOf(attested, 'social-integration')).toMatchObject({
      status: 'covered',
      proofs: [
        {
          kind: 'social-integration',
          issuer: 'CAI',
          date: '2026-04-01',
          reference: 'Attestation de fréquentation CAI-2026-000123',
          source: 'parcours',
        },
      ],
    });
  });

  it('without attestation nor proof, social integration is missing', () => {
    const c = conditionOf([open(), nationalityDossier('2030-02-01')], 'social-integration');
    expect(c.status).toBe('missing');
    expect(c.note).toContain("Terminer le parcours d'intégration");
  });

  describe('language (A2)', () => {
    it('an attestation without validated A2 puts the language at risk, saying what to add', () => {
      const c = conditionOf(attested, 'language');
      expect(c.status).toBe('at-risk');
      expect(c.note).toBe(
        'Attestation de fréquentation sans A2 validé : ajouter un certificat A2 (promotion sociale, Forem ou test)',
      );
    });
    it('an A2 certificate recorded in the parcours covers it', () => {
      const c = conditionOf(
        [...attested, certification('2026-09-01', 'B1', false, 'Promotion sociale')],
        'language',
      );
      expect(c).toMatchObject({
        status: 'covered',
        proofs: [
          { kind: 'language-a2', issuer: 'Promotion sociale', date: '2026-09-01', source: 'parcours' },
        ],
      });
    });
    it('an A2 proof attached to the dossier covers it', () => {
      expect(conditionOf([...attested, proof('language-a2', '2030-01-10', 'Forem')], 'language').status).toBe(
        'covered',
      );
    });
    it('illiterate person: oral A2 plus a literacy course covers it (loi du 27 mars 2024)', () => {
      const c = conditionOf(
        [
          ...attested,
          certification('2026-09-01', 'A2', true),
          proof('literacy-course', '2026-06-30', 'Lire et Écrire'),
        ],
        'language',
      );
      expect(c.status).toBe('covered');
      expect(c.note).toContain('Personne analphabète');
      expect(c.proofs.map((p) => p.kind)).toEqual(['language-a2-oral', 'literacy-course']);
    });
    it('oral A2 alone is at risk', () => {
      const c = conditionOf([...attested, proof('language-a2-oral', '2026-09-01', 'Forem')], 'language');
      expect(c.status).toBe('at-risk');
      expect(c.note).toContain("attestation de cours d'alphabétisation");
    });
    it('nothing at all: missing', () => {
      expect(conditionOf([open(), nationalityDossier('2030-02-01')], 'language').status).toBe('missing');
    });
  });

  describe('age', () => {
    it('adult at opening: covered without reading the birth date', () => {
      expect(conditionOf([open()], 'age')).toMatchObject({
        status: 'covered',
        note: "Majeur (18 ans ou plus) à l'ouverture du parcours",
      });
    });
    it('minor at opening: at risk until a birth certificate is attached', () => {
      // Opened on 2031-01-01, born 2013-06-01: 17 at opening.
      const minor = [open({ person: { birthDate: '2013-06-01' } }), nationalityDossier('2030-02-01')];
      expect(conditionOf(minor, 'age').status).toBe('at-risk');
      expect(
        conditionOf([...minor, proof('birth-certificate', '2013-06-10', 'Consulat')], 'age').status,
      ).toBe('covered');
    });
  });

  describe('legal stay (5 years)', () => {
    it('not yet 5 years: missing, with the date it will be reached', () => {
      const c = conditionOf(attested, 'legal-stay', '2029-06-01');
      expect(c.status).toBe('missing');
      expect(c.note).toBe('5 ans de séjour légal atteints seulement le 20/01/2030');
    });
    it('5 years reached per the file: at risk until the register extract is attached', () => {
      expect(conditionOf(attested, 'legal-stay', '2030-01-20').status).toBe('at-risk');
      expect(
        conditionOf([...attested, proof('legal-stay', '2030-02-02', 'Commune de Namur')], 'legal-stay')
          .status,
      ).toBe('covered');
    });
    it('legal stay start unknown: missing', () => {
      expect(conditionOf([open({ legalStaySince: null })], 'legal-stay').status).toBe('missing');
    });
  });

  it('economic participation is never proved by the parcours', () => {
    expect(conditionOf(attested, 'economic-participation').note).toContain('468 jours');
    expect(
      conditionOf(
        [...attested, proof('economic-participation', '2030-02-01', 'ONSS')],
        'economic-participation',
      ).status,
    ).toBe('covered');
  });

  it('a complete dossier', () => {
    const commands = [
      ...attested,
      certification('2026-09-01', 'A2'),
      proof('legal-stay', '2030-02-02', 'Commune de Namur'),
      proof('economic-participation', '2030-02-03', 'ONSS'),
    ];
    expect(evaluateNationalityDossier(stateOf(commands, TODAY), TODAY).complete).toBe(true);
  });

  it('only counts proofs dated on or before asOf', () => {
    const commands = [...attested, proof('economic-participation', '2030-03-01', 'ONSS')];
    expect(conditionOf(commands, 'economic-participation', '2030-02-15').status).toBe('missing');
  });

  it('works on a parcours without dossier (open: false)', () => {
    expect(evaluateNationalityDossier(stateOf([open()]), '2026-01-01')).toMatchObject({
      open: false,
      openedOn: null,
      attestation: null,
    });
  });
});
