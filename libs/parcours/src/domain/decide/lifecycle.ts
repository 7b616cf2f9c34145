/** Where the parcours is followed and when it ends: transfer to another CRI, closure. */
import { DomainError } from '../errors';
import { evaluateObligation, factsAfterMove } from '../obligation';
import { recordOn, type Handlers } from './context';
import { communeOfCri, notBefore, pastDate } from './guards';

export const lifecycleHandlers: Handlers<'TransferParcours' | 'AssignAccompagnateur' | 'CloseParcours'> = {
  TransferParcours: {
    decide(command, state, ctx) {
      const { toCri, communeCode } = command.data;
      const date = pastDate(command.data.date, 'transferDate', state, ctx);
      if (toCri === state.criCode) throw new DomainError('TRANSFER_SAME_CRI', { criCode: toCri });
      communeOfCri(communeCode, toCri, 'transfer');
      const lastTransfer = state.transfers[state.transfers.length - 1];
      if (lastTransfer) notBefore(date, 'transfer', lastTransfer.date, 'previousTransfer');
      const obligationFacts = factsAfterMove(state.obligationFacts, communeCode);
      const { obligation, reasons } = evaluateObligation(
        obligationFacts,
        state.dispenses.map((d) => ({ category: d.category, decidedOn: d.decidedOn })),
      );
      return recordOn(state, 'ParcoursTransferred', {
        fromCri: state.criCode,
        toCri,
        communeCode,
        date,
        obligation,
        obligationReasons: reasons,
        obligationFacts,
      });
    },
  },

  AssignAccompagnateur: {
    recorded: ({ data }, state) => state.accompagnateurId === data.accompagnateurId,
    decide(command, state) {
      return recordOn(state, 'AccompagnateurAssigned', {
        accompagnateurId: command.data.accompagnateurId,
        previousAccompagnateurId: state.accompagnateurId,
      });
    },
  },

  CloseParcours: {
    decide(command, state, ctx) {
      const date = pastDate(command.data.date, 'closureDate', state, ctx);
      const { reason } = command.data;
      const note = command.data.note ?? null;
      return recordOn(state, 'ParcoursClosed', { date, reason, note });
    },
  },
};
