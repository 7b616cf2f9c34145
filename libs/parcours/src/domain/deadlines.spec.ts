/** Size (~480 lines): one case per row of the deadline rules in docs/rules.md §5, sharing one set of fixtures. */
import { deadlineOf, deadlines, isOverdue, obligationAt, sanctionFacts } from './deadlines';
import { defaultRuleConfig } from './rules';
import {
  attestation,
  close,
  convention,
  dispense,
  endSuspension,
  evaluation,
  extension,
  open,
  presentation,
  readyForAttestation,
  rulesWith,
  stateOf,
  suspension,
  throughConvention,
  unavailability,
} from './__tests__/fixtures';

const rules = defaultRuleConfig;
const FAR = '2031-01-01';
const attestationAt = (commands: Parameters<typeof stateOf>[0], asOf: string, today = FAR, r = rules) =>
  deadlineOf(stateOf(commands, today, r), 'attestation', asOf, r);

describe('attestation deadline', () => {
  it('2025 regime: card order date + 36 months, explained', () => {
    const d = attestationAt([open()], '2026-06-01');
    expect(d).toEqual({
      kind: 'attestation',
      dueOn: '2028-03-10',
      status: 'on-track',
      metOn: null,
      daysLate: null,
      explanation: [
        'Régime 2025 (décret du 14 mars 2024) : 36 mois après la commande du titre de séjour du 10/03/2025 → 10/03/2028',
        '648 jours restants au 01/06/2026',
      ],
    });
  });

  it.each([
    [
      '2024-12-31',
      '2026-06-30',
      'Régime 2018 (décret du 8 novembre 2018) : 18 mois après la commande du titre de séjour du 31/12/2024 → 30/06/2026',
    ],
    [
      '2025-01-01',
      '2028-01-01',
      'Régime 2025 (décret du 14 mars 2024) : 36 mois après la commande du titre de séjour du 01/01/2025 → 01/01/2028',
    ],
    [
      '2024-08-31',
      '2026-02-28',
      'Régime 2018 (décret du 8 novembre 2018) : 18 mois après la commande du titre de séjour du 31/08/2024 → 28/02/2026',
    ],
    [
      '2022-08-31',
      '2024-02-29',
      'Régime 2018 (décret du 8 novembre 2018) : 18 mois après la commande du titre de séjour du 31/08/2022 → 29/02/2024',
    ],
    [
      '2018-12-16',
      '2020-06-16',
      'Régime 2016 (décret du 28 avril 2016) : 18 mois après la commande du titre de séjour du 16/12/2018 → 16/06/2020',
    ],
  ])('card ordered on %s → due %s', (cardOrderDate, dueOn, line) => {
    const d = attestationAt(
      [
        open({
          cardOrderDate,
          communeRegistrationDate: cardOrderDate,
          legalStaySince: cardOrderDate,
          residencePermit: { type: 'A', validUntil: '2035-01-01' },
        }),
      ],
      cardOrderDate,
    );
    expect(d.dueOn).toBe(dueOn);
    expect(d.explanation[0]).toBe(line);
  });

  it('COVID window (configured): 30 months', () => {
    const covid = rulesWith({
      regimes: { covid: { cardOrderWindow: { from: '2020-03-01', to: '2021-06-30' } } },
    });
    const d = attestationAt(
      [
        open({
          cardOrderDate: '2020-10-15',
          communeRegistrationDate: '2020-10-01',
          legalStaySince: '2020-09-01',
          residencePermit: null,
        }),
      ],
      '2021-01-01',
      FAR,
      covid,
    );
    expect(d.dueOn).toBe('2023-04-15');
    expect(d.explanation[0]).toBe(
      'Régime COVID (AGW de pouvoirs spéciaux n° 63 du 10 décembre 2020, art. 11) : 30 mois après la commande du titre de séjour du 15/10/2020 → 15/04/2023',
    );
  });

  it('extension then suspension (the example of the brief)', () => {
    const commands = [
      open(),
      extension('2027-02-02', '2028-09-10', 'illness'),
      suspension('2027-03-01', '2027-04-11'),
    ];
    const d = attestationAt(commands, '2027-06-01');
    expect(d.dueOn).toBe('2028-10-22');
    expect(d.explanation).toEqual([
      'Régime 2025 (décret du 14 mars 2024) : 36 mois après la commande du titre de séjour du 10/03/2025 → 10/03/2028',
      'Prolongation décidée le 02/02/2027 (maladie) → 10/09/2028',
      'Suspension du 01/03/2027 au 11/04/2027 : +42 jours → 22/10/2028',
      '509 jours restants au 01/06/2027',
    ]);
  });

  it("a suspension recorded before an extension is absorbed by the extension's new date", () => {
    const d = attestationAt(
      [open(), suspension('2026-03-01', '2026-03-10'), extension('2027-02-02', '2028-09-10')],
      '2027-06-01',
    );
    expect(d.dueOn).toBe('2028-09-10');
    expect(d.explanation[1]).toBe('Suspension du 01/03/2026 au 10/03/2026 : +10 jours → 20/03/2028');
  });

  it('suspensions compound, and a later extension then a later suspension move the date again', () => {
    const commands = [
      open(),
      suspension('2025-06-01', '2025-06-30'), // +30 → 09/04/2028
      suspension('2025-09-01', '2025-09-01'), // +1 → 10/04/2028
      extension('2026-01-05', '2028-12-31'),
      suspension('2026-02-01', '2026-02-28'), // +28 → 28/01/2029
    ];
    const d = attestationAt(commands, '2026-06-01');
    expect(d.explanation.slice(1, 5)).toEqual([
      'Suspension du 01/06/2025 au 30/06/2025 : +30 jours → 09/04/2028',
      'Suspension du 01/09/2025 au 01/09/2025 : +1 jour → 10/04/2028',
      'Prolongation décidée le 05/01/2026 (maladie) → 31/12/2028',
      'Suspension du 01/02/2026 au 28/02/2026 : +28 jours → 28/01/2029',
    ]);
    expect(d.dueOn).toBe('2029-01-28');
  });

  it('an open suspension stops the clock: status suspended, provisional date counted up to asOf', () => {
    const d = attestationAt([open(), suspension('2026-03-01')], '2026-03-10', '2026-03-10');
    expect(d.status).toBe('suspended');
    expect(d.dueOn).toBe('2028-03-20');
    expect(d.explanation).toEqual([
      'Régime 2025 (décret du 14 mars 2024) : 36 mois après la commande du titre de séjour du 10/03/2025 → 10/03/2028',
      'Suspension en cours depuis le 01/03/2026 : +10 jours au 10/03/2026 → échéance provisoire 20/03/2028',
      'Délai suspendu au 10/03/2026',
    ]);
  });

  it('a suspension with a planned end is suspended until that end, then counted in full', () => {
    const commands = [open(), suspension('2026-03-01', '2026-08-31')];
    expect(attestationAt(commands, '2026-05-01', '2026-06-01')).toMatchObject({
      status: 'suspended',
      dueOn: '2028-09-10',
    });
    expect(attestationAt(commands, '2026-09-01', '2026-06-01')).toMatchObject({
      status: 'on-track',
      dueOn: '2028-09-10',
    });
  });

  it('an ended suspension is counted from start to end', () => {
    const d = attestationAt(
      [open(), suspension('2026-03-01'), endSuspension('2026-04-11')],
      '2026-06-01',
      '2026-06-01',
    );
    expect(d).toMatchObject({ status: 'on-track', dueOn: '2028-04-21' });
  });

  it('only counts facts dated on or before asOf', () => {
    const commands = [open(), extension('2027-02-02', '2028-09-10'), suspension('2027-03-01', '2027-04-11')];
    expect(attestationAt(commands, '2027-01-01').dueOn).toBe('2028-03-10');
    expect(attestationAt(commands, '2027-02-15').dueOn).toBe('2028-09-10');
  });

  describe('status at asOf', () => {
    it.each([
      ['2028-01-09', 'on-track'], // 61 days before
      ['2028-01-10', 'due-soon'], // 60 days before
      ['2028-03-10', 'due-soon'], // due day
      ['2028-03-11', 'overdue'],
    ])('on %s: %s', (asOf, status) => {
      expect(attestationAt([open()], asOf).status).toBe(status);
    });

    it('due-soon threshold is configurable', () => {
      const r = rulesWith({ dueSoonDays: 30 });
      expect(deadlineOf(stateOf([open()], FAR, r), 'attestation', '2028-01-10', r).status).toBe('on-track');
    });

    it('overdue, explained', () => {
      expect(attestationAt([open()], '2028-03-12').explanation[1]).toBe(
        'Échéance dépassée de 2 jours au 12/03/2028',
      );
    });

    it('met once the attestation is issued (even late)', () => {
      const d = attestationAt(
        [...readyForAttestation(), attestation('2026-04-01')],
        '2026-06-01',
        '2026-06-01',
      );
      expect(d).toMatchObject({ status: 'met', metOn: '2026-04-01' });
      expect(d.explanation[1]).toBe('Attestation de fréquentation délivrée le 01/04/2026');
      const lateOne = readyForAttestation({
        cardOrderDate: '2024-06-01',
        legalStaySince: '2024-05-01',
        communeRegistrationDate: '2024-05-15',
      });
      const l = attestationAt([...lateOne, attestation('2026-04-01')], '2026-06-01', '2026-06-01');
      // domain.md §10: late is not met.
      expect(l).toMatchObject({ status: 'met-late', dueOn: '2025-12-01', daysLate: 121 });
      expect(l.explanation[1]).toBe(
        "Attestation de fréquentation délivrée le 01/04/2026, 121 jours après l'échéance du 01/12/2025 : hors délai",
      );
    });

    it('dispensed from the dispense decision on', () => {
      const commands = [open(), dispense('D2', '2026-01-15')];
      expect(attestationAt(commands, '2026-01-14').status).toBe('on-track');
      const d = attestationAt(commands, '2026-01-15');
      expect(d.status).toBe('dispensed');
      expect(d.explanation[1]).toBe('Dispense D2 décidée le 15/01/2026');
    });

    it('dispensed at opening (automatic dispense)', () => {
      const d = attestationAt([open({ flags: { temporaryProtection: true } })], '2026-01-15');
      expect(d.status).toBe('dispensed');
      expect(d.explanation[1]).toBe("Dispense D11 appliquée d'office à l'ouverture");
    });

    it('closed from the closure date on', () => {
      const commands = [open(), close('2026-02-01')];
      expect(attestationAt(commands, '2026-01-31').status).toBe('on-track');
      expect(attestationAt(commands, '2026-02-01')).toMatchObject({ status: 'closed', dueOn: '2028-03-10' });
    });

    it('not applicable to volunteers (no due date)', () => {
      expect(attestationAt([open({ person: { nationality: 'FR' } })], '2026-01-15')).toEqual({
        kind: 'attestation',
        dueOn: null,
        status: 'not-applicable',
        metOn: null,
        daysLate: null,
        explanation: ["Pas d'échéance d'attestation : public volontaire"],
      });
      expect(attestationAt([open({ cardOrderDate: null })], '2026-01-15').explanation).toEqual([
        "Pas d'échéance d'attestation : date de commande du titre de séjour inconnue",
      ]);
    });

    it('not applicable on a stream that does not exist', () => {
      expect(deadlines(stateOf([]), '2026-01-01', rules).map((d) => d.status)).toEqual([
        'not-applicable',
        'not-applicable',
        'not-applicable',
      ]);
    });
  });
});

