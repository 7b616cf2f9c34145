/** Trainings under the convention: French and citizenship hours, ISP orientation, French certification, evaluation interviews. */
import type { IsoDate } from '@app/calendar';
import type { DateSubject, StepSubject } from '../errors';
import { LEGAL_DEFAULTS } from '../rules';
import type { OpenParcoursState } from '../state';
import { recordOn, type DecideContext, type Handlers } from './context';
import {
  conventionFor,
  matches,
  noHoursOverlap,
  notFuture,
  pastDate,
  period,
  plausibleHours,
} from './guards';

type TrainingCommand =
  | 'RecordFrenchHours'
  | 'RecordCitizenshipHours'
  | 'RecordIspHours'
  | 'RecordFrenchCertification'
  | 'RecordEvaluation';

const AXES = {
  french: { from: 'frenchFrom', to: 'frenchTo', step: 'frenchPeriod' },
  citizenship: { from: 'citizenshipFrom', to: 'citizenshipTo', step: 'citizenshipPeriod' },
} as const satisfies Record<string, { from: DateSubject; to: DateSubject; step: StepSubject }>;

/** A period of training hours: past dates, in order, plausible hours, within the convention. */
function trainingPeriod(
  data: { readonly from: IsoDate; readonly to: IsoDate; readonly hours: number },
  axis: keyof typeof AXES,
  state: OpenParcoursState,
  ctx: DecideContext,
): { from: IsoDate; to: IsoDate; hours: number } {
  const subjects = AXES[axis];
  const from = pastDate(data.from, subjects.from, state, ctx);
  const to = pastDate(data.to, subjects.to, state, ctx);
  period(from, to);
  plausibleHours(data.hours, from, to, ctx);
  conventionFor(from, subjects.step, state);
  return { from, to, hours: data.hours };
}

export const trainingHandlers: Handlers<TrainingCommand> = {
  RecordFrenchHours: {
    decide(command, state, ctx) {
      const { from, to, hours } = trainingPeriod(command.data, 'french', state, ctx);
      const { operator, overlapConfirmed } = command.data;
      const confirmed = noHoursOverlap('french', { operator, from, to }, state.frenchHours, overlapConfirmed);
      return recordOn(state, 'FrenchHoursRecorded', { operator, from, to, hours, ...confirmed });
    },
  },

  RecordCitizenshipHours: {
    decide(command, state, ctx) {
      const { from, to, hours } = trainingPeriod(command.data, 'citizenship', state, ctx);
      const { operator, overlapConfirmed } = command.data;
      const language = command.data.language ?? null;
      const confirmed = noHoursOverlap(
        'citizenship',
        { operator, from, to },
        state.citizenshipHours,
        overlapConfirmed,
      );
      return recordOn(state, 'CitizenshipHoursRecorded', {
        operator,
        from,
        to,
        hours,
        language,
        ...confirmed,
      });
    },
  },

  RecordIspHours: {
    decide(command, state, ctx) {
      const date = pastDate(command.data.date, 'ispDate', state, ctx);
      const { provider, hours, overlapConfirmed } = command.data;
      plausibleHours(hours, date, date, ctx);
      conventionFor(date, 'ispSession', state);
      const sessions = state.ispHours.map((s) => ({ ...s, operator: s.provider, from: s.date, to: s.date }));
      const confirmed = noHoursOverlap(
        'isp',
        { operator: provider, from: date, to: date },
        sessions,
        overlapConfirmed,
      );
      return recordOn(state, 'IspHoursRecorded', { provider, date, hours, ...confirmed });
    },
  },

  RecordFrenchCertification: {
    recorded: ({ data }, state) =>
      state.frenchCertifications.some(
        matches({
          date: data.date,
          level: data.level,
          issuer: data.issuer,
          test: data.test ?? null,
          oralOnly: data.oralOnly ?? LEGAL_DEFAULTS.certificationOralOnly,
        }),
      ),
    decide(command, state, ctx) {
      // A certificate may predate the registration in the region (e.g. obtained in Brussels): no lower bound.
      const date = notFuture(command.data.date, 'certificationDate', ctx);
      const { level, issuer } = command.data;
      const test = command.data.test ?? null;
      const oralOnly = command.data.oralOnly ?? LEGAL_DEFAULTS.certificationOralOnly;
      return recordOn(state, 'FrenchLevelCertified', { date, level, issuer, test, oralOnly });
    },
  },

  RecordEvaluation: {
    // Notes are personal and not compared: the same interview (date, convocation, presence) is recorded once.
    recorded: ({ data }, state) =>
      state.evaluations.some(
        matches({
          date: data.date,
          convocation: data.convocation,
          attended: data.attended,
          absenceJustified: absenceJustified(data),
        }),
      ),
    decide(command, state, ctx) {
      const date = pastDate(command.data.date, 'evaluationDate', state, ctx);
      conventionFor(date, 'evaluation', state);
      const { convocation, attended } = command.data;
      const notes = command.data.notes ?? null;
      return recordOn(state, 'EvaluationRecorded', {
        date,
        convocation,
        attended,
        absenceJustified: absenceJustified(command.data),
        notes,
      });
    },
  },
};

/** Whether an absence was justified is known only for an absence. */
const absenceJustified = (data: {
  readonly attended: boolean;
  readonly absenceJustified?: boolean | null;
}) => (data.attended ? null : (data.absenceJustified ?? null));
