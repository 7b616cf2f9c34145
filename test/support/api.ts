import type TestAgent from 'supertest/lib/agent';
import type { Response } from 'supertest';

/** Logs demo users in once per test file and sends authenticated requests. */
export class Api {
  private readonly tokens = new Map<string, string>();

  constructor(private readonly http: TestAgent) {}

  async token(username: string): Promise<string> {
    const cached = this.tokens.get(username);
    if (cached) return cached;
    const res = await this.http.post('/api/auth/login').send({ username, password: 'demo' });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    this.tokens.set(username, res.body.accessToken);
    return res.body.accessToken as string;
  }

  async post(
    username: string,
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const req = this.http.post(path).set('Authorization', `Bearer ${await this.token(username)}`);
    for (const [k, v] of Object.entries(headers)) req.set(k, v);
    return req.send(body as object);
  }

  async get(username: string, path: string): Promise<Response> {
    return this.http.get(path).set('Authorization', `Bearer ${await this.token(username)}`);
  }
}

/** A person who must follow the parcours (obliged): Syrian adult, card ordered in 2025 (3-year regime). */
export const obligedPerson = (overrides: Record<string, unknown> = {}) => ({
  person: {
    lastName: 'Haddad',
    firstName: 'Samira',
    birthDate: '1990-04-12',
    nationality: 'SY',
    niss: undefined,
    sex: 'F',
    contactLanguage: 'ar',
  },
  criCode: 'CAI',
  communeCode: '92094',
  communeRegistrationDate: '2026-02-02',
  cardOrderDate: '2026-02-10',
  legalStaySince: '2025-11-15',
  residencePermit: { type: 'carte A', validUntil: '2027-02-10' },
  flags: { euFamilyMember: false, temporaryProtection: false, internationalProtectionApplicant: false },
  ...overrides,
});

/** A valid NISS (checksum mod 97) for a birth date, with a sequence number; born ≥ 2000 uses the "2" prefix rule. */
export const nissFor = (birthDate: string, sequence: number): string => {
  const [y, m, d] = birthDate.split('-');
  const base = `${y.slice(2)}${m}${d}${String(sequence).padStart(3, '0')}`;
  const n = Number(base);
  const check = 97 - ((Number(y) >= 2000 ? 2_000_000_000 + n : n) % 97);
  return `${base}${String(check).padStart(2, '0')}`;
};

/**
 * Every step of an obliged person's case (opened with obligedPerson) up to the point where the attestation can be
 * issued on 02/11/2026: accueil, convention, 60 h of citizenship, 4 h of ISP, 400 h of French.
 */
export const ATTESTABLE_STEPS: ReadonlyArray<readonly [string, unknown]> = [
  ['presentation', { date: '2026-02-20' }],
  ['accueil/rights-and-duties', { date: '2026-03-02' }],
  ['accueil/bilan-social', { date: '2026-03-02' }],
  ['french/positioning', { date: '2026-03-03', level: 'A1' }],
  [
    'convention',
    { signedOn: '2026-03-10', includesFrench: true, includesIsp: true, citizenshipLanguage: 'ar' },
  ],
  ['citizenship/hours', { operator: 'CAI', from: '2026-03-15', to: '2026-05-15', hours: 60, language: 'ar' }],
  ['isp/hours', { provider: 'Forem', date: '2026-04-02', hours: 4 }],
  ['french/hours', { operator: 'Lire et Écrire Namur', from: '2026-03-15', to: '2026-10-30', hours: 400 }],
];