describe('presentation deadline', () => {
  it('registration + 3 months; met when presented', () => {
    const state = stateOf([open(), presentation('2025-04-01')]);
    expect(deadlineOf(state, 'presentation', '2025-03-01', rules)).toEqual({
      kind: 'presentation',
      dueOn: '2025-05-15',
      status: 'on-track',
      metOn: null,
      daysLate: null,
      explanation: [
        "Inscription à la commune le 15/02/2025 : présentation au bureau d'accueil dans les 3 mois → 15/05/2025",
        '75 jours restants au 01/03/2025',
      ],
    });
    expect(deadlineOf(state, 'presentation', '2025-04-01', rules)).toMatchObject({
      status: 'met',
      metOn: '2025-04-01',
    });
  });

  it('overdue the day after, met late with the delay shown', () => {
    expect(deadlineOf(stateOf([open()]), 'presentation', '2025-05-16', rules).status).toBe('overdue');
    const late = deadlineOf(
      stateOf([open(), presentation('2025-06-01')]),
      'presentation',
      '2026-01-01',
      rules,
    );
    expect(late).toMatchObject({ status: 'met-late', metOn: '2025-06-01', daysLate: 17 });
    expect(late.explanation[1]).toBe(
      "Présentation le 01/06/2025, 17 jours après l'échéance du 15/05/2025 : hors délai",
    );
  });

  it('month-end registration: 30/11 + 3 months = 28/02', () => {
    const state = stateOf([
      open({
        communeRegistrationDate: '2025-11-30',
        cardOrderDate: '2025-12-05',
        legalStaySince: '2025-11-01',
      }),
    ]);
    expect(deadlineOf(state, 'presentation', '2025-12-01', rules).dueOn).toBe('2026-02-28');
  });

  it('not applicable to volunteers, dispensed, closed', () => {
    expect(
      deadlineOf(stateOf([open({ person: { nationality: 'FR' } })]), 'presentation', '2025-06-01', rules),
    ).toMatchObject({
      status: 'not-applicable',
      dueOn: null,
    });
    expect(
      deadlineOf(stateOf([open({ person: { nationality: 'TR' } })]), 'presentation', '2025-06-01', rules)
        .status,
    ).toBe('dispensed');
    expect(
      deadlineOf(stateOf([open(), close('2025-04-01')]), 'presentation', '2025-06-01', rules).status,
    ).toBe('closed');
  });
});

