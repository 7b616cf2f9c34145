import {
  PARCOURS_ID,
  attestation,
  ctx,
  dispense,
  endSuspension,
  extension,
  given,
  historyOf,
  open,
  presentation,
  readyForAttestation,
  rulesWith,
  suspension,
  unavailability,
} from './__tests__/fixtures';

// Obliged, regime 2025, card ordered 10/03/2025 → attestation due 10/03/2028. Today 01/06/2026.
const obliged = historyOf([open(), presentation('2025-04-01')]);
const voluntary = historyOf([open({ person: { nationality: 'FR' } })]);
const late = '2028-06-01';

describe('RecordDispense', () => {
  it('records a dispense with its evidence and re-evaluates the obligation', () => {
    given(obliged)
      .when(dispense('D2', '2025-09-01', 'Certificat médical'))
      .then([
        {
          type: 'DispenseRecorded',
          data: {
            parcoursId: PARCOURS_ID,
            category: 'D2',
            decidedOn: '2025-09-01',
            evidence: 'Certificat médical',
            obligation: 'dispensed',
            obligationReasons: [
              { code: 'DISPENSE_D2', label: expect.stringContaining('Dispense D2 (décidée le 01/09/2025)') },
            ],
          },
        },
      ]);
  });
  it('D5 (work ≥ half-time) can arise during the parcours', () => {
    const [event] = given(historyOf(readyForAttestation().slice(0, -1)))
      .when(dispense('D5', '2026-01-15', 'Contrat CDI'))
      .thenEvents();
    expect(event).toMatchObject({ data: { obligation: 'dispensed' } });
  });
  it('a second category adds a reason', () => {
    const h = historyOf([open(), dispense('D2', '2025-09-01')]);
    const [event] = given(h)
      .when(dispense('D3', '2025-10-01', 'Diplôme'))
      .thenEvents();
    expect(event).toMatchObject({ data: { obligation: 'dispensed' } });
    if (event.type === 'DispenseRecorded')
      expect(event.data.obligationReasons.map((r) => r.code)).toEqual(['DISPENSE_D2', 'DISPENSE_D3']);
  });
  it('a volunteer stays voluntary (the exclusion comes first)', () => {
    const [event] = given(voluntary)
      .when(dispense('D3', '2025-09-01', 'Diplôme'))
      .thenEvents();
    expect(event).toMatchObject({ data: { obligation: 'voluntary' } });
  });
  it('the same category on the same day changes nothing; on another day it is refused', () => {
    const h = historyOf([open(), dispense('D2', '2025-09-01')]);
    given(h)
      .when(dispense('D2', '2025-09-01', 'autre preuve'))
      .then([]);
    given(h).when(dispense('D2', '2025-10-01')).thenThrows('DISPENSE_ALREADY_RECORDED');
  });
  it('refuses a category already applied automatically at opening', () => {
    given(historyOf([open({ person: { nationality: 'TR' } })]))
      .when(dispense('D10', '2025-09-01', 'passeport'))
      .thenThrows('DISPENSE_ALREADY_RECORDED');
  });
  it('refuses a category the regime does not list', () => {
    const rules = rulesWith({ regimes: { '2025': { dispenseCategories: ['D1', 'D2', 'D4'] } } });
    given(historyOf([open()], undefined, rules))
      .when(dispense('D6', '2025-09-01', 'inscription'), ctx(undefined, rules))
      .thenThrows('DISPENSE_NOT_IN_REGIME');
  });
  it('refuses a future date', () => {
    given(obliged).when(dispense('D2', '2026-06-02')).thenThrows('DATE_IN_FUTURE');
  });
  it('refuses a dispense after the attestation', () => {
    given(historyOf([...readyForAttestation(), attestation('2026-04-01')]))
      .when(dispense('D5', '2026-05-01'))
      .thenThrows('ATTESTATION_ALREADY_ISSUED');
  });
});

