/**
 * Valid parcours histories for read-side tests, produced by the domain's own decide(): a seeded, deterministic mix of
 * obliged / voluntary / dispensed cases, late presentations, conventions, hours, evaluations (held and missed),
 * extensions, suspensions (closed, open, ending in the future), dispenses, attestations, transfers, closures and
 * nationality dossiers. Commands the domain refuses are simply skipped.
 */
import {
  addDays,
  decide,
  defaultRuleConfig,
  diffDays,
  evolve,
  initialParcoursState,
  isAfter,
  type IsoDate,
  type ParcoursCommand,
  type ParcoursEvent,
  type ParcoursState,
  type RuleConfig,
} from '../../domain';

export type History = {
  parcoursId: string;
  events: ParcoursEvent[];
  state: ParcoursState;
  commandDates: IsoDate[];
};

/** mulberry32: small deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LAST_NAMES = [
  'Dupont',
  'Nguyễn',
  'Öztürk',
  'El Amrani',
  'Kowalska',
  'Đorđević',
  'Müller',
  "O'Brien",
  'Mbappé',
  'Łukasik',
  'García-Peña',
];
const FIRST_NAMES = [
  'Élodie',
  'Ahmed',
  'Zoë',
  'Jean-Pierre',
  'Fatoumata',
  'Ana',
  'Björn',
  'Chloé',
  'Ibrahim',
  'Nour',
];
const NATIONALITIES = ['MA', 'SY', 'CD', 'TR', 'AF', 'UA', 'FR', 'BR', 'CM', 'IN'];
const CRIS = ['CAI', 'CRIPEL', 'CRIC', 'CRIBW'];
/** A commune in each CRI's territory (Namur, Liège, Charleroi, Ottignies-Louvain-la-Neuve). */
const COMMUNE_OF: Record<string, string> = { CAI: '92094', CRIPEL: '62063', CRIC: '52011', CRIBW: '25121' };

/** A valid NISS built from a birth date and a sequence number. */
export function makeNiss(birthDate: IsoDate, sequence: number): string {
  const [y, m, d] = birthDate.split('-');
  const base = `${y.slice(2)}${m}${d}${String((sequence % 998) + 1).padStart(3, '0')}`;
  const number = y.startsWith('2') ? Number(`2${base}`) : Number(base);
  return `${base}${String(97 - (number % 97)).padStart(2, '0')}`;
}

export type HistoryOptions = {
  /** No business date after this day (the "today" of the last command). */
  end?: IsoDate;
  rules?: RuleConfig;
  parcoursId?: string;
  criCode?: string;
  accompagnateurId?: string | null;
};

