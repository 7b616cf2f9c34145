import { csvCell, csvLine, parseCsv, toCsv } from './csv';

describe('CSV for Excel', () => {
  it('writes a BOM, « ; » separators and CRLF line ends', () => {
    const text = toCsv(['Nom', 'Prénom'], [['Dupré', 'Élodie']]);
    expect(text).toBe('\uFEFFNom;Prénom\r\nDupré;Élodie\r\n');
  });

  it('quotes cells holding ; " line breaks or edge spaces, doubling quotes', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('il a dit "oui"')).toBe('"il a dit ""oui"""');
    expect(csvCell('ligne 1\nligne 2')).toBe('"ligne 1\nligne 2"');
    expect(csvCell('x\r\ny')).toBe('"x\r\ny"');
    expect(csvCell(' espace')).toBe('" espace"');
    expect(csvCell('simple')).toBe('simple');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('writes numbers with a decimal comma and neutralises formulas', () => {
    expect(csvCell(42.5)).toBe('42,5');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+32 81 00 00 00')).toBe("'+32 81 00 00 00");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('reads back what it writes', () => {
    const rows = [
      ['Dossier', 'Explication'],
      ['a;b', 'ligne 1\nligne 2 ; « guillemets » "doubles"'],
      ['', 'fin '],
    ];
    expect(parseCsv(toCsv(rows[0], rows.slice(1)))).toEqual(rows);
    expect(csvLine(['x', 'y'])).toBe('x;y\r\n');
  });
});
