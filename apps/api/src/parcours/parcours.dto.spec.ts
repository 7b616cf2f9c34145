/**
 * The shape of every parcours command is checked here, at the boundary, and only here: the domain receives
 * typed commands and checks rules (docs/decisions/0015-decider-shape.md). These are the malformed inputs the
 * domain specs used to feed `decide`; each is refused with a 400 naming the field, before any rule runs.
 */
import type { Type } from '@nestjs/common';
import { fieldsRefused } from '../http/__tests__/fields-refused';
import {
  BilanSocialDto,
  ClosureDto,
  ConventionDto,
  DateDto,
  DispenseDto,
  EvaluationDto,
  ExtensionDto,
  FrenchCertificationDto,
  FrenchPositioningDto,
  IspHoursDto,
  NationalityDossierDto,
  NationalityProofDto,
  OpenParcoursDto,
  SuspensionDto,
  TrainingHoursDto,
  TrainingUnavailabilityDto,
  TransferDto,
} from './parcours.dto';

type Body = Record<string, unknown>;
const merge = (base: Body, overrides: Body): Body => {
  const out: Body = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const previous = base[key];
    out[key] =
      value !== null && typeof value === 'object' && !Array.isArray(value) && typeof previous === 'object'
        ? merge(previous as Body, value as Body)
        : value;
  }
  return out;
};

const opening: Body = {
  person: {
    lastName: 'El Amrani',
    firstName: 'Samira',
    birthDate: '1990-05-04',
    nationality: 'MA',
    sex: 'F',
  },
  criCode: 'CAI',
  communeCode: '92094',
  communeRegistrationDate: '2025-02-15',
  cardOrderDate: '2025-03-10',
  legalStaySince: '2025-01-20',
  residencePermit: { type: 'A', validUntil: '2030-03-10' },
  flags: { euFamilyMember: false, temporaryProtection: false, internationalProtectionApplicant: false },
};