describe('GrantExtension', () => {
  it('sets a later attestation due date', () => {
    given(obliged)
      .when(extension('2026-05-02', '2028-09-10', 'illness'))
      .then([
        {
          type: 'ExtensionGranted',
          data: {
            parcoursId: PARCOURS_ID,
            decidedOn: '2026-05-02',
            until: '2028-09-10',
            reason: 'illness',
            decidedBy: 'cri',
            evidence: 'certificat médical',
          },
        },
      ]);
  });
  it('defaults the decider to the CRI and records the administration when given', () => {
    const [event] = given(obliged)
      .when({
        type: 'GrantExtension',
        data: {
          decidedOn: '2026-05-02',
          until: '2028-09-10',
          reason: 'force-majeure',
          decidedBy: 'administration',
        },
      })
      .thenEvents();
    expect(event).toMatchObject({ data: { decidedBy: 'administration', evidence: null } });
  });
  it('refuses a date that is not after the current due date (10/03/2028)', () => {
    const error = given(obliged)
      .when(extension('2026-05-02', '2028-03-10'))
      .thenThrows('EXTENSION_NOT_LATER');
    expect(error.detail).toContain('10/03/2028');
  });
  it('compares with the due date already moved by a suspension', () => {
    const h = historyOf([open(), suspension('2026-01-01', '2026-01-10')]); // due 20/03/2028
    given(h).when(extension('2026-05-02', '2028-03-20')).thenThrows('EXTENSION_NOT_LATER');
    expect(given(h).when(extension('2026-05-02', '2028-03-21')).thenEvents()).toHaveLength(1);
  });
  it('the same extension again changes nothing', () => {
    given(historyOf([open(), extension('2026-05-02', '2028-09-10')]))
      .when(extension('2026-05-02', '2028-09-10'))
      .then([]);
  });
  it('refuses an extension on a case without attestation deadline (volunteer, dispensed)', () => {
    given(voluntary).when(extension('2026-05-02', '2028-09-10')).thenThrows('DEADLINE_NOT_APPLICABLE');
    given(historyOf([open({ flags: { temporaryProtection: true } })]))
      .when(extension('2026-05-02', '2028-09-10'))
      .thenThrows('DEADLINE_NOT_APPLICABLE');
  });
  it('applies the configured limits (unlimited by default)', () => {
    const rules = rulesWith({ extensionLimits: { maxCount: 1, maxTotalMonths: 6 } });
    const c = ctx(undefined, rules);
    given(obliged).when(extension('2026-05-02', '2028-09-11'), c).thenThrows('EXTENSION_LIMIT_REACHED'); // > 10/09/2028
    expect(given(obliged).when(extension('2026-05-02', '2028-09-10'), c).thenEvents()).toHaveLength(1);
    const once = historyOf([open(), extension('2026-05-02', '2028-04-10')], undefined, rules);
    given(once).when(extension('2026-05-20', '2028-05-10'), c).thenThrows('EXTENSION_LIMIT_REACHED');
    const unlimited = historyOf([
      open(),
      extension('2026-01-02', '2029-01-10'),
      extension('2026-02-02', '2030-01-10'),
    ]);
    expect(given(unlimited).when(extension('2026-05-20', '2031-05-10')).thenEvents()).toHaveLength(1);
  });
  it('refuses a future decision', () => {
    given(obliged).when(extension('2026-06-02', '2028-09-10')).thenThrows('DATE_IN_FUTURE');
  });
  it('refuses an extension after the attestation', () => {
    given(historyOf([...readyForAttestation(), attestation('2026-04-01')]))
      .when(extension('2026-05-02', '2028-09-10'))
      .thenThrows('ATTESTATION_ALREADY_ISSUED');
  });
  it('is possible on an overdue case (regularisation)', () => {
    expect(given(obliged).when(extension('2028-04-01', '2028-12-31'), ctx(late)).thenEvents()).toHaveLength(
      1,
    );
  });
});

