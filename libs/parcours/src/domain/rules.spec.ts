import { defaultRuleConfig, regimeFor, regimeForDate, regimeTitle, resolveRuleConfig } from './rules';

describe('rule regimes (domain.md §6)', () => {
  it.each([
    ['2016-05-18', null],
    ['2016-05-19', '2016'],
    ['2018-12-16', '2016'],
    ['2018-12-17', '2018'],
    ['2020-06-15', '2018'], // COVID window empty by default
    ['2024-12-31', '2018'],
    ['2025-01-01', '2025'],
    ['2031-07-01', '2025'],
  ])('a card ordered on %s falls under regime %s', (date, id) => {
    expect(regimeForDate(date, defaultRuleConfig)?.id ?? null).toBe(id);
  });

  it('holds the values of the table', () => {
    const byId = Object.fromEntries(defaultRuleConfig.regimes.map((r) => [r.id, r]));
    expect(byId['2016']).toMatchObject({
      attestationMonths: 18,
      frenchHours: 120,
      citizenshipHours: 20,
      fineRange: { min: 100, max: 2500 },
    });
    expect(byId['2018']).toMatchObject({ attestationMonths: 18, frenchHours: 400, citizenshipHours: 60 });
    expect(byId['2025']).toMatchObject({
      attestationMonths: 36,
      frenchHours: 400,
      citizenshipHours: 60,
      citizenshipAnyLanguage: true,
    });
    expect(byId.covid).toMatchObject({ attestationMonths: 30, cardOrderWindow: null });
    for (const regime of defaultRuleConfig.regimes) {
      expect(regime.source).not.toBe('');
      expect(
        Object.values(regime.confidence).every((c) => ['confirmed', 'probable', 'unverified'].includes(c)),
      ).toBe(true);
    }
    expect(regimeTitle(byId['2025'])).toBe('Régime 2025 (décret du 14 mars 2024)');
  });

  it('selects the COVID regime inside its configured window (the more specific window wins)', () => {
    const rules = resolveRuleConfig({
      regimes: { covid: { cardOrderWindow: { from: '2020-03-01', to: '2021-06-30' } } },
    });
    expect(regimeForDate('2020-02-29', rules)?.id).toBe('2018');
    expect(regimeForDate('2020-03-01', rules)?.id).toBe('covid');
    expect(regimeForDate('2021-06-30', rules)?.id).toBe('covid');
    expect(regimeForDate('2021-07-01', rules)?.id).toBe('2018');
  });

  it('regimeFor a parcours: by card order date, else by the convention signature, else none', () => {
    expect(
      regimeFor(
        { cardOrderDate: '2024-12-31', convention: { firstSignedOn: '2025-05-01' } },
        defaultRuleConfig,
      )?.id,
    ).toBe('2018');
    expect(
      regimeFor({ cardOrderDate: null, convention: { firstSignedOn: '2025-05-01' } }, defaultRuleConfig)?.id,
    ).toBe('2025');
    expect(regimeFor({ cardOrderDate: null, convention: null }, defaultRuleConfig)).toBeNull();
    expect(regimeFor('2019-01-01', defaultRuleConfig)?.id).toBe('2018');
    expect(regimeFor(null, defaultRuleConfig)).toBeNull();
    expect(regimeFor('donnée effacée', defaultRuleConfig)).toBeNull();
  });
});

