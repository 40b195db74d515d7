import { parse, type CsvError } from 'csv-parse/sync';

export interface VolunteerCsvRow {
  rowNumber: number;
  name: string;
  phone: string;
  languages: string[];
  zones: string[];
  skills: string[];
}

export interface CsvRowError {
  row: number;
  field: string;
  message: string;
}

const COLUMNS = ['name', 'phone', 'languages', 'zones', 'skills'] as const;
type Column = (typeof COLUMNS)[number];

const LANGUAGE_ALIASES: Record<string, string> = {
  english: 'en',
  inglés: 'en',
  ingles: 'en',
  spanish: 'es',
  español: 'es',
  espanol: 'es',
  french: 'fr',
  français: 'fr',
  hmong: 'hmn',
  arabic: 'ar',
  somali: 'so',
  portuguese: 'pt',
};

/**
 * Reads the network's volunteer spreadsheet, exported as CSV.
 *
 * Format:
 * - The first row is a header naming the columns `name`, `phone`, `languages`, `zones` and `skills`, in any order
 *   and any letter case; extra columns are ignored. A UTF-8 byte-order mark and Windows line endings are fine.
 * - One volunteer per row. `name` and `phone` must not be empty; the phone is validated later, on import.
 * - `languages`, `zones` and `skills` hold several values separated by `;` or `|` (or `,` inside a quoted cell):
 *   `en; es`, `SOUTHSIDE|BAYVIEW`, `"driver, has car"`.
 *   - languages are codes (`en`, `es`) or English/Spanish names (`English`, `Español`, `Spanish`), lower-cased;
 *   - zones are zone codes, upper-cased (`southside` → `SOUTHSIDE`);
 *   - skills are upper-cased with spaces and dashes turned into underscores (`rapid response` → `RAPID_RESPONSE`).
 * - Blank rows are skipped. Rows are numbered as the spreadsheet shows them: the header is row 1.
 *
 * Problems come back as errors with the row and column; a row with an error is left out of `rows`. Messages never
 * repeat cell contents, so they can be logged.
 */
export function parseVolunteerCsv(csv: string): { rows: VolunteerCsvRow[]; errors: CsvRowError[] } {
  const records: { row: number; cells: string[] }[] = [];
  const errors: CsvRowError[] = [];
  parse(csv, {
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    // Blank lines stay records so that `records` counts rows the way the spreadsheet numbers them.
    on_record: (cells: string[], { records: row }) => {
      if (cells.some((cell) => cell.trim() !== '')) records.push({ row, cells });
      return null;
    },
    on_skip: (error) => {
      errors.push(malformedRowError(error));
    },
  });

  const [header, ...data] = records;
  const columnIndexes = header ? indexColumns(header.cells) : new Map<Column, number>();
  const missing = COLUMNS.filter((column) => !columnIndexes.has(column));
  if (missing.length > 0) {
    const headerRow = header?.row ?? 1;
    const missingErrors = missing.map((field) => ({
      row: headerRow,
      field,
      message: `missing column "${field}"`,
    }));
    return { rows: [], errors: [...missingErrors, ...errors] };
  }

  const rows: VolunteerCsvRow[] = [];
  for (const { row, cells } of data) {
    const cell = (column: Column) => (cells[columnIndexes.get(column)!] ?? '').trim();
    const name = cell('name');
    const phone = cell('phone');
    if (!name) errors.push({ row, field: 'name', message: 'name is required' });
    if (!phone) errors.push({ row, field: 'phone', message: 'phone is required' });
    if (!name || !phone) continue;
    rows.push({
      rowNumber: row,
      name,
      phone,
      languages: splitValues(cell('languages'), normalizeLanguage),
      zones: splitValues(cell('zones'), (zone) => zone.toUpperCase()),
      skills: splitValues(cell('skills'), (skill) => skill.toUpperCase().replace(/[\s-]+/g, '_')),
    });
  }
  errors.sort((a, b) => a.row - b.row);
  return { rows, errors };
}

function indexColumns(headerCells: string[]): Map<Column, number> {
  const indexes = new Map<Column, number>();
  headerCells.forEach((title, index) => {
    const column = COLUMNS.find((known) => known === title.trim().toLowerCase());
    if (column && !indexes.has(column)) indexes.set(column, index);
  });
  return indexes;
}

function splitValues(cell: string, normalize: (value: string) => string): string[] {
  const values = cell
    .split(/[;|,]/)
    .map((value) => value.trim())
    .filter((value) => value !== '')
    .map(normalize);
  return [...new Set(values)];
}

function normalizeLanguage(language: string): string {
  const lower = language.normalize('NFC').toLowerCase();
  return LANGUAGE_ALIASES[lower] ?? lower;
}

function malformedRowError(error: CsvError | undefined): CsvRowError {
  // `records` counts the rows completed before the broken one.
  const completed = typeof error?.records === 'number' ? error.records : 0;
  const message =
    error?.code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'malformed CSV: a quoted cell is never closed'
      : 'malformed CSV row';
  return { row: completed + 1, field: 'csv', message };
}
