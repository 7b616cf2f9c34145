import { addDays, defaultRuleConfig, evolve, sanctionFacts, type IsoDate, type ParcoursState } from '@app/parcours';
import { randomHistory } from '@app/parcours/read-models/__tests__/histories';
import { blockingUnavailability, BREACHES, decideSanction, initialSanctionState, isSanctionDomainError } from '../domain';
import { reduceSanctionState, restoreSanctionState, sanctionableCase } from './sanctionable';

const rules = defaultRuleConfig;
/** Each case also comes as a variant with no French class for two months after its card order (art. 152/8). */
const withUnavailability = (state: ParcoursState): ParcoursState =>
  state.cardOrderDate === null
    ? state
    : evolve(state, {
        type: 'TrainingUnavailabilityRecorded',
        data: { parcoursId: state.parcoursId, axis: 'french', from: addDays(state.cardOrderDate, 30), to: addDays(state.cardOrderDate, 90) },
      });
const histories = Array.from({ length: 60 }, (_, i) => randomHistory(i + 1)).flatMap((h) => [h, { ...h, state: withUnavailability(h.state) }]);

/** Every 91 days over the life of the generated cases, plus each command date and the day after it. */
function datesFor(commandDates: readonly IsoDate[]): IsoDate[] {
  const dates = new Set<IsoDate>();
  for (let d = '2017-03-01'; d <= '2027-06-01'; d = addDays(d, 91)) dates.add(d);
  for (const d of commandDates) {
    dates.add(d);
    dates.add(addDays(d, 1));
  }
  return [...dates];
}

describe('sanctionable cases', () => {
  it('judges the reduced state (what the SQL returns) exactly as the full state', () => {
    let listed = 0;
    for (const h of histories) {
      const reduced = restoreSanctionState(JSON.parse(JSON.stringify(reduceSanctionState(h.state))));
      for (const asOf of datesFor(h.commandDates)) {
        for (const breach of BREACHES) {
          const full = sanctionableCase(h.state, breach, asOf, rules);
          expect(sanctionableCase(reduced, breach, asOf, rules)).toEqual(full);
          if (full) listed++;
        }
      }
    }
    // The generated histories do contain overdue obliged cases: the equality above is not vacuous.
    expect(listed).toBeGreaterThan(60);
  });

  it('lists exactly the cases on which the sanctions domain would open a procedure and allow a fine (art. 152/8)', () => {
    let opened = 0;
    let blocked = 0;
    for (const h of histories) {
      for (const asOf of datesFor(h.commandDates)) {
        for (const breach of BREACHES) {
          const facts = sanctionFacts(h.state, asOf, rules);
          let opens = true;
          try {
            decideSanction(
              { type: 'OpenSanctionProcedure', data: { procedureId: 'p-1', parcoursId: h.state.parcoursId, breach, reportedOn: asOf } },
              initialSanctionState,
              { today: asOf, noticeResponseDays: 30, parcours: facts },
            );
          } catch (error) {
            if (!isSanctionDomainError(error)) throw error;
            opens = false;
          }
          const deadline = facts.deadlines[breach];
          const blocks = blockingUnavailability(breach, { from: deadline.anchorOn, to: deadline.dueOn }, facts.trainingUnavailability).length > 0;
          const listed = sanctionableCase(h.state, breach, asOf, rules);
          expect({ parcours: h.parcoursId, asOf, breach, listed: listed !== null }).toEqual({
            parcours: h.parcoursId,
            asOf,
            breach,
            listed: opens && !blocks,
          });
          if (opens) opened++;
          if (opens && blocks) blocked++;
        }
      }
    }
    expect(opened).toBeGreaterThan(60);
    expect(blocked).toBeGreaterThan(5);
  });

  it('explains the deadline and counts the days overdue', () => {
    const h = histories.find((x) => BREACHES.some((b) => sanctionableCase(x.state, b, '2026-11-21', rules)))!;
    const breach = BREACHES.find((b) => sanctionableCase(h.state, b, '2026-11-21', rules))!;
    const listed = sanctionableCase(h.state, breach, '2026-11-21', rules)!;
    expect(listed.daysOverdue).toBeGreaterThan(0);
    expect(addDays(listed.dueOn, listed.daysOverdue)).toBe('2026-11-21');
    expect(listed.explanation.join('\n')).toMatch(/Échéance dépassée de \d+ jours? au 21\/11\/2026/);
    expect(listed.fineRange).toEqual({ min: 100, max: 2500 });
  });
});
