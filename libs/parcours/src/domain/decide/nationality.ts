/** The nationality dossier (art. 12bis §1er 2° CNB): opened once, then its proofs. */
import { DomainError } from '../errors';
import { LEGAL_DEFAULTS } from '../rules';
import { recordOn, type Handlers } from './context';
import { notFuture, pastDate } from './guards';

export const nationalityHandlers: Handlers<'OpenNationalityDossier' | 'AttachNationalityProof'> = {
  OpenNationalityDossier: {
    recorded: ({ data }, state) =>
      state.nationalityDossier !== null &&
      state.nationalityDossier.openedOn === data.openedOn &&
      state.nationalityDossier.basis === (data.basis ?? LEGAL_DEFAULTS.nationalityBasis),
    decide(command, state, ctx) {
      const openedOn = pastDate(command.data.openedOn, 'nationalityDossierOpenedOn', state, ctx);
      const basis = command.data.basis ?? LEGAL_DEFAULTS.nationalityBasis;
      if (state.nationalityDossier !== null)
        throw new DomainError('NATIONALITY_DOSSIER_ALREADY_OPEN', {
          openedOn: state.nationalityDossier.openedOn,
        });
      return recordOn(state, 'NationalityDossierOpened', { openedOn, basis });
    },
  },

  AttachNationalityProof: {
    decide(command, state, ctx) {
      if (state.nationalityDossier === null) throw new DomainError('NATIONALITY_DOSSIER_NOT_OPEN');
      const { kind, issuer } = command.data;
      // A proof may be older than the parcours (birth certificate, diploma): no lower bound.
      const date = notFuture(command.data.date, 'nationalityProofDate', ctx);
      const reference = command.data.reference ?? null;
      const { since, days, quarters } = command.data;
      // What a proof states belongs to its kind: a start of stay for a legal-stay proof, days or quarters for work.
      if (
        (since != null && kind !== 'legal-stay') ||
        ((days != null || quarters != null) && kind !== 'economic-participation')
      )
        throw new DomainError('PROOF_FIELD_NOT_APPLICABLE', { kind });
      if (since != null) notFuture(since, 'legalStaySince', ctx);
      return recordOn(state, 'NationalityProofAttached', {
        kind,
        issuer,
        date,
        reference,
        ...(since != null ? { since } : {}),
        ...(days != null ? { days } : {}),
        ...(quarters != null ? { quarters } : {}),
      });
    },
  },
};
