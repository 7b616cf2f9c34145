/**
 * Test vectors copied from python-stdnum (arthurdejong/python-stdnum, commit 006192e,
 * `stdnum/be/nn.py`, `stdnum/be/bis.py`, `tests/test_be_nn.doctest`, `tests/test_be_bis.doctest`):
 * an implementation nobody here wrote. Each row: the number as written there, what stdnum answers.
 */
import { compactNiss, nissProblemFr, readNiss, type NissBirth } from './niss';

const YEAR = 2026;
const birth = (year: number | null, month: number | null = null, day: number | null = null): NissBirth => ({
  year,
  month,
  day,
});

describe('NISS against the python-stdnum vectors', () => {
  it.each<[string, 'national' | 'bis', NissBirth]>([
    // nn.py / test_be_nn.doctest
    ['85.07.30-033 28', 'national', birth(1985, 7, 30)],
    ['85 07 30 033 28', 'national', birth(1985, 7, 30)],
    ['17 07 30 033 84', 'national', birth(2017, 7, 30)],
    ['75.06.08-980.09', 'national', birth(1975, 6, 8)],
    ['00000100166', 'national', birth(null)],
    ['00000100195', 'national', birth(null)],
    ['00000000128', 'national', birth(2000)],
    ['00010000135', 'national', birth(2000, 1)],
    ['85073500107', 'national', birth(1985, 7)],
    // bis.py / test_be_bis.doctest
    ['75.46.08-980.95', 'bis', birth(1975, 6, 8)],
    ['01 49 07 001 85', 'bis', birth(2001, 9, 7)],
    ['98.47.28-997.65', 'bis', birth(1998, 7, 28)],
    ['00400100155', 'bis', birth(null)],
    ['00200100112', 'bis', birth(null)],
    ['00400100184', 'bis', birth(null)],
    ['00200100141', 'bis', birth(null)],
    ['00400000117', 'bis', birth(2000)],
    ['00200000171', 'bis', birth(2000)],
    ['00410000124', 'bis', birth(2000, 1)],
    ['00210000178', 'bis', birth(2000, 1)],
    ['85473500193', 'bis', birth(1985, 7)],
    ['85273500150', 'bis', birth(1985, 7)],
  ])('%s is a possible %s number, born %j', (value, kind, expected) => {
    const reading = readNiss(value, YEAR);
    expect(reading).toMatchObject({ ok: true, kind, birth: expected, compact: compactNiss(value) });
  });

  it.each<[string, 'checksum' | 'month']>([
    ['12345678901', 'checksum'],
    ['85133000105', 'month'], // month 13
    ['85533000191', 'month'], // BIS month 53
    ['85333000148', 'month'], // BIS month 33
  ])('%s is refused (%s)', (value, refusal) => {
    expect(readNiss(value, YEAR)).toEqual({ ok: false, refusal });
  });

  it('reads the sex as stdnum does: odd serial a man; a BIS number only when 40 was added', () => {
    expect(readNiss('85.07.30-033 28', YEAR)).toMatchObject({ sex: 'M' });
    expect(readNiss('75.06.08-980.09', YEAR)).toMatchObject({ sex: 'F' });
    expect(readNiss('98.47.28-997.65', YEAR)).toMatchObject({ sex: 'M' });
    expect(readNiss('75.46.08-980.95', YEAR)).toMatchObject({ sex: 'F' });
    expect(readNiss('00200100112', YEAR)).toMatchObject({ sex: null });
  });
});

describe('the post-2000 rule only for a year that has come', () => {
  it('a 2017 birth is possible in 2026, not in 2016', () => {
    expect(readNiss('17073003384', 2026).ok).toBe(true);
    expect(readNiss('17073003384', 2016)).toEqual({ ok: false, refusal: 'checksum' });
  });

  it('refuses a number whose check digits only fit a birth in a year to come (issue #15: 99030711261)', () => {
    expect(readNiss('99030711261', 2026)).toEqual({ ok: false, refusal: 'checksum' });
  });
});

describe('the format', () => {
  it.each(['', '1234567890', '123456789012', '8507300332a', '00000000000'])('%j is refused', (value) => {
    expect(readNiss(value, YEAR)).toEqual({ ok: false, refusal: 'format' });
  });
});

describe('agreement with the birth date', () => {
  it('refuses 17073003384 for a person born on 1985-07-30, naming the date the number holds (issue #15)', () => {
    expect(nissProblemFr('17073003384', YEAR, '1985-07-30')).toBe(
      'NISS : ne correspond pas à la date de naissance (le numéro indique 30/07/2017)',
    );
    expect(nissProblemFr('85073003328', YEAR, '1985-07-30')).toBeNull();
  });

  it('compares only what the number encodes', () => {
    expect(nissProblemFr('85073500107', YEAR, '1985-07-12')).toBeNull(); // day unknown
    expect(nissProblemFr('85073500107', YEAR, '1985-08-12')).toMatch(/07\/1985/);
    expect(nissProblemFr('00000000128', YEAR, '2000-11-03')).toBeNull(); // year only
    expect(nissProblemFr('00000100166', YEAR, '1962-02-14')).toBeNull(); // nothing known
    expect(nissProblemFr('75.46.08-980.95', YEAR, '1975-06-08')).toBeNull(); // BIS
  });

  it('gives the refusal in French', () => {
    expect(nissProblemFr('85133000105', YEAR)).toMatch(/^NISS : numéro impossible, le mois/);
    expect(nissProblemFr('12345678901', YEAR)).toMatch(/^NISS : clé de contrôle invalide/);
  });
});

describe('every number with valid check digits', () => {
  it('is possible exactly when its month is 0–12, 20–32 or 40–52 (10 000 numbers)', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    let accepted = 0;
    for (let i = 0; i < 10_000; i++) {
      const first9 = String(Math.floor(random() * 1e9)).padStart(9, '0');
      const number = `${first9}${String(97 - (Number(first9) % 97)).padStart(2, '0')}`;
      const month = Number(first9.slice(2, 4));
      const possibleMonth = month <= 12 || (month >= 20 && month <= 32) || (month >= 40 && month <= 52);
      const reading = readNiss(number, YEAR);
      if (reading.ok) accepted++;
      if (Number(number) === 0) continue;
      expect(reading.ok).toBe(possibleMonth);
    }
    expect(accepted).toBeGreaterThan(3_000);
    expect(accepted).toBeLessThan(4_500);
  });
});
