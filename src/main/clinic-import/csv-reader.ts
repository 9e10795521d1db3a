/**
 * Reads CSV as spreadsheets write it (RFC 4180): commas, double-quoted values that may hold commas,
 * doubled quotes and line breaks, CRLF or LF line ends, and the byte-order mark Excel puts first.
 * Blank lines are skipped. Each record keeps its row number as a spreadsheet shows it (the header is
 * row 1), so errors can point at the row staff will look at.
 */
export interface CsvRecord {
  row: number;
  cells: string[];
}

export class CsvError extends Error {
  override name = 'CsvError';
}

export function readCsv(text: string): CsvRecord[] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  // A quoted value that was empty still counts as a cell, and no second quote may open after it.
  let quoted = false;
  let row = 1;
  let recordRow = 1;
  let i = 0;
  const endCell = () => {
    cells.push(cell);
    cell = '';
    quoted = false;
  };
  const endRecord = () => {
    endCell();
    // A blank line is one empty cell: nothing to import, so it is not a record.
    if (!(cells.length === 1 && cells[0] === '')) records.push({ row: recordRow, cells });
    cells = [];
  };
  while (i < source.length) {
    const char = source[i];
    if (char === '"' && cell === '' && !quoted) {
      const start = row;
      i++;
      for (;;) {
        if (i >= source.length)
          throw new CsvError(`Row ${start}: a quoted value is not closed (a " is missing).`);
        const inner = source[i];
        if (inner === '"' && source[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (inner === '"') {
          i++;
          break;
        } else {
          if (inner === '\n') row++;
          cell += inner;
          i++;
        }
      }
      const next = source[i];
      if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n')
        throw new CsvError(`Row ${start}: text follows a closing " before the next comma.`);
      quoted = true;
      continue;
    }
    if (char === ',') {
      endCell();
      i++;
    } else if (char === '\r' || char === '\n') {
      endRecord();
      i += char === '\r' && source[i + 1] === '\n' ? 2 : 1;
      row++;
      recordRow = row;
    } else {
      cell += char;
      i++;
    }
  }
  if (cell !== '' || quoted || cells.length > 0) endRecord();
  return records;
}
