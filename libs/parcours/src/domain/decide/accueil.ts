/** The module d'accueil (presentation, rights and duties, bilan social, French positioning) and the convention it leads to. */
import { isAfter, type IsoDate } from '@app/calendar';
import { DomainError, type MissingRequirement } from '../errors';
import { LEGAL_DEFAULTS, regimeFor } from '../rules';
import { recordOn, type Handlers } from './context';
import { matches, noAttestationYet, notBefore, notRecordedYet, pastDate, presented } from './guards';

type AccueilCommand =
  | 'RecordPresentation'
  | 'RecordRightsAndDuties'
  | 'RecordBilanSocial'
  | 'RecordFrenchPositioning'
  | 'SignConvention';

export const accueilHandlers: Handlers<AccueilCommand> = {
  RecordPresentation: {
    recorded: (command, state) => state.presentedOn === command.data.date,
    decide(command, state, ctx) {
      const date = pastDate(command.data.date, 'presentationDate', state, ctx);
      notRecordedYet('presentation', state.presentedOn);
      return recordOn(state, 'PresentationRecorded', { date });
    },
  },

  RecordRightsAndDuties: {
    recorded: (command, state) => state.rightsAndDutiesOn === command.data.date,
    decide(command, state, ctx) {
      const date = pastDate(command.data.date, 'rightsAndDutiesDate', state, ctx);
      notRecordedYet('rightsAndDuties', state.rightsAndDutiesOn);
      presented(date, 'rightsAndDuties', state);
      return recordOn(state, 'RightsAndDutiesInformationGiven', { date });
    },
  },

  RecordBilanSocial: {
    // The needs are personal and never compared: the same date again is the same bilan.
    recorded: (command, state) => state.bilanSocial?.date === command.data.date,
    decide(command, state, ctx) {
      const date = pastDate(command.data.date, 'bilanSocialDate', state, ctx);
      presented(date, 'bilanSocial', state);
      if (state.bilanSocial !== null)
        notBefore(date, 'bilanSocialUpdate', state.bilanSocial.date, 'previousBilanSocial');
      const needs = [...(command.data.needs ?? [])];
      return recordOn(state, 'BilanSocialCompleted', { date, needs });
    },
  },

  RecordFrenchPositioning: {
    recorded: ({ data }, state) =>
      state.frenchPositionings.some(matches({ date: data.date, level: data.level, test: data.test ?? null })),
    decide(command, state, ctx) {
      const date = pastDate(command.data.date, 'positioningDate', state, ctx);
      presented(date, 'positioning', state);
      const { level } = command.data;
      const test = command.data.test ?? null;
      return recordOn(state, 'FrenchPositioningRecorded', { date, level, test });
    },
  },

  SignConvention: {
    recorded: ({ data }, state) =>
      state.convention !== null &&
      matches({
        signedOn: data.signedOn,
        includesFrench: data.includesFrench,
        includesIsp: data.includesIsp ?? LEGAL_DEFAULTS.conventionIncludesIsp,
        citizenshipLanguage: data.citizenshipLanguage ?? null,
      })(state.convention),
    decide(command, state, ctx) {
      const signedOn = pastDate(command.data.signedOn, 'conventionSignedOn', state, ctx);
      const previous = state.convention;
      noAttestationYet(state);
      if (previous !== null) {
        notBefore(signedOn, 'conventionAmendment', previous.signedOn, 'conventionInForce');
      } else {
        // The convention follows the complete module d'accueil (art. 152/3 CWASS; circulaire du 28 janvier 2019).
        const regime = regimeFor(state, ctx.rules, signedOn);
        const on = (date: IsoDate | null | undefined) => date != null && !isAfter(date, signedOn);
        const missing: MissingRequirement[] = [];
        if (!on(state.rightsAndDutiesOn))
          missing.push({ code: 'RIGHTS_AND_DUTIES', label: 'Information sur les droits et devoirs' });
        if (!on(state.bilanSocial?.date)) missing.push({ code: 'BILAN_SOCIAL', label: 'Bilan social' });
        if ((regime?.frenchPositioningInAccueil ?? true) && !state.frenchPositionings.some((p) => on(p.date)))
          missing.push({ code: 'FRENCH_POSITIONING', label: 'Test de positionnement en français' });
        if (missing.length > 0) throw new DomainError('ACCUEIL_INCOMPLETE', { on: signedOn }, missing);
      }
      return recordOn(state, 'ConventionSigned', {
        signedOn,
        includesFrench: command.data.includesFrench,
        includesIsp: command.data.includesIsp ?? LEGAL_DEFAULTS.conventionIncludesIsp,
        citizenshipLanguage: command.data.citizenshipLanguage ?? null,
        amendment: previous !== null,
      });
    },
  },
};
