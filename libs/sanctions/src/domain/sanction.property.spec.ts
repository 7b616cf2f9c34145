/**
 * Property tests of the sanction procedure: random well-formed command sequences. Size (~400 lines): the
 * generators and the invariants they check belong together.
 */
import fc from 'fast-check';
import type { ParcoursFacts } from './parcours-facts';
import { blockingUnavailability } from './parcours-facts';
import type { SanctionCommand } from './sanction.commands';
import type { SanctionDecideContext } from './decide';
import { decideSanction } from './decide';
import { SanctionDomainError } from './sanction.errors';
import { SANCTION_ERROR_CODES } from '../messages/errors.fr';
import type { SanctionEvent } from './sanction.events';
import type { SanctionState } from './sanction.state';
import { evolveSanction, foldSanction, initialSanctionState, toCents } from './sanction.state';
import { addDays } from '@app/calendar';
import { PARCOURS_ID, PROCEDURE_ID } from './__tests__/sanction.fixtures';

const BASE = '2024-01-01';
const TODAY = '2027-06-30';
const day = fc.integer({ min: 0, max: 1000 }).map((n) => addDays(BASE, n)); // runs past TODAY on purpose
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
// Commands as the boundary lets them through (sanctions.dto.ts): a positive amount with at most two decimals, a
// required text not blank. Malformed amounts and texts are refused there, with a 400 (sanctions.dto.spec.ts).
const amount = fc.oneof(
  fc.integer({ min: 1, max: 3000 }),
  fc.integer({ min: 1, max: 300_000 }).map((c) => c / 100),
);
const text = fc.constantFrom('', ' ', 'Motif', 'Pas de place en FLE');
const requiredText = fc.constantFrom('Motif', 'Pas de place en FLE');

const deadline = fc.record({
  anchorOn: fc.option(day, { nil: null }),
  dueOn: fc.option(day, { nil: null }),
  metOn: fc.option(day, { nil: null }),
  suspended: fc.constantFrom(false, false, false, false, true),
  explanation: fc.constant(['explication']),
});

const facts: fc.Arbitrary<ParcoursFacts> = fc.record({
  parcoursId: fc.constant(PARCOURS_ID),
  criCode: fc.constantFrom('CAI', 'CRIPEL'),
  obligation: fc.constantFrom('obliged', 'obliged', 'obliged', 'voluntary', 'dispensed'),
  status: fc.constantFrom('open', 'open', 'open', 'closed'),
  regimeId: fc.constantFrom('2016', '2018', '2025'),
  fineRange: fc.constantFrom({ min: 100, max: 2500 }, { min: 50, max: 1000 }),
  deadlines: fc.record({ presentation: deadline, attestation: deadline }),
  trainingUnavailability: fc.array(
    fc.record({
      axis: fc.constantFrom('french', 'citizenship', 'isp'),
      from: day,
      to: fc.option(day, { nil: null }),
    }),
    { maxLength: 2 },
  ),
}) as fc.Arbitrary<ParcoursFacts>;