describe('evaluation deadline', () => {
  it('6 months from the convention, then from the last interview held', () => {
    const signed = stateOf(throughConvention());
    expect(deadlineOf(signed, 'evaluation', '2025-06-01', rules)).toMatchObject({
      dueOn: '2025-11-15',
      status: 'on-track',
      explanation: [
        "Convention signée le 15/05/2025 : entretien d'évaluation au moins tous les 6 mois → 15/11/2025",
        '167 jours restants au 01/06/2025',
      ],
    });
    const evaluated = stateOf([...throughConvention(), evaluation('2025-11-10')]);
    expect(deadlineOf(evaluated, 'evaluation', '2025-12-01', rules)).toMatchObject({
      dueOn: '2026-05-10',
      explanation: [
        "Dernier entretien d'évaluation le 10/11/2025 : le suivant dans les 6 mois → 10/05/2026",
        '160 jours restants au 01/12/2025',
      ],
    });
  });

  it('an absence does not count as an interview held, and is shown', () => {
    const state = stateOf([...throughConvention(), evaluation('2025-11-10', false, false)]);
    const d = deadlineOf(state, 'evaluation', '2025-11-20', rules);
    expect(d).toMatchObject({ dueOn: '2025-11-15', status: 'overdue' });
    expect(d.explanation[1]).toBe("Absence à l'entretien du 10/11/2025 (non justifiée)");
  });

  it('interval is configurable', () => {
    const r = rulesWith({ evaluationIntervalMonths: 3 });
    expect(deadlineOf(stateOf(throughConvention(), FAR, r), 'evaluation', '2025-06-01', r).dueOn).toBe(
      '2025-08-15',
    );
  });

  it('never due for volunteers (domain.md §10); not applicable before the convention; met after the attestation', () => {
    expect(
      deadlineOf(
        stateOf(throughConvention({ person: { nationality: 'FR' } })),
        'evaluation',
        '2027-06-01',
        rules,
      ),
    ).toMatchObject({ status: 'not-applicable', dueOn: null });
    expect(deadlineOf(stateOf([open()]), 'evaluation', '2025-06-01', rules)).toMatchObject({
      status: 'not-applicable',
      dueOn: null,
    });
    expect(
      deadlineOf(
        stateOf([...readyForAttestation(), attestation('2026-04-01')]),
        'evaluation',
        '2026-05-01',
        rules,
      ),
    ).toMatchObject({ status: 'met-late', daysLate: 137 });
  });

  it('suspended while the parcours is suspended, closed after closure', () => {
    const suspended = stateOf([...throughConvention(), suspension('2025-10-01')], '2025-12-01');
    expect(deadlineOf(suspended, 'evaluation', '2025-12-01', rules).status).toBe('suspended');
    expect(
      deadlineOf(stateOf([...throughConvention(), close('2025-10-01')]), 'evaluation', '2025-12-01', rules)
        .status,
    ).toBe('closed');
  });
});

