import type { ParcoursCommand } from './commands';
import { decide } from './decide';
import { deadlines } from './deadlines';
import { DomainError } from './errors';
import { PARCOURS_EVENT_TYPES, type ParcoursEvent } from './events';
import { evaluateNationalityDossier } from './nationality';
import { ERASED_VALUE, PERSONAL_DATA_PATHS, erasePersonalData } from './personal-data';
import { evaluateRequirements } from './requirements';
import { defaultRuleConfig } from './rules';
import { foldParcours } from './state';
import {
  attestation,
  certification,
  close,
  ctx,
  dispense,
  evaluation,
  extension,
  historyOf,
  nationalityDossier,
  open,
  proof,
  readyForAttestation,
  suspension,
  endSuspension,
  transfer,
  unavailability,
  convention,
  frenchHours,
  citizenshipHours,
  ispHours,
  presentation,
  positioning,
  bilanSocial,
  cancelLast,
  correctFacts,
  correctPerson,
  revokeAttestation,
} from './__tests__/fixtures';

const TODAY = '2030-06-01';
const rules = defaultRuleConfig;

/** A history with every event type. */
const fullHistory: ParcoursEvent[] = historyOf(
  [
    ...readyForAttestation({ person: { niss: '90050400158' } }),
    evaluation('2025-11-10'),
    unavailability('french', '2025-06-01'),
    unavailability('french', '2025-06-01', '2025-06-20'),
    suspension('2025-07-01'),
    endSuspension('2025-07-10'),
    extension('2025-08-01', '2028-09-01'),
    dispense('D5', '2026-03-01', 'Contrat de travail de Mme El Amrani'),
    certification('2026-03-15', 'A2'),
    certification('2026-03-16', 'B1'),
    cancelLast('duplicate', 'Signalé par Mme El Amrani'),
    correctFacts(
      { residencePermit: { type: 'carte F', validUntil: '2031-01-01' }, flags: { euFamilyMember: true } },
      'new-information',
      'Carte F remise à Mme El Amrani',
    ),
    correctFacts({ flags: { euFamilyMember: false } }, 'entry-error'),
    correctPerson({ firstName: 'Fatima' }, 'entry-error', 'Prénom de Mme El Amrani mal orthographié'),
    attestation('2026-03-31'),
    revokeAttestation('2026-04-01', 'Délivrée trop tôt à Mme El Amrani'),
    attestation('2026-04-01'),
    transfer('CRIPEL', '62063', '2026-05-01'),
    { type: 'AssignAccompagnateur', data: { accompagnateurId: 'cripel.marc' } } as ParcoursCommand,
    nationalityDossier('2030-02-01'),
    proof('legal-stay', '2030-02-02', 'Commune de Liège', 'Extrait du registre de Mme El Amrani'),
    close('2030-05-01', 'completed'),
  ],
  TODAY,
);

describe('personal data paths', () => {
  it('the sample history holds every event type', () => {
    const types = new Set(fullHistory.map((e) => e.type));
    expect(PARCOURS_EVENT_TYPES.filter((t) => !types.has(t))).toEqual([]);
  });

  it('every declared path exists in the events (no stale path)', () => {
    for (const [type, paths] of Object.entries(PERSONAL_DATA_PATHS)) {
      const event = fullHistory.find((e) => e.type === type);
      expect(event).toBeDefined();
      for (const path of paths ?? []) {
        const value = path
          .split('.')
          .reduce<unknown>((v, key) => (v as Record<string, unknown>)?.[key], event!.data);
        expect({ type, path, present: value !== undefined }).toEqual({ type, path, present: true });
      }
    }
  });

  it('covers identity, notes, evidence, bilan needs and proof references', () => {
    expect(PERSONAL_DATA_PATHS.ParcoursOpened).toEqual(
      expect.arrayContaining([
        'person.lastName',
        'person.firstName',
        'person.birthDate',
        'person.niss',
        'person.nationality',
        'person.sex',
        'person.contactLanguage',
      ]),
    );
    expect(PERSONAL_DATA_PATHS.BilanSocialCompleted).toEqual(['needs']);
    expect(PERSONAL_DATA_PATHS.EvaluationRecorded).toEqual(['notes']);
    expect(PERSONAL_DATA_PATHS.DispenseRecorded).toEqual(['evidence']);
    expect(PERSONAL_DATA_PATHS.NationalityProofAttached).toEqual(['reference']);
    expect(PERSONAL_DATA_PATHS.ParcoursClosed).toEqual(['note']);
  });

  it('erasePersonalData replaces exactly those paths', () => {
    const opened = erasePersonalData(fullHistory[0]);
    expect(opened.type).toBe('ParcoursOpened');
    if (opened.type !== 'ParcoursOpened') return;
    expect(opened.data.person).toEqual({
      lastName: ERASED_VALUE,
      firstName: ERASED_VALUE,
      birthDate: ERASED_VALUE,
      nationality: ERASED_VALUE,
      niss: ERASED_VALUE,
      sex: ERASED_VALUE,
      contactLanguage: ERASED_VALUE,
    });
    expect(opened.data.flags).toBe(ERASED_VALUE);
    expect(opened.data.cardOrderDate).toBe('2025-03-10');
    expect(opened.data.obligation).toBe('obliged');
    expect(fullHistory[0].type === 'ParcoursOpened' && fullHistory[0].data.person.lastName).toBe('El Amrani'); // not mutated
  });
});

