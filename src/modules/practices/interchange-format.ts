import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { createCsvStringifier, restoreFormula } from '../../core/csv.ts';
import type { FieldProblem } from '../../core/errors.ts';
import { type PracticeRecord, RECORD_FIELDS, SECTION_KEYS } from './practice.model.ts';

/**
 * Practice interchange format v1 on the wire: a JSON array, NDJSON (one record per line), or CSV
 * with the same columns. Readers yield raw records (or a per-record parse error) with their
 * 1-based number; the validator decides what they mean. See docs/interchange.md.
 */
export const FORMATS = ['json', 'ndjson', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export interface RawRecord {
  /** 1-based position of the record in the file. */
  number: number;
  value?: unknown;
  error?: FieldProblem;
}

export class FileFormatError extends Error {}

export const CSV_COLUMNS = [
  ...RECORD_FIELDS.filter((f) => f !== 'sections' && f !== 'translations' && f !== 'illustrative'),
  ...SECTION_KEYS.map((k) => `sections.${k}`),
  'translations',
  'illustrative',
] as const;

const LIST_COLUMNS = ['themes', 'target_groups', 'actor_type', 'gcm_objectives', 'sdg_targets'];

export function formatFromPath(file: string): Format | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.json')) return 'json';
  return undefined;
}

/** Guesses the format from the first non-blank character when the file name does not tell. */
export async function sniffFormat(file: string): Promise<Format> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const start = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart();
    if (start.startsWith('[')) return 'json';
    if (start.startsWith('{')) return 'ndjson';
    return 'csv';
  } finally {
    await handle.close();
  }
}

export async function* readRecords(file: string, format: Format): AsyncGenerator<RawRecord> {
  if (format === 'json') {
    yield* readJsonArray(file);
  } else if (format === 'ndjson') {
    yield* readNdjson(createReadStream(file, 'utf8'));
  } else {
    yield* readCsv(createReadStream(file));
  }
}

