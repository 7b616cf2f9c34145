import {
  COMMUNES_WALLONIA,
  communeValidAt,
  communesValidAt,
  criForCommune,
  currentCommuneCode,
  type CommuneRecord,
} from './communes';
import { GERMAN_SPEAKING_COMMUNES } from '../reference-data';

const countBy = (items: readonly CommuneRecord[], key: 'province' | 'cri'): Record<string, number> =>
  items.reduce<Record<string, number>>((acc, item) => {
    const k = String(item[key]);
    acc[k] = (acc[k] ?? 0) + 1;
    return acc;
  }, {});

describe('communes of Wallonia', () => {
  it('has 262 communes valid 2019–2024 and 261 from 2025', () => {
    expect(communesValidAt('2019-01-01')).toHaveLength(262);
    expect(communesValidAt('2024-12-31')).toHaveLength(262);
    expect(communesValidAt('2025-01-01')).toHaveLength(261);
    expect(communesValidAt('2018-06-01')).toHaveLength(262);
  });

  it('counts per province and per CRI (2025)', () => {
    const now = communesValidAt('2025-06-01');
    expect(countBy(now, 'province')).toEqual({
      'Brabant wallon': 27,
      Hainaut: 69,
      Liège: 84,
      Luxembourg: 43,
      Namur: 38,
    });
    expect(countBy(now, 'cri')).toEqual({
      CAI: 38,
      CRIBW: 27,
      CRILUX: 43,
      CRIPEL: 55,
      CRVI: 20,
      CRIC: 22,
      CIMB: 33,
      CERAIC: 14,
      null: 9,
    });
  });

  it('leaves the 9 German-speaking communes out of every CRI', () => {
    const out = COMMUNES_WALLONIA.filter((c) => c.cri === null).map((c) => c.code);
    expect(out.sort()).toEqual(Object.keys(GERMAN_SPEAKING_COMMUNES).sort());
  });

  it('maps old codes to the current commune', () => {
    expect(currentCommuneCode('55022')).toBe('58001');
    expect(currentCommuneCode('54007')).toBe('57096');
    expect(currentCommuneCode('82003')).toBe('82039');
    expect(currentCommuneCode('82005')).toBe('82039');
    expect(currentCommuneCode('92094')).toBe('92094');
    expect(communeValidAt('82003', '2025-01-01')).toBeUndefined();
    expect(communeValidAt('82003', '2024-12-31')?.name).toBe('Bastogne');
    expect(communeValidAt('55022', '2019-01-01')).toBeUndefined();
  });

  it('knows the CRI of a few communes', () => {
    expect(criForCommune('92094')).toBe('CAI');
    expect(criForCommune('62063')).toBe('CRIPEL');
    expect(criForCommune('63079')).toBe('CRVI');
    expect(criForCommune('52011')).toBe('CRIC');
    expect(criForCommune('53053')).toBe('CIMB');
    expect(criForCommune('58001')).toBe('CERAIC');
    expect(criForCommune('63023')).toBeNull();
  });

  it("gives each commune its main locality's postcode, not any one of its postcodes (bpost)", () => {
    const postcode = (code: string) => COMMUNES_WALLONIA.find((c) => c.code === code)?.postcode;
    expect(postcode('62063')).toBe('4000'); // Liège, not Angleur's 4031
    expect(postcode('53053')).toBe('7000'); // Mons, not Ciply's 7024
    expect(postcode('57096')).toBe('7700'); // Mouscron, not Dottignies' 7711
    expect(postcode('57081')).toBe('7500'); // Tournai, not Barry's 7534
    expect(postcode('25072')).toBe('1400'); // Nivelles
    expect(postcode('52011')).toBe('6000'); // Charleroi
    expect(postcode('92094')).toBe('5000'); // Namur
    expect(postcode('81001')).toBe('6700'); // Arlon
    expect(postcode('82039')).toBe('6600'); // Bastogne after the 2025 merger
    expect(new Set(COMMUNES_WALLONIA.map((c) => c.postcode)).size).toBeGreaterThan(250);
  });
});