describe('resolveRuleConfig', () => {
  it('returns the defaults for null/undefined/{}', () => {
    expect(resolveRuleConfig(undefined)).toBe(defaultRuleConfig);
    expect(resolveRuleConfig(null)).toBe(defaultRuleConfig);
    expect(resolveRuleConfig({})).toEqual(defaultRuleConfig);
  });

  it('applies every configurable value', () => {
    const rules = resolveRuleConfig({
      regimes: {
        '2025': { fineRange: { max: 3000 }, dispenseCategories: ['D1', 'D2', 'D4'], presentationMonths: 4 },
        '2018': { fineRange: { min: 50, max: 2500 } },
      },
      d4: { referenceDate: 'openedOn', minAge: 18, maxAge: 67 },
      standstillStates: ['TR', 'MK'],
      dueSoonDays: 45,
      evaluationIntervalMonths: 4,
      noticeResponseDays: 15,
      extensionLimits: { maxCount: 2, maxTotalMonths: 12 },
      maxHoursPerDay: 8,
      isp: { requiredForConventionsSignedFrom: '2021-06-01', hours: 6 },
    });
    const r2025 = rules.regimes.find((r) => r.id === '2025');
    expect(r2025).toMatchObject({
      fineRange: { min: 100, max: 3000 },
      dispenseCategories: ['D1', 'D2', 'D4'],
      presentationMonths: 4,
      attestationMonths: 36,
    });
    expect(rules.regimes.find((r) => r.id === '2018')?.fineRange).toEqual({ min: 50, max: 2500 });
    expect(rules).toMatchObject({
      d4: { referenceDate: 'openedOn', minAge: 18, maxAge: 67 },
      standstillStates: ['TR', 'MK'],
      dueSoonDays: 45,
      evaluationIntervalMonths: 4,
      noticeResponseDays: 15,
      extensionLimits: { maxCount: 2, maxTotalMonths: 12 },
      maxHoursPerDay: 8,
      isp: { requiredForConventionsSignedFrom: '2021-06-01', hours: 6 },
    });
  });

  it.each([
    [{ dueSoon: 60 }, 'dueSoon'],
    [{ regimes: { '2030': {} } }, 'regimes.2030'],
    [{ regimes: { '2025': { label: 'x' } } }, 'regimes.2025.label'],
    [{ regimes: { '2025': { fineRange: { min: 3000, max: 100 } } } }, 'regimes.2025.fineRange'],
    [{ regimes: { '2025': { fineRange: { min: -1 } } } }, 'regimes.2025.fineRange.min'],
    [
      { regimes: { covid: { cardOrderWindow: { from: '2021-01-01', to: '2020-01-01' } } } },
      'regimes.covid.cardOrderWindow',
    ],
    [
      { regimes: { covid: { cardOrderWindow: { from: '2021-02-30' } } } },
      'regimes.covid.cardOrderWindow.from',
    ],
    [{ regimes: { '2025': { dispenseCategories: ['D12'] } } }, 'regimes.2025.dispenseCategories[0]'],
    [{ regimes: { '2025': { attestationMonths: 0 } } }, 'regimes.2025.attestationMonths'],
    [{ d4: { referenceDate: 'birthday' } }, 'd4.referenceDate'],
    [{ d4: { minAge: 70 } }, 'd4'],
    [{ standstillStates: ['Turkey'] }, 'standstillStates[0]'],
    [{ dueSoonDays: 'soon' }, 'dueSoonDays'],
    [{ evaluationIntervalMonths: 0 }, 'evaluationIntervalMonths'],
    [{ noticeResponseDays: 1.5 }, 'noticeResponseDays'],
    [{ extensionLimits: { maxCount: -1 } }, 'extensionLimits.maxCount'],
    [{ extensionLimits: { max: 1 } }, 'extensionLimits.max'],
    [{ isp: { requiredForConventionsSignedFrom: 'mai 2021' } }, 'isp.requiredForConventionsSignedFrom'],
    [[], ''],
    ['{"dueSoonDays": 3}', ''],
  ])('refuses %j, naming %s', (overrides, key) => {
    expect(() => resolveRuleConfig(overrides)).toThrow(`"${key}"`);
  });

  it('accepts null extension limits (unlimited) and an open-ended COVID window', () => {
    const rules = resolveRuleConfig({
      extensionLimits: { maxCount: null, maxTotalMonths: 6 },
      regimes: { covid: { cardOrderWindow: { from: '2020-03-01', to: null } } },
    });
    expect(rules.extensionLimits).toEqual({ maxCount: null, maxTotalMonths: 6 });
    expect(rules.regimes.find((r) => r.id === 'covid')?.cardOrderWindow).toEqual({
      from: '2020-03-01',
      to: null,
    });
  });
});
