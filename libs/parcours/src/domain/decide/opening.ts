/** Opening a parcours: the person, the commune, the dates that start the deadlines, the obligation. */
import { computeOpeningObligation } from '../obligation';
import { LEGAL_DEFAULTS } from '../rules';
import type { Handlers } from './context';
import { communeOfCri, notFuture } from './guards';

export const openingHandlers: Handlers<'OpenParcours'> = {
  OpenParcours: {
    decide(command, _state, ctx) {
      const d = command.data;
      const p = d.person;
      const birthDate = notFuture(p.birthDate, 'birthDate', ctx);
      communeOfCri(d.communeCode, d.criCode, 'opening');
      const communeRegistrationDate = notFuture(d.communeRegistrationDate, 'communeRegistrationDate', ctx);
      const cardOrderDate = d.cardOrderDate == null ? null : notFuture(d.cardOrderDate, 'cardOrderDate', ctx);
      const legalStaySince =
        d.legalStaySince == null ? null : notFuture(d.legalStaySince, 'legalStaySince', ctx);
      const residencePermit =
        d.residencePermit == null
          ? null
          : { type: d.residencePermit.type ?? null, validUntil: d.residencePermit.validUntil ?? null };
      const flags = {
        euFamilyMember: d.flags?.euFamilyMember ?? LEGAL_DEFAULTS.openingFlag,
        temporaryProtection: d.flags?.temporaryProtection ?? LEGAL_DEFAULTS.openingFlag,
        internationalProtectionApplicant:
          d.flags?.internationalProtectionApplicant ?? LEGAL_DEFAULTS.openingFlag,
      };
      const person = {
        lastName: p.lastName,
        firstName: p.firstName,
        birthDate,
        nationality: p.nationality,
        niss: p.niss ?? null,
        sex: p.sex ?? null,
        contactLanguage: p.contactLanguage ?? null,
      };
      const opening = computeOpeningObligation(
        {
          nationality: person.nationality,
          birthDate,
          communeCode: d.communeCode,
          communeRegistrationDate,
          cardOrderDate,
          legalStaySince,
          permitValidUntil: residencePermit?.validUntil ?? null,
          ...flags,
          openedOn: ctx.today,
        },
        ctx.rules,
      );
      return [
        {
          type: 'ParcoursOpened',
          data: {
            parcoursId: d.parcoursId,
            openedOn: ctx.today,
            person,
            criCode: d.criCode,
            communeCode: d.communeCode,
            communeRegistrationDate,
            cardOrderDate,
            legalStaySince,
            residencePermit,
            flags,
            accompagnateurId: d.accompagnateurId ?? null,
            obligation: opening.obligation,
            obligationReasons: opening.reasons,
            obligationFacts: opening.facts,
            adultAtOpening: opening.adultAtOpening,
            regimeId: opening.regime?.id ?? null,
          },
        },
      ];
    },
  },
};