describe('StartSuspension / EndSuspension', () => {
  it('opens a suspension', () => {
    given(obliged)
      .when(suspension('2026-03-01', null, 'pregnancy'))
      .then([
        {
          type: 'SuspensionStarted',
          data: {
            parcoursId: PARCOURS_ID,
            from: '2026-03-01',
            to: null,
            reason: 'pregnancy',
            evidence: null,
          },
        },
      ]);
  });
  it('records a closed period at once, its end possibly in the future (a decided period)', () => {
    expect(given(obliged).when(suspension('2026-03-01', '2026-09-30')).thenEvents()).toHaveLength(1);
  });
  it('ends the open suspension', () => {
    given(historyOf([open(), suspension('2026-03-01')]))
      .when(endSuspension('2026-04-11'))
      .then([
        { type: 'SuspensionEnded', data: { parcoursId: PARCOURS_ID, from: '2026-03-01', to: '2026-04-11' } },
      ]);
  });
  it('refuses a second open suspension', () => {
    given(historyOf([open(), suspension('2026-03-01')]))
      .when(suspension('2026-05-01', '2026-05-10'))
      .thenThrows('SUSPENSION_ALREADY_OPEN');
  });
  it('refuses to end when none is open', () => {
    given(obliged).when(endSuspension('2026-04-11')).thenThrows('NO_OPEN_SUSPENSION');
    given(historyOf([open(), suspension('2026-03-01', '2026-03-10')]))
      .when(endSuspension('2026-04-11'))
      .thenThrows('NO_OPEN_SUSPENSION');
  });
  it('refuses an end before the start', () => {
    given(historyOf([open(), suspension('2026-03-01')]))
      .when(endSuspension('2026-02-28'))
      .thenThrows('INVALID_PERIOD');
    given(obliged).when(suspension('2026-03-01', '2026-02-28')).thenThrows('INVALID_PERIOD');
  });
  it('refuses overlapping suspensions (days would count twice); the same period again changes nothing', () => {
    const h = historyOf([open(), suspension('2026-03-01', '2026-03-31')]);
    given(h).when(suspension('2026-03-31', '2026-04-10')).thenThrows('PERIOD_OVERLAP');
    given(h).when(suspension('2026-02-01', null)).thenThrows('PERIOD_OVERLAP');
    given(h).when(suspension('2026-03-01', '2026-03-31')).then([]);
    expect(given(h).when(suspension('2026-04-01', '2026-04-10')).thenEvents()).toHaveLength(1);
  });
  it('refuses a suspension starting after the attestation due date', () => {
    given(obliged)
      .when(suspension('2028-03-11', '2028-03-20'), ctx(late))
      .thenThrows('SUSPENSION_AFTER_DEADLINE');
    expect(given(obliged).when(suspension('2028-03-10', '2028-03-20'), ctx(late)).thenEvents()).toHaveLength(
      1,
    );
  });
  it('refuses a suspension on a case without attestation deadline', () => {
    given(voluntary).when(suspension('2026-03-01')).thenThrows('DEADLINE_NOT_APPLICABLE');
  });
  it('refuses a start in the future and after the attestation', () => {
    given(obliged).when(suspension('2026-06-02')).thenThrows('DATE_IN_FUTURE');
    given(historyOf([...readyForAttestation(), attestation('2026-04-01')]))
      .when(suspension('2026-05-01'))
      .thenThrows('ATTESTATION_ALREADY_ISSUED');
  });
});

describe('RecordTrainingUnavailability (art. 152/8 CWASS)', () => {
  it('records a period during which the Region could not provide a training', () => {
    given(obliged)
      .when(unavailability('french', '2025-06-01', '2025-09-30'))
      .then([
        {
          type: 'TrainingUnavailabilityRecorded',
          data: { parcoursId: PARCOURS_ID, axis: 'french', from: '2025-06-01', to: '2025-09-30' },
        },
      ]);
  });
  it('records an open period and ends it when the same period comes with an end', () => {
    const h = historyOf([open(), unavailability('french', '2025-06-01')]);
    given(h)
      .when(unavailability('french', '2025-06-01', '2025-10-15'))
      .then([
        {
          type: 'TrainingUnavailabilityEnded',
          data: { parcoursId: PARCOURS_ID, axis: 'french', from: '2025-06-01', to: '2025-10-15' },
        },
      ]);
    given(h).when(unavailability('french', '2025-06-01')).then([]);
  });
  it('refuses an overlapping period on the same axis, accepts another axis', () => {
    const h = historyOf([open(), unavailability('french', '2025-06-01', '2025-09-30')]);
    given(h)
      .when(unavailability('french', '2025-09-30', '2025-10-30'))
      .thenThrows('PERIOD_OVERLAP');
    expect(
      given(h)
        .when(unavailability('citizenship', '2025-06-01', '2025-09-30'))
        .thenEvents(),
    ).toHaveLength(1);
  });
  it('refuses an invalid period, a future start', () => {
    given(obliged)
      .when(unavailability('french', '2025-06-01', '2025-05-01'))
      .thenThrows('INVALID_PERIOD');
    given(obliged).when(unavailability('isp', '2026-06-02')).thenThrows('DATE_IN_FUTURE');
  });
});