const command: fc.Arbitrary<SanctionCommand> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('OpenSanctionProcedure'),
      data: fc.record({
        procedureId: fc.constant(PROCEDURE_ID),
        parcoursId: fc.constant(PARCOURS_ID),
        breach: fc.constantFrom('presentation', 'attestation'),
        reportedOn: day,
      }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('SendNotice'),
      data: fc.record({ sentOn: day, respondBy: maybe(day) }, { requiredKeys: ['sentOn'] }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('RecordDefence'),
      data: fc.record({ receivedOn: day, summary: maybe(text) }, { requiredKeys: ['receivedOn'] }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant('DecideSanction'),
      data: fc.record(
        {
          decidedOn: day,
          outcome: fc.constantFrom('fine', 'fine', 'dismissed'),
          amount: maybe(amount),
          reason: maybe(fc.constantFrom('regularised', 'dispensed', 'training-unavailable', 'other')),
          comment: maybe(text),
        },
        { requiredKeys: ['decidedOn', 'outcome'] },
      ),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('RecordPayment'),
      data: fc.record({ paidOn: day, amount: maybe(amount) }, { requiredKeys: ['paidOn'] }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('RecordAppeal'),
      data: fc.record(
        { lodgedOn: day, authority: maybe(text), reference: maybe(text) },
        { requiredKeys: ['lodgedOn'] },
      ),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('RecordAppealOutcome'),
      data: fc.record(
        {
          decidedOn: day,
          outcome: fc.constantFrom('upheld', 'reduced', 'annulled'),
          amount: maybe(amount),
          comment: maybe(text),
        },
        { requiredKeys: ['decidedOn', 'outcome'] },
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('WithdrawProcedure'),
      data: fc.record({ withdrawnOn: day, reason: requiredText }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('CloseProcedure'),
      data: fc.record({ closedOn: day, reason: maybe(text) }, { requiredKeys: ['closedOn'] }),
    }),
  },
) as fc.Arbitrary<SanctionCommand>;

/** The date a command is about: the field a story rewrites to keep most steps in order. */
function withDate(cmd: SanctionCommand, date: string): SanctionCommand {
  switch (cmd.type) {
    case 'OpenSanctionProcedure':
      return { ...cmd, data: { ...cmd.data, reportedOn: date } };
    case 'SendNotice':
      return { ...cmd, data: { ...cmd.data, sentOn: date } };
    case 'RecordDefence':
      return { ...cmd, data: { ...cmd.data, receivedOn: date } };
    case 'DecideSanction':
      return { ...cmd, data: { ...cmd.data, decidedOn: date } };
    case 'RecordAppealOutcome':
      return { ...cmd, data: { ...cmd.data, decidedOn: date } };
    case 'RecordPayment':
      return { ...cmd, data: { ...cmd.data, paidOn: date } };
    case 'RecordAppeal':
      return { ...cmd, data: { ...cmd.data, lodgedOn: date } };
    case 'WithdrawProcedure':
      return { ...cmd, data: { ...cmd.data, withdrawnOn: date } };
    case 'CloseProcedure':
      return { ...cmd, data: { ...cmd.data, closedOn: date } };
    default: {
      const unhandled: never = cmd;
      return unhandled;
    }
  }
}

/**
 * A plausible story: an obliged parcours overdue (usually) at the report, then commands whose dates mostly move
 * forward from the report, so that runs go deep into the lifecycle (notice, decision, appeal, payments, closure).
 */
const storyCase = fc
  .record({
    reportOffset: fc.integer({ min: 300, max: 800 }),
    overdueBy: fc.integer({ min: -10, max: 300 }),
    window: fc.integer({ min: 90, max: 1100 }),
    parcours: facts,
    fineAmount: fc.constantFrom<number | undefined>(100, 350, 1000, 1234.56, 2500, 50, 3000, undefined),
    noticeFirst: fc.constantFrom(true, true, true, false),
    regionFailed: fc.constantFrom(false, false, false, true),
    steps: fc.array(fc.tuple(fc.integer({ min: -3, max: 45 }), command), { minLength: 3, maxLength: 25 }),
  })
  .map(({ reportOffset, overdueBy, window, parcours, fineAmount, noticeFirst, regionFailed, steps }) => {
    const reportedOn = addDays(BASE, reportOffset);
    const dueOn = addDays(reportedOn, -overdueBy);
    const attestation = {
      ...parcours.deadlines.attestation,
      dueOn,
      anchorOn: addDays(dueOn, -window),
      metOn: null,
    };
    const ctx: SanctionDecideContext = {
      today: TODAY,
      noticeResponseDays: 30,
      parcours: {
        ...parcours,
        obligation: 'obliged',
        status: 'open',
        deadlines: { ...parcours.deadlines, attestation: { ...attestation, suspended: false } },
        trainingUnavailability: regionFailed ? parcours.trainingUnavailability : [],
      },
    };
    let cursor = noticeFirst ? addDays(reportedOn, 5) : reportedOn;
    const commands: SanctionCommand[] = [
      {
        type: 'OpenSanctionProcedure',
        data: { procedureId: PROCEDURE_ID, parcoursId: PARCOURS_ID, breach: 'attestation', reportedOn },
      },
    ];
    if (noticeFirst) commands.push({ type: 'SendNotice', data: { sentOn: addDays(reportedOn, 5) } });
    for (const [delta, cmd] of steps) {
      cursor = addDays(cursor, delta);
      let next = withDate(cmd, cursor);
      // Most decisions are well formed, so that runs get past them; the odd ones still test the refusals.
      if (next.type === 'DecideSanction' && delta % 4 !== 0) {
        next =
          next.data.outcome === 'fine'
            ? { ...next, data: { decidedOn: cursor, outcome: 'fine', amount: fineAmount } }
            : {
                ...next,
                data: { ...next.data, reason: next.data.reason ?? 'regularised', amount: undefined },
              };
      }
      if (next.type === 'RecordAppealOutcome' && delta % 4 !== 0) {
        const reduced = Math.floor((fineAmount ?? 100) / 2);
        next = {
          ...next,
          data: { ...next.data, amount: next.data.outcome === 'reduced' ? reduced : undefined },
        };
      }
      commands.push(next);
    }
    return { ctx, commands };
  });

type Run = { history: SanctionEvent[]; state: SanctionState; accepted: number };

function play(commands: SanctionCommand[], ctx: SanctionDecideContext): Run {
  let state: SanctionState = initialSanctionState;
  const history: SanctionEvent[] = [];
  let accepted = 0;
  for (const cmd of commands) {
    let events: SanctionEvent[];
    try {
      events = decideSanction(cmd, state, ctx);
    } catch (error) {
      // Every refusal of a well-formed command is a domain error with a known code, never a crash.
      expect(error).toBeInstanceOf(SanctionDomainError);
      expect(SANCTION_ERROR_CODES).toContain((error as SanctionDomainError).code);
      continue;
    }
    // Pure: the same input decides the same events.
    expect(decideSanction(cmd, state, ctx)).toEqual(events);
    accepted += 1;
    history.push(...events);
    state = events.reduce(evolveSanction, state);
  }
  return { history, state, accepted };
}

const stepDate = (e: SanctionEvent): string => {
  switch (e.type) {
    case 'SanctionProcedureOpened':
      return e.data.reportedOn;
    case 'SanctionNoticeSent':
      return e.data.sentOn;
    case 'SanctionDefenceReceived':
      return e.data.receivedOn;
    case 'SanctionFineImposed':
    case 'SanctionProcedureDismissed':
    case 'SanctionAppealDecided':
      return e.data.decidedOn;
    case 'SanctionFinePaid':
      return e.data.paidOn;
    case 'SanctionAppealLodged':
      return e.data.lodgedOn;
    case 'SanctionProcedureWithdrawn':
      return e.data.withdrawnOn;
    case 'SanctionProcedureClosed':
      return e.data.closedOn;
    default: {
      const unhandled: never = e;
      return unhandled;
    }
  }
};

describe('sanction procedure properties', () => {
  const ctxArb = facts.map((parcours): SanctionDecideContext => ({
    today: TODAY,
    noticeResponseDays: 30,
    parcours,
  }));

  it('evolve never throws on any history decide produced, and folding it again gives the same state', () => {
    fc.assert(
      fc.property(
        fc.oneof(storyCase, fc.record({ ctx: ctxArb, commands: fc.array(command, { maxLength: 25 }) })),
        ({ ctx, commands }) => {
          const { history, state } = play(commands, ctx);
          expect(() => foldSanction(history)).not.toThrow();
          expect(foldSanction(history)).toEqual(state);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('no history breaks the rules of the procedure', () => {
    fc.assert(
      fc.property(
        fc.oneof(storyCase, fc.record({ ctx: ctxArb, commands: fc.array(command, { maxLength: 25 }) })),
        ({ ctx, commands }) => {
          const { history } = play(commands, ctx);
          const types = history.map((e) => e.type);
          const dates = history.map(stepDate);
          // dated in order, never in the future
          dates.forEach((d, i) => {
            expect(d <= TODAY).toBe(true);
            if (i > 0) expect(d >= dates[i - 1]).toBe(true);
          });
          // at most one opening, first; nothing after closure or withdrawal
          if (history.length > 0) expect(types[0]).toBe('SanctionProcedureOpened');
          expect(types.filter((t) => t === 'SanctionProcedureOpened').length).toBeLessThanOrEqual(1);
          const end = types.findIndex(
            (t) => t === 'SanctionProcedureClosed' || t === 'SanctionProcedureWithdrawn',
          );
          if (end >= 0) expect(end).toBe(types.length - 1);
          // at most one decision, after a notice
          const decisions = types.filter(
            (t) => t === 'SanctionFineImposed' || t === 'SanctionProcedureDismissed',
          );
          expect(decisions.length).toBeLessThanOrEqual(1);
          const decisionAt = types.findIndex(
            (t) => t === 'SanctionFineImposed' || t === 'SanctionProcedureDismissed',
          );
          if (decisionAt >= 0) expect(types.slice(0, decisionAt)).toContain('SanctionNoticeSent');
          // a fine: inside the range, never when art. 152/8 applies, never before the defence or the response deadline
          const opening = history[0]?.type === 'SanctionProcedureOpened' ? history[0] : null;
          for (const e of history) {
            if (e.type !== 'SanctionFineImposed' || !opening) continue;
            expect(e.data.amount).toBeGreaterThanOrEqual(ctx.parcours.fineRange.min);
            expect(e.data.amount).toBeLessThanOrEqual(ctx.parcours.fineRange.max);
            const window = { from: opening.data.deadline.anchorOn, to: opening.data.deadline.dueOn };
            expect(
              blockingUnavailability(opening.data.breach, window, ctx.parcours.trainingUnavailability),
            ).toEqual([]);
          }
          // payments never exceed what was owed when they were made
          let due = 0;
          let paid = 0;
          for (const e of history) {
            if (e.type === 'SanctionFineImposed') due = toCents(e.data.amount);
            if (e.type === 'SanctionAppealDecided') due = toCents(e.data.amount);
            if (e.type === 'SanctionFinePaid') {
              paid += toCents(e.data.amount);
              expect(paid).toBeLessThanOrEqual(due);
            }
          }
          // the procedure opened only on an obliged, open parcours that was overdue at the report
          if (opening) {
            expect(ctx.parcours.obligation).toBe('obliged');
            expect(ctx.parcours.status).toBe('open');
            const dueOn = ctx.parcours.deadlines[opening.data.breach].dueOn;
            expect(dueOn !== null && opening.data.reportedOn > dueOn).toBe(true);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('reaches deep into the lifecycle often enough to mean something', () => {
    const reached = new Map<string, number>();
    fc.assert(
      fc.property(storyCase, ({ ctx, commands }) => {
        for (const type of new Set(play(commands, ctx).history.map((e) => e.type))) {
          reached.set(type, (reached.get(type) ?? 0) + 1);
        }
      }),
      { numRuns: 1000, seed: 42 },
    );
    for (const type of [
      'SanctionProcedureOpened',
      'SanctionNoticeSent',
      'SanctionDefenceReceived',
      'SanctionFineImposed',
      'SanctionProcedureDismissed',
      'SanctionFinePaid',
      'SanctionAppealLodged',
      'SanctionAppealDecided',
      'SanctionProcedureWithdrawn',
      'SanctionProcedureClosed',
    ]) {
      if ((reached.get(type) ?? 0) <= 10)
        throw new Error(`${type} reached in too few runs: ${JSON.stringify([...reached])}`);
    }
  });
});
