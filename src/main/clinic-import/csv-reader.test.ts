import { describe, expect, it } from 'vitest';
import { CsvError, readCsv } from './csv-reader';

describe('readCsv', () => {
  it('reads quoted values holding commas, doubled quotes and line breaks, with CRLF line ends', () => {
    const text = 'a,b,c\r\n"Unit 2, Car Park","She said ""hi""","two\r\nlines"\r\nx,,z\r\n';
    expect(readCsv(text)).toEqual([
      { row: 1, cells: ['a', 'b', 'c'] },
      { row: 2, cells: ['Unit 2, Car Park', 'She said "hi"', 'two\r\nlines'] },
      { row: 4, cells: ['x', '', 'z'] },
    ]);
  });

  it('drops the byte-order mark Excel writes, reads LF and lone CR line ends, and skips blank lines', () => {
    expect(readCsv('\uFEFFname,sex\n\nJo,female\rAl,male')).toEqual([
      { row: 1, cells: ['name', 'sex'] },
      { row: 3, cells: ['Jo', 'female'] },
      { row: 4, cells: ['Al', 'male'] },
    ]);
  });

  it('keeps an empty quoted value as a cell, including at the end of the file', () => {
    expect(readCsv('a,""\n"",b\n""')).toEqual([
      { row: 1, cells: ['a', ''] },
      { row: 2, cells: ['', 'b'] },
    ]);
  });

  it('keeps formula-looking cells as text for the row checks to refuse', () => {
    expect(readCsv('=HYPERLINK("x"),+1,-2,@SUM(A1)')[0]?.cells).toEqual([
      '=HYPERLINK("x")',
      '+1',
      '-2',
      '@SUM(A1)',
    ]);
  });

  it('names the row of a quote that is never closed or is followed by text', () => {
    expect(() => readCsv('a,b\nc,"open\nstill open')).toThrow(
      new CsvError('Row 2: a quoted value is not closed (a " is missing).'),
    );
    expect(() => readCsv('a\n"closed"junk,b')).toThrow(
      new CsvError('Row 2: text follows a closing " before the next comma.'),
    );
  });
});
