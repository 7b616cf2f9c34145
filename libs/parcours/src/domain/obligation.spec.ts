import type { ParcoursOpened } from './events';
import { evaluateObligation, factsAfterMove } from './obligation';
import { ctx, given, open, rulesWith } from './__tests__/fixtures';

const openedData = (overrides: Parameters<typeof open>[0], context = ctx()) =>
  (given([]).when(open(overrides), context).thenEvents()[0] as ParcoursOpened).data;

describe('obligation computed at opening (domain.md §3)', () => {
  it('obliges a primo-arrivant: non-EU, legal stay < 3 years, permit > 3 months, French-language commune', () => {
    const d = openedData({});
    expect(d.obligation).toBe('obliged');
    expect(d.obligationReasons.map((r) => r.code)).toEqual(['PRIMO_ARRIVANT']);
    expect(d.obligationFacts).toEqual({ exclusions: [], automaticDispenses: [], assumptions: [] });
    expect(d.regimeId).toBe('2025');
  });

  describe('exclusions → voluntary', () => {
    it.each([
      ['Belgian national', { person: { nationality: 'BE' } }, 'BELGIAN'],
      ['French national (EU)', { person: { nationality: 'FR' } }, 'EU_EEA_CH_NATIONAL'],
      ['Greek national (EU, ISO code GR)', { person: { nationality: 'GR' } }, 'EU_EEA_CH_NATIONAL'],
      ['Norwegian national (EEA)', { person: { nationality: 'NO' } }, 'EU_EEA_CH_NATIONAL'],
      ['Swiss national', { person: { nationality: 'CH' } }, 'EU_EEA_CH_NATIONAL'],
      ['family member of an EU citizen', { flags: { euFamilyMember: true } }, 'EU_FAMILY_MEMBER'],
      ['legal stay of exactly 3 years at card order', { legalStaySince: '2022-03-10' }, 'LEGAL_STAY_3_YEARS'],
      ['legal stay of more than 3 years', { legalStaySince: '2019-01-01' }, 'LEGAL_STAY_3_YEARS'],
      [
        'permit valid exactly 3 months after the card order',
        { residencePermit: { type: 'temp', validUntil: '2025-06-10' } },
        'PERMIT_3_MONTHS_OR_LESS',
      ],
      [
        'permit valid less than 3 months',
        { residencePermit: { type: 'temp', validUntil: '2025-04-30' } },
        'PERMIT_3_MONTHS_OR_LESS',
      ],
      [
        'international protection applicant, 2025 regime',
        { flags: { internationalProtectionApplicant: true } },
        'INTERNATIONAL_PROTECTION_APPLICANT',
      ],
      ['no card order date', { cardOrderDate: null }, 'NO_CARD_ORDER_DATE'],
      [
        'card ordered before the compulsory parcours (19/05/2016)',
        { cardOrderDate: '2016-05-18', legalStaySince: '2016-01-01', communeRegistrationDate: '2016-01-10' },
        'CARD_ORDERED_BEFORE_PARCOURS',
      ],
    ])('%s', (_label, overrides, code) => {
      const d = openedData(overrides as Parameters<typeof open>[0]);
      expect(d.obligation).toBe('voluntary');
      expect(d.obligationReasons.map((r) => r.code)).toContain(code);
      expect(d.obligationFacts.exclusions).toContain(code);
      expect(d.obligationReasons.every((r) => r.label.includes('volontairement'))).toBe(true);
    });

    it('keeps every exclusion reason, not only the first', () => {
      const d = openedData({ person: { nationality: 'IT' }, cardOrderDate: null });
      expect(d.obligationFacts.exclusions).toEqual(['EU_EEA_CH_NATIONAL', 'NO_CARD_ORDER_DATE']);
    });

    // Since v2 a case is no longer opened there (COMMUNE_OUT_OF_REGION); the rule still reads the
    // openings recorded before, and a move (factsAfterMove) re-evaluates it.
    it.each([
      ['Eupen', '63023'],
      ['Burg-Reuland', '63087'],
    ])(
      'a German-speaking commune (%s) is excluded by the rule, and no case is opened there',
      (_name, code) => {
        expect(
          evaluateObligation(factsAfterMove(openedData({}).obligationFacts, code), []).reasons.map(
            (r) => r.code,
          ),
        ).toEqual(['GERMAN_SPEAKING_COMMUNE']);
        given([])
          .when(open({ criCode: 'CRVI', communeCode: code }))
          .thenThrows('COMMUNE_OUT_OF_REGION');
      },
    );

    it('does not exclude an international protection applicant before the 2025 regime', () => {
      const d = openedData({
        cardOrderDate: '2024-06-01',
        legalStaySince: '2024-01-01',
        communeRegistrationDate: '2024-05-01',
        residencePermit: { type: 'A', validUntil: '2026-06-01' },
        flags: { internationalProtectionApplicant: true },
      });
      expect(d.obligation).toBe('obliged');
      expect(d.regimeId).toBe('2018');
    });

    it('legal stay one day short of 3 years is still primo-arrivant', () => {
      expect(openedData({ legalStaySince: '2022-03-11' }).obligation).toBe('obliged');
    });

    it('permit valid one day beyond 3 months is a permit of more than 3 months', () => {
      expect(openedData({ residencePermit: { type: 'A', validUntil: '2025-06-11' } }).obligation).toBe(
        'obliged',
      );
    });
  });

  describe('assumptions when facts are missing', () => {
    it('unknown legal stay start and permit validity: obliged, with the assumptions shown', () => {
      const d = openedData({ legalStaySince: null, residencePermit: null });
      expect(d.obligation).toBe('obliged');
      expect(d.obligationFacts.assumptions).toEqual(['LEGAL_STAY_UNKNOWN', 'PERMIT_VALIDITY_UNKNOWN']);
      expect(d.obligationReasons.map((r) => r.code)).toEqual([
        'PRIMO_ARRIVANT',
        'LEGAL_STAY_UNKNOWN',
        'PERMIT_VALIDITY_UNKNOWN',
      ]);
    });
  });

  describe('automatic dispenses → dispensed', () => {
    it.each([
      ['under 18 at the card order date (D4)', { person: { birthDate: '2007-03-11' } }, ['D4']],
      ['65 at the card order date (D4)', { person: { birthDate: '1960-03-10' } }, ['D4']],
      ['Turkish national (D10)', { person: { nationality: 'TR' } }, ['D10']],
      ['temporary protection (D11)', { flags: { temporaryProtection: true } }, ['D11']],
      ['Turkish minor (D4 + D10)', { person: { nationality: 'TR', birthDate: '2010-01-01' } }, ['D4', 'D10']],
    ])('%s', (_label, overrides, categories) => {
      const d = openedData(overrides as Parameters<typeof open>[0]);
      expect(d.obligation).toBe('dispensed');
      expect(d.obligationFacts.automaticDispenses).toEqual(categories);
      expect(d.obligationReasons.map((r) => r.code)).toEqual(categories.map((c) => `DISPENSE_${c}`));
      expect(d.obligationReasons[0].label).toContain("appliquée d'office");
    });

    it('18 exactly at the card order date is not D4', () => {
      expect(openedData({ person: { birthDate: '2007-03-10' } }).obligation).toBe('obliged');
    });

    it('64 at the card order date is not D4', () => {
      expect(openedData({ person: { birthDate: '1960-03-11' } }).obligation).toBe('obliged');
    });

    it('D4 reference date is configurable (registration date instead of card order date)', () => {
      // 18 on 10/03/2025 (card order) but 17 on 15/02/2025 (registration)
      const person = { birthDate: '2007-03-01' };
      expect(openedData({ person }).obligation).toBe('obliged');
      const rules = rulesWith({ d4: { referenceDate: 'communeRegistrationDate' } });
      expect(openedData({ person }, ctx(undefined, rules)).obligationFacts.automaticDispenses).toEqual([
        'D4',
      ]);
    });

    it('D10 standstill states are configurable', () => {
      expect(openedData({ person: { nationality: 'MK' } }).obligation).toBe('obliged');
      const rules = rulesWith({ standstillStates: ['TR', 'MK'] });
      expect(
        openedData({ person: { nationality: 'MK' } }, ctx(undefined, rules)).obligationFacts
          .automaticDispenses,
      ).toEqual(['D10']);
    });

    it('an automatic dispense is not applied when the regime does not list it', () => {
      const rules = rulesWith({ regimes: { '2025': { dispenseCategories: ['D1', 'D2'] } } });
      expect(openedData({ flags: { temporaryProtection: true } }, ctx(undefined, rules)).obligation).toBe(
        'obliged',
      );
    });

    it('exclusions win over dispenses (an EU national is voluntary, not dispensed)', () => {
      const d = openedData({ person: { nationality: 'FR', birthDate: '2010-01-01' } });
      expect(d.obligation).toBe('voluntary');
      expect(d.obligationFacts.automaticDispenses).toEqual([]);
    });
  });

  it('records whether the person was adult at opening (for the nationality dossier), not the birth date', () => {
    expect(openedData({ person: { birthDate: '2008-06-01' } }).adultAtOpening).toBe(true); // 18 on TODAY 2026-06-01
    expect(openedData({ person: { birthDate: '2008-06-02' } }).adultAtOpening).toBe(false);
  });
});

describe('re-evaluation from recorded facts', () => {
  it('a recorded dispense makes an obliged person dispensed', () => {
    const r = evaluateObligation({ exclusions: [], automaticDispenses: [], assumptions: [] }, [
      { category: 'D2', decidedOn: '2025-06-01' },
    ]);
    expect(r.obligation).toBe('dispensed');
    expect(r.reasons).toEqual([
      { code: 'DISPENSE_D2', label: expect.stringContaining('décidée le 01/06/2025') },
    ]);
  });

  it('a move into the German-speaking region adds the exclusion, a move out removes it', () => {
    const base = { exclusions: [], automaticDispenses: [], assumptions: [] };
    const moved = factsAfterMove(base, '63023');
    expect(moved.exclusions).toEqual(['GERMAN_SPEAKING_COMMUNE']);
    expect(factsAfterMove(moved, '92094').exclusions).toEqual([]);
  });
});
