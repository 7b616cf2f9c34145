/** The attestation de fréquentation: issued once every requirement of the regime is met on its date. */
import { obligationAt } from '../deadlines';
import { DomainError } from '../errors';
import { evaluateRequirements, ispRequiredFor } from '../requirements';
import { recordOn, type Handlers } from './context';
import { noAttestationYet, notBefore, pastDate } from './guards';

export const attestationHandlers: Handlers<'IssueAttestation' | 'RevokeAttestation'> = {
  RevokeAttestation: {
    decide(command, state, ctx) {
      const attestation = state.attestation;
      if (attestation === null) throw new DomainError('NO_ATTESTATION');
      const revokedOn = pastDate(command.data.revokedOn, 'attestationRevokedOn', state, ctx);
      notBefore(revokedOn, 'attestationRevocation', attestation.issuedOn, 'attestation');
      return recordOn(state, 'AttestationRevoked', {
        attestationNumber: attestation.attestationNumber,
        issuedOn: attestation.issuedOn,
        revokedOn,
        reason: command.data.reason,
      });
    },
  },

  IssueAttestation: {
    recorded: ({ data }, state) =>
      state.attestation !== null &&
      state.attestation.issuedOn === data.issuedOn &&
      state.attestation.attestationNumber === data.attestationNumber,
    decide(command, state, ctx) {
      const issuedOn = pastDate(command.data.issuedOn, 'attestationIssuedOn', state, ctx);
      const { attestationNumber } = command.data;
      noAttestationYet(state);
      const requirements = evaluateRequirements(state, issuedOn, ctx.rules);
      const convention = state.convention;
      if (!requirements.met || convention === null)
        throw new DomainError('ATTESTATION_REQUIREMENTS_UNMET', { on: issuedOn }, requirements.missing);
      const { regime, progress } = requirements;
      return recordOn(state, 'AttestationIssued', {
        issuedOn,
        attestationNumber,
        criCode: state.criCode,
        obligation: obligationAt(state, issuedOn) ?? 'voluntary',
        regime: regime === null ? null : { id: regime.id, label: regime.label, source: regime.source },
        hours: {
          french: progress.french.hoursDone,
          citizenship: progress.citizenship.hoursDone,
          isp: progress.isp.hoursDone,
        },
        requiredHours: {
          french: progress.french.hoursRequired,
          citizenship: progress.citizenship.hoursRequired ?? 0,
          isp: progress.isp.hoursRequired,
        },
        frenchLevel: requirements.frenchLevel,
        frenchValidation: requirements.frenchValidation ?? 'not-in-convention',
        convention: {
          firstSignedOn: convention.firstSignedOn,
          signedOn: convention.signedOn,
          includesFrench: convention.includesFrench,
          includesIsp: convention.includesIsp,
          ispRequired: ispRequiredFor(convention, ctx.rules),
          citizenshipLanguage: convention.citizenshipLanguage,
        },
      });
    },
  },
};