describe('deadlines()', () => {
  it('returns presentation, attestation and evaluation in that order', () => {
    expect(deadlines(stateOf(throughConvention()), '2025-06-01', rules).map((d) => d.kind)).toEqual([
      'presentation',
      'attestation',
      'evaluation',
    ]);
  });
});

describe('what the sanction procedure reads', () => {
  it('isOverdue: only obliged, only overdue', () => {
    const state = stateOf([open()]);
    expect(isOverdue(state, 'presentation', '2025-05-15', rules)).toBe(false);
    expect(isOverdue(state, 'presentation', '2025-05-16', rules)).toBe(true);
    expect(isOverdue(state, 'attestation', '2028-03-10', rules)).toBe(false);
    expect(isOverdue(state, 'attestation', '2028-03-11', rules)).toBe(true);
    expect(
      isOverdue(stateOf([open({ person: { nationality: 'FR' } })]), 'presentation', '2026-01-01', rules),
    ).toBe(false);
    expect(
      isOverdue(
        stateOf([open(), suspension('2026-03-01')], '2028-05-01'),
        'attestation',
        '2028-05-01',
        rules,
      ),
    ).toBe(false);
  });

  it('obligationAt follows re-evaluations by their effective date', () => {
    const state = stateOf([open(), dispense('D2', '2026-01-15')]);
    expect(obligationAt(state, '2026-01-14')).toBe('obliged');
    expect(obligationAt(state, '2026-01-15')).toBe('dispensed');
  });

  it("sanctionFacts: plain data matching the sanction domain's ParcoursFacts", () => {
    const state = stateOf(
      [open(), presentation('2025-06-01'), unavailability('french', '2025-09-01', '2025-12-31')],
      '2028-06-01',
    );
    const facts = sanctionFacts(state, '2028-06-01', rules);
    expect(facts).toEqual({
      parcoursId: state.parcoursId,
      criCode: 'CAI',
      status: 'open',
      obligation: 'obliged',
      regimeId: '2025',
      fineRange: { min: 100, max: 2500 },
      noticeResponseDays: 30,
      deadlines: {
        presentation: {
          anchorOn: '2025-02-15',
          dueOn: '2025-05-15',
          metOn: '2025-06-01',
          suspended: false,
          status: 'met-late',
          overdue: false,
          explanation: expect.any(Array),
        },
        attestation: {
          anchorOn: '2025-03-10',
          dueOn: '2028-03-10',
          metOn: null,
          suspended: false,
          status: 'overdue',
          overdue: true,
          explanation: expect.any(Array),
        },
      },
      trainingUnavailability: [{ axis: 'french', from: '2025-09-01', to: '2025-12-31' }],
    });
    expect(JSON.parse(JSON.stringify(facts))).toEqual(facts);
  });

  it('sanctionFacts of a case without regime', () => {
    const facts = sanctionFacts(stateOf([open({ cardOrderDate: null })]), '2026-01-01', rules);
    expect(facts).toMatchObject({ obligation: 'voluntary', regimeId: 'none', fineRange: { min: 0, max: 0 } });
  });

  it('the sanction reads convention-independent facts (convention is irrelevant to the breach dates)', () => {
    const withConvention = stateOf([...throughConvention(), convention('2025-06-01', false)]);
    expect(deadlineOf(withConvention, 'attestation', '2026-01-01', rules).dueOn).toBe('2028-03-10');
  });
});