export function randomHistory(seed: number, options: HistoryOptions = {}): History {
  const rnd = prng(seed * 7919 + 17);
  const rules = options.rules ?? defaultRuleConfig;
  const end = options.end ?? '2026-11-21';
  const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const chance = (p: number) => rnd() < p;
  const parcoursId = options.parcoursId ?? uuidFromSeed(seed);

  let state = initialParcoursState;
  const events: ParcoursEvent[] = [];
  const commandDates: IsoDate[] = [];
  const run = (command: ParcoursCommand, today: IsoDate): boolean => {
    if (isAfter(today, end)) return false;
    try {
      const produced = decide(command, state, { today, rules });
      for (const e of produced) {
        state = evolve(state, e);
        events.push(e);
      }
      if (produced.length > 0) commandDates.push(today);
      return produced.length > 0;
    } catch {
      return false;
    }
  };

  // Opening: registration between 2017 and mid-2026; card ordered shortly after (or unknown: volunteers).
  const registration = addDays('2017-06-01', int(0, diffDays('2017-06-01', addDays(end, -90))));
  const cardOrderDate = chance(0.85) ? addDays(registration, int(0, 45)) : null;
  const birthDate = addDays('1960-01-01', int(0, 20000));
  const nationality = chance(0.85) ? pick(NATIONALITIES.filter((n) => n !== 'FR')) : pick(['FR', 'TR']);
  const openedOn = addDays(cardOrderDate ?? registration, int(0, 60));
  let t = openedOn;
  const criCode = options.criCode ?? pick(CRIS);
  const opened = run(
    {
      type: 'OpenParcours',
      data: {
        parcoursId,
        person: {
          lastName: pick(LAST_NAMES),
          firstName: pick(FIRST_NAMES),
          birthDate,
          nationality,
          niss: chance(0.8) ? makeNiss(birthDate, seed) : null,
          sex: pick(['F', 'M', null]),
          contactLanguage: pick(['fr', 'ar', 'en', null]),
        },
        criCode,
        communeCode: COMMUNE_OF[criCode] ?? '92094',
        communeRegistrationDate: registration,
        cardOrderDate,
        legalStaySince: chance(0.7) ? addDays(registration, -int(0, 400)) : null,
        residencePermit: chance(0.6)
          ? { type: pick(['A', 'B', 'F']), validUntil: addDays(registration, int(200, 2000)) }
          : null,
        flags: {
          euFamilyMember: chance(0.03),
          temporaryProtection: nationality === 'UA' && chance(0.5),
          internationalProtectionApplicant: chance(0.03),
        },
        accompagnateurId:
          options.accompagnateurId === undefined
            ? pick(['demo-cai-aline', 'acc-2', 'acc-3', null])
            : options.accompagnateurId,
      },
    },
    openedOn,
  );
  if (!opened) return { parcoursId, events, state, commandDates };
  const step = (min: number, max: number) => {
    t = addDays(t, int(min, max));
    return t;
  };

  // Presentation (sometimes late, sometimes never) and the module d'accueil.
  if (chance(0.88)) {
    const presentedOn = addDays(registration, int(5, chance(0.2) ? 200 : 85));
    if (isAfter(presentedOn, t)) t = presentedOn;
    run({ type: 'RecordPresentation', data: { date: presentedOn } }, t);
    if (chance(0.9)) {
      run({ type: 'RecordRightsAndDuties', data: { date: step(0, 20) } }, t);
      run({ type: 'RecordBilanSocial', data: { date: step(0, 20), needs: ['logement', 'français'] } }, t);
      run(
        {
          type: 'RecordFrenchPositioning',
          data: { date: step(0, 15), level: pick(['A0', 'A1', 'A2', 'B1']), test: 'ELAO' },
        },
        t,
      );
      if (chance(0.85)) {
        const includesFrench = chance(0.8);
        run(
          {
            type: 'SignConvention',
            data: {
              signedOn: step(1, 40),
              includesFrench,
              includesIsp: chance(0.5),
              citizenshipLanguage: pick(['fr', 'ar', null]),
            },
          },
          t,
        );
      }
    }
  }

  // Life of the case: a sequence of dated facts until `end` or an attestation / closure.
  const delays = chance(0.35);
  const manyHours = chance(0.7);
  let citizenship = 0;
  let french = 0;
  let isp = 0;
  for (let round = 0; round < 40 && !isAfter(t, end); round++) {
    // Now and then a correction (api.md v2): the last entry cancelled, a card order date or a first name corrected.
    if (chance(0.05)) {
      const which = rnd();
      if (which < 0.4)
        run(
          { type: 'CancelEntry', data: { version: state.version, reason: 'entry-error', note: 'coquille' } },
          t,
        );
      else if (which < 0.7)
        run(
          {
            type: 'CorrectFacts',
            data: {
              changes: { cardOrderDate: addDays(registration, int(0, 60)) },
              reason: 'entry-error',
              note: null,
            },
          },
          t,
        );
      else
        run(
          {
            type: 'CorrectPerson',
            data: {
              changes: { firstName: 'Nadia', ...(chance(0.5) ? { niss: null } : {}) },
              reason: 'entry-error',
              note: 'prénom mal orthographié',
            },
          },
          t,
        );
    }
    const r = rnd();
    if (state.convention !== null && r < 0.45) {
      const from = step(1, 20);
      const to = addDays(from, int(5, 45));
      if (isAfter(to, end)) break;
      t = to;
      if (citizenship < 60 && chance(0.5)) {
        const hours = Math.min(int(10, 30), 60 - citizenship) || 10;
        if (
          run(
            { type: 'RecordCitizenshipHours', data: { operator: 'CRI', from, to, hours, language: 'fr' } },
            t,
          )
        )
          citizenship += hours;
      } else if (french < 400 && manyHours) {
        const hours = int(20, 80);
        if (run({ type: 'RecordFrenchHours', data: { operator: 'ILI', from, to, hours } }, t))
          french += hours;
      } else if (isp < 4) {
        if (run({ type: 'RecordIspHours', data: { provider: 'Forem', date: to, hours: 4 } }, t)) isp += 4;
      }
    } else if (state.convention !== null && r < 0.6) {
      const attended = chance(0.75);
      run(
        {
          type: 'RecordEvaluation',
          data: {
            date: step(60, 200),
            convocation: pick(['registered-letter', 'email']),
            attended,
            absenceJustified: attended ? null : chance(0.5),
            notes: 'RAS',
          },
        },
        t,
      );
    } else if (delays && r < 0.7) {
      const kind = rnd();
      if (kind < 0.3) {
        const dueLater = addDays(t, int(100, 900));
        run(
          {
            type: 'GrantExtension',
            data: {
              decidedOn: step(1, 30),
              until: dueLater,
              reason: pick(['illness', 'work-schedule', 'other']),
              evidence: 'certificat',
            },
          },
          t,
        );
      } else if (kind < 0.55) {
        const from = step(1, 60);
        const to = addDays(from, int(10, 120));
        run(
          { type: 'StartSuspension', data: { from, to, reason: 'pregnancy', evidence: 'certificat' } },
          isAfter(to, end) ? t : t,
        );
      } else if (kind < 0.75) {
        const from = step(1, 60);
        run({ type: 'StartSuspension', data: { from, to: null, reason: 'illness', evidence: null } }, t);
        if (chance(0.6)) run({ type: 'EndSuspension', data: { to: step(5, 150) } }, t);
      } else if (kind < 0.85) {
        run(
          {
            type: 'RecordTrainingUnavailability',
            data: {
              axis: pick(['french', 'citizenship', 'isp']),
              from: step(1, 30),
              to: chance(0.5) ? addDays(t, 40) : null,
            },
          },
          t,
        );
      } else {
        run(
          {
            type: 'RecordDispense',
            data: {
              category: pick(['D2', 'D5', 'D6']),
              decidedOn: step(1, 90),
              evidence: 'attestation employeur',
            },
          },
          t,
        );
      }
    } else if (r < 0.8) {
      if (state.convention !== null && chance(0.5)) {
        run(
          {
            type: 'RecordFrenchCertification',
            data: {
              date: step(1, 60),
              level: pick(['A1', 'A2', 'B1']),
              issuer: 'Promotion sociale',
              test: null,
              oralOnly: chance(0.1),
            },
          },
          t,
        );
      }
      if (state.nationalityDossier === null && chance(0.3)) {
        run({ type: 'OpenNationalityDossier', data: { openedOn: step(1, 30) } }, t);
      } else if (state.nationalityDossier !== null) {
        run(
          {
            type: 'AttachNationalityProof',
            data: {
              kind: pick(['legal-stay', 'economic-participation', 'birth-certificate']),
              issuer: 'Commune',
              date: step(0, 20),
              reference: 'REF-1',
            },
          },
          t,
        );
      }
    } else if (r < 0.93) {
      const issuedOn = step(1, 60);
      if (run({ type: 'IssueAttestation', data: { issuedOn, attestationNumber: `ATT-${seed}` } }, t)) {
        if (chance(0.3)) run({ type: 'OpenNationalityDossier', data: { openedOn: step(1, 90) } }, t);
        break;
      }
    } else if (r < 0.96) {
      const toCri = pick(CRIS.filter((c) => c !== state.criCode));
      run(
        {
          type: 'TransferParcours',
          data: {
            toCri,
            communeCode: COMMUNE_OF[toCri],
            date: step(1, 60),
          },
        },
        t,
      );
    } else {
      run(
        {
          type: 'CloseParcours',
          data: {
            date: step(1, 90),
            reason: pick(['left-belgium', 'moved-out-of-region', 'other']),
            note: 'parti',
          },
        },
        t,
      );
      break;
    }
  }
  return { parcoursId, events, state, commandDates };
}

export function uuidFromSeed(seed: number): string {
  const rnd = prng(seed * 31 + 7);
  const hex = (n: number) =>
    Array.from({ length: n }, () =>
      Math.floor(rnd() * 16)
        .toString(16)
        .toLowerCase(),
    ).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(rnd() * 4)]}${hex(3)}-${hex(12)}`;
}
