/** What moves or lifts the obligation and its deadlines: dispenses, extensions, suspensions, training unavailability. */
import { addMonths, isAfter } from '@app/calendar';
import { DomainError } from '../errors';
import { evaluateObligation } from '../obligation';
import { LEGAL_DEFAULTS, regimeFor } from '../rules';
import type { DeadlineAdjustment } from '../state';
import { recordOn, type Handlers } from './context';
import { currentSchedule, matches, noAttestationYet, noOverlap, pastDate, period } from './guards';

type DelayCommand =
  'RecordDispense' | 'GrantExtension' | 'StartSuspension' | 'EndSuspension' | 'RecordTrainingUnavailability';

export const delayHandlers: Handlers<DelayCommand> = {
  RecordDispense: {
    // Evidence is personal and not compared: the same category decided the same day is the same dispense.
    recorded: ({ data }, state) =>
      state.dispenses.some(matches({ category: data.category, decidedOn: data.decidedOn })),
    decide(command, state, ctx) {
      const { category, evidence } = command.data;
      const decidedOn = pastDate(command.data.decidedOn, 'dispenseDecidedOn', state, ctx);
      noAttestationYet(state);
      if (state.obligationFacts.automaticDispenses.includes(category))
        throw new DomainError('DISPENSE_ALREADY_RECORDED', { category, decidedOn: null });
      const existing = state.dispenses.find((d) => d.category === category);
      if (existing)
        throw new DomainError('DISPENSE_ALREADY_RECORDED', { category, decidedOn: existing.decidedOn });
      const regime = regimeFor(state, ctx.rules);
      if (regime !== null && !regime.dispenseCategories.includes(category))
        throw new DomainError('DISPENSE_NOT_IN_REGIME', {
          regimeLabel: regime.label,
          categories: regime.dispenseCategories,
        });
      const { obligation, reasons } = evaluateObligation(state.obligationFacts, [
        ...state.dispenses.map((d) => ({ category: d.category, decidedOn: d.decidedOn })),
        { category, decidedOn },
      ]);
      return recordOn(state, 'DispenseRecorded', {
        category,
        decidedOn,
        evidence,
        obligation,
        obligationReasons: reasons,
      });
    },
  },

  GrantExtension: {
    recorded: ({ data }, state) =>
      state.deadlineAdjustments.some(
        matches<DeadlineAdjustment>({
          kind: 'extension',
          decidedOn: data.decidedOn,
          until: data.until,
          reason: data.reason,
          decidedBy: data.decidedBy ?? LEGAL_DEFAULTS.extensionDecidedBy,
        }),
      ),
    decide(command, state, ctx) {
      const decidedOn = pastDate(command.data.decidedOn, 'extensionDecidedOn', state, ctx);
      const { until, reason } = command.data;
      const decidedBy = command.data.decidedBy ?? LEGAL_DEFAULTS.extensionDecidedBy;
      const evidence = command.data.evidence ?? null;
      noAttestationYet(state);
      const schedule = currentSchedule(state, ctx);
      if (!isAfter(until, schedule.dueOn))
        throw new DomainError('EXTENSION_NOT_LATER', { dueOn: schedule.dueOn, requested: until });
      const { maxCount, maxTotalMonths } = ctx.rules.extensionLimits;
      const count = state.deadlineAdjustments.filter((a) => a.kind === 'extension').length;
      if (maxCount !== null && count >= maxCount)
        throw new DomainError('EXTENSION_LIMIT_REACHED', { limit: 'count', maxCount, count });
      if (maxTotalMonths !== null) {
        const latestUntil = addMonths(schedule.dueOnWithoutExtensions, maxTotalMonths);
        if (isAfter(until, latestUntil))
          throw new DomainError('EXTENSION_LIMIT_REACHED', { limit: 'months', maxTotalMonths, latestUntil });
      }
      return recordOn(state, 'ExtensionGranted', { decidedOn, until, reason, decidedBy, evidence });
    },
  },

  StartSuspension: {
    recorded: ({ data }, state) =>
      state.deadlineAdjustments.some(
        matches<DeadlineAdjustment>({
          kind: 'suspension',
          from: data.from,
          to: data.to ?? null,
          reason: data.reason,
        }),
      ),
    decide(command, state, ctx) {
      const from = pastDate(command.data.from, 'suspensionFrom', state, ctx);
      // A known end may lie in the future (a decided period, e.g. maternity leave).
      const to = command.data.to ?? null;
      if (to !== null) period(from, to);
      const { reason } = command.data;
      const evidence = command.data.evidence ?? null;
      noAttestationYet(state);
      const suspensions = state.deadlineAdjustments.filter((a) => a.kind === 'suspension');
      const open = suspensions.find((s) => s.to === null);
      if (open) throw new DomainError('SUSPENSION_ALREADY_OPEN', { since: open.from });
      noOverlap('suspension', from, to, suspensions);
      const schedule = currentSchedule(state, ctx);
      if (isAfter(from, schedule.dueOn))
        throw new DomainError('SUSPENSION_AFTER_DEADLINE', { dueOn: schedule.dueOn });
      return recordOn(state, 'SuspensionStarted', { from, to, reason, evidence });
    },
  },

  EndSuspension: {
    decide(command, state) {
      const { to } = command.data;
      const open = state.deadlineAdjustments.find((a) => a.kind === 'suspension' && a.to === null);
      if (!open || open.kind !== 'suspension') throw new DomainError('NO_OPEN_SUSPENSION');
      period(open.from, to);
      return recordOn(state, 'SuspensionEnded', { from: open.from, to });
    },
  },

  RecordTrainingUnavailability: {
    recorded: ({ data }, state) =>
      state.trainingUnavailability.some(matches({ axis: data.axis, from: data.from, to: data.to ?? null })),
    decide(command, state, ctx) {
      const { axis } = command.data;
      const from = pastDate(command.data.from, 'unavailabilityFrom', state, ctx);
      const to = command.data.to ?? null;
      if (to !== null) period(from, to);
      const sameAxis = state.trainingUnavailability.filter((p) => p.axis === axis);
      // The same period again with an end closes the open period.
      const open = sameAxis.find((p) => p.from === from && p.to === null);
      if (open && to !== null) return recordOn(state, 'TrainingUnavailabilityEnded', { axis, from, to });
      noOverlap('unavailability', from, to, sameAxis);
      return recordOn(state, 'TrainingUnavailabilityRecorded', { axis, from, to });
    },
  },
};
