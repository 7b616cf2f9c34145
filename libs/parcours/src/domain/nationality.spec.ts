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
    it('minor at opening: 18 from the birth date at the date considered; a birth certificate does not make one older', () => {
      // Opened on 2031-01-01, born 2013-06-01: 17 at opening, 18 on 01/06/2031.
      const minor = [open({ person: { birthDate: '2013-06-01' } }), nationalityDossier('2030-02-01')];
      expect(conditionOf(minor, 'age')).toMatchObject({
        status: 'missing',
        note: '18 ans atteints seulement le 01/06/2031 : la déclaration ne peut pas être faite avant',
      });
      const withCertificate = [...minor, proof('birth-certificate', '2013-06-10', 'Consulat')];
      expect(conditionOf(withCertificate, 'age').status).toBe('missing');
      expect(conditionOf(withCertificate, 'age', '2031-06-01')).toMatchObject({
        status: 'covered',
        note: '18 ans depuis le 01/06/2031',
      });
    });
  });

  describe('legal stay (5 years)', () => {
    it('not yet 5 years: missing, with the date it will be reached', () => {
      const c = conditionOf(attested, 'legal-stay', '2029-06-01');
      expect(c.status).toBe('missing');
      expect(c.note).toBe(
        '5 ans de séjour légal atteints seulement le 20/01/2030 (séjour légal depuis le 20/01/2025)',
      );
    });
    it('a legal-stay proof attached before 5 years does not cover it (issue 16: 1 year 3 months of stay)', () => {
      const early = [...attested, proof('legal-stay', '2026-04-15', 'Commune de Namur')];
      expect(conditionOf(early, 'legal-stay', '2026-04-20')).toMatchObject({
        status: 'at-risk',
        note: '5 ans de séjour légal atteints seulement le 20/01/2030 (séjour légal depuis le 20/01/2025)',
      });
    });
    it('the start a proof states counts (the earliest one)', () => {
      const stated = [
        ...attested,
        {
          type: 'AttachNationalityProof',
          data: { kind: 'legal-stay', issuer: 'Commune de Namur', date: '2030-02-02', since: '2023-03-01' },
        } as const,
      ];
      expect(conditionOf(stated, 'legal-stay', '2030-02-15')).toMatchObject({
        status: 'covered',
        note: '5 ans de séjour légal atteints le 01/03/2028 (séjour légal depuis le 01/03/2023)',
      });
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

  describe('economic participation (never proved by the parcours)', () => {
    const work = (data: { days?: number; quarters?: number }, date = '2030-02-01') =>
      ({
        type: 'AttachNationalityProof',
        data: { kind: 'economic-participation', issuer: 'ONSS', date, ...data },
      }) as const;
    it('missing without proof', () => {
      expect(conditionOf(attested, 'economic-participation')).toMatchObject({ status: 'missing' });
      expect(conditionOf(attested, 'economic-participation').note).toContain('468 jours');
    });
    it('a proof that states nothing is at risk, saying what it must state', () => {
      const c = conditionOf(
        [...attested, proof('economic-participation', '2030-02-01', 'ONSS')],
        'economic-participation',
      );
      expect(c.status).toBe('at-risk');
      expect(c.note).toContain('sans nombre de jours ni de trimestres');
    });
    it('468 days or 6 quarters cover it; fewer is at risk with what is missing; several proofs add up', () => {
      expect(conditionOf([...attested, work({ days: 468 })], 'economic-participation')).toMatchObject({
        status: 'covered',
        note: '468 jours de travail prouvés (468 requis)',
      });
      expect(conditionOf([...attested, work({ quarters: 6 })], 'economic-participation').status).toBe(
        'covered',
      );
      expect(conditionOf([...attested, work({ days: 200 })], 'economic-participation')).toMatchObject({
        status: 'at-risk',
        note: '200 jours prouvés : il manque 268 jours (468 requis)',
      });
      expect(conditionOf([...attested, work({ quarters: 4 })], 'economic-participation').note).toBe(
        '4 trimestres prouvés : il manque 2 trimestres (6 requis)',
      );
      expect(
        conditionOf(
          [...attested, work({ days: 300 }), work({ days: 200 }, '2030-02-02')],
          'economic-participation',
        ).status,
      ).toBe('covered');
    });
  });

  it('a positioning at A2 recorded in the parcours covers the language', () => {
    const c = conditionOf(
      [
        ...attested,
        { type: 'RecordFrenchPositioning', data: { date: '2026-05-01', level: 'A2', test: 'ELAO' } } as const,
      ],
      'language',
    );
    expect(c.status).toBe('covered');
    expect(c.note).toContain('Niveau A2 enregistré dans le parcours le 01/05/2026');
  });

  it('a complete dossier', () => {
    const commands = [
      ...attested,
      certification('2026-09-01', 'A2'),
      proof('legal-stay', '2030-02-02', 'Commune de Namur'),
      {
        type: 'AttachNationalityProof',
        data: { kind: 'economic-participation', issuer: 'ONSS', date: '2030-02-03', days: 520 },
      } as const,
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