describe('parcours command bodies: shape is checked at the boundary', () => {
  it('accepts the valid bodies used below as the base of each case', async () => {
    expect(await fieldsRefused(OpenParcoursDto, opening)).toEqual([]);
    expect(await fieldsRefused(DateDto, { date: '2025-04-01' })).toEqual([]);
    expect(
      await fieldsRefused(TrainingHoursDto, {
        operator: 'Lire et Écrire',
        from: '2025-06-01',
        to: '2025-06-30',
        hours: 48,
      }),
    ).toEqual([]);
  });

  it.each([
    ['malformed birth date', { person: { birthDate: '04/05/1990' } }, 'person.birthDate'],
    ['malformed registration date', { communeRegistrationDate: '2025-02-30' }, 'communeRegistrationDate'],
    ['malformed card order date', { cardOrderDate: '2025-3-10' }, 'cardOrderDate'],
    ['malformed legal stay date', { legalStaySince: 'hier' }, 'legalStaySince'],
    [
      'malformed permit validity',
      { residencePermit: { type: 'A', validUntil: '2030-13-01' } },
      'residencePermit.validUntil',
    ],
    ['empty last name', { person: { lastName: '  ' } }, 'person.lastName'],
    ['missing first name', { person: { firstName: undefined } }, 'person.firstName'],
    ['nationality not ISO alpha-2', { person: { nationality: 'MAR' } }, 'person.nationality'],
    // The domain used to upper-case it; the DTO's stricter rule (upper case only) is kept (docs/rules.md).
    ['nationality in lower case', { person: { nationality: 'de' } }, 'person.nationality'],
    ['sex outside F, M, X', { person: { sex: 'female' } }, 'person.sex'],
    ['last name over 100 characters', { person: { lastName: 'A'.repeat(101) } }, 'person.lastName'],
    ['NISS with a wrong check digit', { person: { niss: '90050400159' } }, 'person.niss'],
    ['NISS not 11 digits', { person: { niss: '900504001' } }, 'person.niss'],
    // python-stdnum's vectors (libs/parcours/src/reference/niss.spec.ts): months 13 and 33 do not exist.
    ['NISS with month 13', { person: { niss: '85133000105', birthDate: '1985-01-30' } }, 'person.niss'],
    ['BIS number with month 33', { person: { niss: '85333000148', birthDate: '1985-01-30' } }, 'person.niss'],
    [
      'NISS of another birth date',
      { person: { niss: '17073003384', birthDate: '1985-07-30' } },
      'person.niss',
    ],
    ['unknown CRI', { criCode: 'CRIX' }, 'criCode'],
    ['commune code not 5 digits', { communeCode: '9209' }, 'communeCode'],
    ['flag not a boolean', { flags: { temporaryProtection: 'yes' } }, 'flags.temporaryProtection'],
  ])('opening: refuses %s', async (_label, overrides, field) => {
    expect(await fieldsRefused(OpenParcoursDto, merge(opening, overrides))).toContain(field);
  });

  it.each([
    ['dotted', '90.05.04-001.58', '1990-05-04'],
    ['spaced', '90 05 04 001 58', '1990-05-04'],
    ['BIS with an unknown day', '85473500193', '1985-07-12'],
    ['with no known birth date', '00000100166', '1990-05-04'],
  ])('opening: accepts a %s NISS', async (_label, niss, birthDate) => {
    expect(await fieldsRefused(OpenParcoursDto, merge(opening, { person: { niss, birthDate } }))).toEqual([]);
  });

  const hours = { operator: 'Lire et Écrire', from: '2025-06-01', to: '2025-06-30', hours: 48 };
  it.each<[string, Type, Body, string]>([
    ['a malformed presentation date', DateDto, { date: '2025-04-31' }, 'date'],
    [
      'needs that are not a list of texts',
      BilanSocialDto,
      { date: '2025-04-08', needs: 'logement' },
      'needs',
    ],
    ['an unknown positioning level', FrenchPositioningDto, { date: '2025-04-08', level: 'A3' }, 'level'],
    ['a convention without includesFrench', ConventionDto, { signedOn: '2025-05-15' }, 'includesFrench'],
    ['0 hours', TrainingHoursDto, { ...hours, hours: 0 }, 'hours'],
    ['-3 hours', TrainingHoursDto, { ...hours, hours: -3 }, 'hours'],
    ['NaN hours', TrainingHoursDto, { ...hours, hours: Number.NaN }, 'hours'],
    ['Infinity hours', TrainingHoursDto, { ...hours, hours: Number.POSITIVE_INFINITY }, 'hours'],
    ['hours without an operator', TrainingHoursDto, { ...hours, operator: '' }, 'operator'],
    [
      'ISP hours without a provider',
      IspHoursDto,
      { date: '2025-06-10', hours: 4, provider: ' ' },
      'provider',
    ],
    [
      'an unknown certified level',
      FrenchCertificationDto,
      { date: '2025-12-01', level: 'B3', issuer: 'Promotion sociale' },
      'level',
    ],
    [
      'a certification without issuer',
      FrenchCertificationDto,
      { date: '2025-12-01', level: 'A2', issuer: '' },
      'issuer',
    ],
    [
      'an unknown convocation mode',
      EvaluationDto,
      { date: '2025-11-10', convocation: 'phone', attended: true },
      'convocation',
    ],
    [
      'a non-boolean attendance',
      EvaluationDto,
      { date: '2025-11-10', convocation: 'email', attended: 'yes' },
      'attended',
    ],
    [
      'an unknown dispense category',
      DispenseDto,
      { category: 'D12', decidedOn: '2025-09-01', evidence: 'certificat' },
      'category',
    ],
    [
      'a dispense without evidence',
      DispenseDto,
      { category: 'D2', decidedOn: '2025-09-01', evidence: '' },
      'evidence',
    ],
    [
      'an unknown extension reason',
      ExtensionDto,
      { decidedOn: '2026-05-02', until: '2028-09-10', reason: 'holiday' },
      'reason',
    ],
    [
      'a malformed new deadline',
      ExtensionDto,
      { decidedOn: '2026-05-02', until: '2028-09-31', reason: 'other' },
      'until',
    ],
    ['an unknown suspension reason', SuspensionDto, { from: '2026-03-01', reason: 'vacances' }, 'reason'],
    ['an unknown training axis', TrainingUnavailabilityDto, { axis: 'maths', from: '2025-06-01' }, 'axis'],
    [
      'a transfer to an unknown CRI',
      TransferDto,
      { toCri: 'XYZ', communeCode: '62063', date: '2025-09-01' },
      'toCri',
    ],
    [
      'a transfer to a bad commune code',
      TransferDto,
      { toCri: 'CRIPEL', communeCode: '6206', date: '2025-09-01' },
      'communeCode',
    ],
    ['an unknown closure reason', ClosureDto, { date: '2025-09-01', reason: 'bored' }, 'reason'],
    [
      'an unsupported nationality basis',
      NationalityDossierDto,
      { openedOn: '2026-04-15', basis: '12bis-1-3' },
      'basis',
    ],
    [
      'an unknown proof kind',
      NationalityProofDto,
      { kind: 'passport', issuer: 'Consulat', date: '2026-04-15' },
      'kind',
    ],
    [
      'a proof without issuer',
      NationalityProofDto,
      { kind: 'legal-stay', issuer: '', date: '2026-04-15' },
      'issuer',
    ],
  ])('refuses %s', async (_label, dto, body, field) => {
    expect(await fieldsRefused(dto, body)).toContain(field);
  });
});