describe('after erasure the rules give the same answers', () => {
  const erased = fullHistory.map(erasePersonalData);
  // The state just before closure, so that decide still has something to decide.
  const beforeClosure = (events: ParcoursEvent[]) => foldParcours(events.slice(0, -1));
  const original = beforeClosure(fullHistory);
  const anonymous = beforeClosure(erased);

  it('evolve folds the erased history', () => {
    expect(() => foldParcours(erased)).not.toThrow();
    expect(anonymous.person?.lastName).toBe(ERASED_VALUE);
  });

  it.each(['2025-03-01', '2025-07-05', '2026-01-01', '2026-05-15', '2029-01-01', TODAY])(
    'deadlines at %s',
    (asOf) => {
      expect(deadlines(anonymous, asOf, rules)).toEqual(deadlines(original, asOf, rules));
      expect(deadlines(foldParcours(erased), asOf, rules)).toEqual(
        deadlines(foldParcours(fullHistory), asOf, rules),
      );
    },
  );

  it('requirements and the nationality dossier statuses', () => {
    expect(evaluateRequirements(anonymous, TODAY, rules)).toEqual(
      evaluateRequirements(original, TODAY, rules),
    );
    const strip = (e: ReturnType<typeof evaluateNationalityDossier>) =>
      e.conditions.map((c) => [c.condition, c.status, c.note, c.proofs.length]);
    expect(strip(evaluateNationalityDossier(anonymous, TODAY))).toEqual(
      strip(evaluateNationalityDossier(original, TODAY)),
    );
  });

  const commands: ParcoursCommand[] = [
    presentation('2025-04-01'),
    bilanSocial('2025-04-08'),
    positioning('2025-04-08', 'A1'),
    convention('2026-05-20', false),
    frenchHours('2026-05-02', '2026-05-30', 10),
    citizenshipHours('2026-05-02', '2026-05-30', 10),
    ispHours('2026-05-10', 2),
    certification('2026-03-15', 'A2'),
    evaluation('2025-11-10'),
    dispense('D5', '2026-03-01', 'autre'),
    dispense('D2', '2026-05-10'),
    extension('2026-05-02', '2029-01-01'),
    suspension('2026-05-02'),
    unavailability('isp', '2026-05-02'),
    attestation('2026-04-01'),
    transfer('CRVI', '63079', '2026-06-01'),
    close('2030-05-01'),
    nationalityDossier('2030-02-01'),
    proof('economic-participation', '2030-03-01', 'ONSS', 'Compte individuel de Mme El Amrani'),
    open(),
  ];
  const outcome = (command: ParcoursCommand, state: typeof original) => {
    try {
      return decide(command, state, ctx(TODAY));
    } catch (error) {
      if (error instanceof DomainError) return error.code;
      throw error;
    }
  };
  it.each(commands.map((c) => [c.type, c] as const))('decide %s', (_type, command) => {
    expect(outcome(command, anonymous)).toEqual(outcome(command, original));
  });
});