async function* readJsonArray(file: string): AsyncGenerator<RawRecord> {
  const chunks: string[] = [];
  for await (const chunk of createReadStream(file, 'utf8')) chunks.push(chunk as string);
  let data: unknown;
  try {
    data = JSON.parse(chunks.join('').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new FileFormatError(`file: not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(data))
    throw new FileFormatError('file: a JSON file must hold an array of practice records');
  let number = 0;
  for (const value of data) yield { number: ++number, value };
}

export async function* readNdjson(input: Readable): AsyncGenerator<RawRecord> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    const text = lineNumber === 1 ? line.replace(/^\uFEFF/, '') : line;
    if (text.trim() === '') continue;
    number++;
    try {
      yield { number, value: JSON.parse(text) };
    } catch (error) {
      yield {
        number,
        error: {
          field: `line ${lineNumber}`,
          message: `not valid JSON (${(error as Error).message})`,
        },
      };
    }
  }
}

export async function* readCsv(input: Readable): AsyncGenerator<RawRecord> {
  const parser = input.pipe(
    parseCsv({ columns: true, bom: true, skip_empty_lines: true, relax_quotes: false }),
  );
  let number = 0;
  try {
    for await (const row of parser) {
      number++;
      try {
        yield { number, value: csvRowToRecord(row as Record<string, string>) };
      } catch (error) {
        yield {
          number,
          error: {
            field: (error as CellError).field ?? 'record',
            message: (error as Error).message,
          },
        };
      }
    }
  } catch (error) {
    throw new FileFormatError(`file: not valid CSV (${(error as Error).message})`);
  }
}

class CellError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Splits a cell on each unescaped separator, keeping escapes for the next level to read; a
 * backslash escapes the character after it.
 *
 *   splitRaw('a\\;b;c', ';')          // ['a\\;b', 'c']
 *   splitEscaped('a\\;b;c', ';')      // ['a;b', 'c']
 */
export function splitRaw(cell: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < cell.length; i++) {
    const ch = cell[i];
    if (ch === '\\' && i + 1 < cell.length) {
      current += ch + cell[++i];
    } else if (ch === separator) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

export function unescapeItem(text: string): string {
  return text.replace(/\\(.)/gs, '$1').trim();
}

export function splitEscaped(cell: string, separator: string): string[] {
  return splitRaw(cell, separator).map(unescapeItem);
}

export function escapeItem(text: string, separators: string): string {
  let out = '';
  for (const ch of text) out += ch === '\\' || separators.includes(ch) ? `\\${ch}` : ch;
  return out;
}

function csvRowToRecord(row: Record<string, string>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const sections: Record<string, string> = {};
  for (const [column, rawCell] of Object.entries(row)) {
    // Exports put an apostrophe before a cell a spreadsheet would run as a formula.
    const cell = restoreFormula(rawCell ?? '');
    if (cell.trim() === '') continue;
    if (column.startsWith('sections.')) {
      sections[column.slice('sections.'.length)] = cell;
    } else if (LIST_COLUMNS.includes(column)) {
      record[column] = splitEscaped(cell, ';').filter(Boolean);
    } else if (column === 'organisations') {
      record.organisations = cell.trim().startsWith('[')
        ? parseJsonCell(column, cell)
        : splitRaw(cell, ';')
            .filter((item) => item.trim() !== '')
            .map((item) => {
              const [name, type, role, website] = splitEscaped(item, '|');
              return {
                name,
                type: type || undefined,
                role: role || undefined,
                website: website || undefined,
              };
            });
    } else if (column === 'sources') {
      record.sources = cell.trim().startsWith('[')
        ? parseJsonCell(column, cell)
        : splitRaw(cell, ';')
            .filter((item) => item.trim() !== '')
            .map((item) => {
              const parts = splitEscaped(item, '|');
              return parts.length === 1
                ? { url: parts[0] }
                : { title: parts[0] || undefined, url: parts[1] };
            });
    } else if (column === 'translations' || column === 'sections') {
      record[column] = parseJsonCell(column, cell);
    } else {
      record[column] = cell;
    }
  }
  if (Object.keys(sections).length > 0)
    record.sections = { ...(record.sections as object), ...sections };
  return record;
}

function parseJsonCell(column: string, cell: string): unknown {
  try {
    return JSON.parse(cell);
  } catch {
    throw new CellError(column, 'is not valid JSON');
  }
}

function recordToCsvRow(record: PracticeRecord): (string | number)[] {
  const list = (items: readonly (string | number)[]) =>
    items.map((i) => escapeItem(String(i), ';')).join(';');
  return CSV_COLUMNS.map((column) => {
    if (column.startsWith('sections.'))
      return record.sections[column.slice(9) as keyof PracticeRecord['sections']] ?? '';
    switch (column) {
      case 'themes':
      case 'target_groups':
      case 'actor_type':
      case 'gcm_objectives':
      case 'sdg_targets':
        return list(record[column]);
      case 'organisations':
        return record.organisations
          .map((o) =>
            [o.name, o.type ?? '', o.role, o.website ?? '']
              .map((p) => escapeItem(p, ';|'))
              .join('|')
              .replace(/\|+$/, ''),
          )
          .join(';');
      case 'sources':
        return record.sources
          .map((s) => [s.title ?? '', s.url].map((p) => escapeItem(p, ';|')).join('|'))
          .join(';');
      case 'translations':
        return Object.keys(record.translations).length > 0
          ? JSON.stringify(record.translations)
          : '';
      case 'illustrative':
        return record.illustrative ? 'true' : 'false';
      default: {
        const value = record[column as keyof PracticeRecord];
        if (typeof value === 'number') return value;
        return value === null || value === undefined ? '' : String(value);
      }
    }
  });
}

export interface RecordWriter {
  write(record: PracticeRecord): Promise<void>;
  end(): Promise<void>;
}

async function writeChunk(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** Writes records to `out` one at a time, waiting for the stream to drain: constant memory. */
export function createRecordWriter(format: Format, out: Writable): RecordWriter {
  if (format === 'ndjson') {
    return {
      write: (record) => writeChunk(out, `${JSON.stringify(record)}\n`),
      end: async () => undefined,
    };
  }
  if (format === 'json') {
    let first = true;
    return {
      async write(record) {
        const body = JSON.stringify(record, null, 2).replace(/\n/g, '\n  ');
        await writeChunk(out, `${first ? '[\n  ' : ',\n  '}${body}`);
        first = false;
      },
      end: () => writeChunk(out, first ? '[]\n' : '\n]\n'),
    };
  }
  const csv = createCsvStringifier(CSV_COLUMNS);
  csv.on('data', (chunk: Buffer) => {
    if (!out.write(chunk)) csv.pause();
  });
  out.on('drain', () => csv.resume());
  return {
    async write(record) {
      if (!csv.write(recordToCsvRow(record))) await once(csv, 'drain');
    },
    async end() {
      // csv-stringify writes the header row by itself, even for a file without records.
      const finished = once(csv, 'end');
      csv.end();
      await finished;
    },
  };
}
