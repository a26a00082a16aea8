import ExcelJS from 'exceljs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createCsvStringifier } from '../csv.ts';
import { directionOf } from '../i18n/locales.ts';
import { routeRateLimit } from './rate-limit-store.ts';
import type { TypedApp } from './typed-app.ts';

/**
 * The downloads of a list page, for people who work in a spreadsheet: the rows the page's filters
 * and words select (every page of them, up to DOWNLOAD_MAX_ROWS), with column names and values in
 * the reader's language. Each list page registers its two files with `tabularDownloadRoutes` and
 * shows `DownloadBlock` (views/components/DownloadBlock.tsx); the machine formats (the API, the
 * interchange exports, feeds) stay as they are.
 */

/** More rows than any city's question needs, few enough to build in memory at once. */
export const DOWNLOAD_MAX_ROWS = 5000;

export const DOWNLOAD_FORMATS = ['csv', 'xlsx'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

export type Cell = string | number | null;

export interface Table {
  /** Column names, already in the reader's language. */
  columns: string[];
  rows: Cell[][];
}

/** The byte-order mark without which Excel reads UTF-8 as its local code page (accents, Arabic). */
const BOM = '\uFEFF';

const MEDIA_TYPES: Record<DownloadFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export async function tableToCsv(table: Table): Promise<string> {
  const stringifier = createCsvStringifier(table.columns);
  const chunks: string[] = [];
  stringifier.on('data', (chunk: Buffer | string) => chunks.push(String(chunk)));
  const done = new Promise<void>((resolve, reject) => {
    stringifier.on('end', resolve);
    stringifier.on('error', reject);
  });
  for (const row of table.rows) stringifier.write(row.map((cell) => cell ?? ''));
  stringifier.end();
  await done;
  return BOM + chunks.join('');
}

/**
 * An XLSX workbook of one sheet. Text goes in as text cells, which a spreadsheet never runs as a
 * formula, so no apostrophe is needed as in CSV; a sheet in a right-to-left language reads from
 * the right.
 */
export async function tableToXlsx(table: Table, sheetName: string, locale: string) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetTitle(sheetName), {
    views: [{ state: 'frozen', ySplit: 1, rightToLeft: directionOf(locale) === 'rtl' }],
  });
  sheet.addRow(table.columns).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map((cell) => cell ?? ''));
  table.columns.forEach((name, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = Math.min(60, Math.max(10, name.length + 2));
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// Excel refuses a sheet name longer than 31 characters or holding any of : \ / ? * [ ].
function sheetTitle(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet';
}

export async function sendTable(
  reply: FastifyReply,
  table: Table,
  { format, fileName, sheetName, locale }: TableFile & { format: DownloadFormat; locale: string },
): Promise<FastifyReply> {
  const body =
    format === 'csv' ? await tableToCsv(table) : await tableToXlsx(table, sheetName, locale);
  return reply
    .header('content-type', MEDIA_TYPES[format])
    .header('content-disposition', `attachment; filename="${fileName}.${format}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

interface TableFile {
  /** The file's name without extension: ASCII, the same in every language. */
  fileName: string;
  /** The sheet's name in the reader's language. */
  sheetName: string;
}

/**
 * `<path>.csv` and `<path>.xlsx`, answering the same query string as the page at `path`, which
 * `table` reads (paging parameters are accepted and ignored: the file holds every page).
 */
export function tabularDownloadRoutes<Q>(
  app: TypedApp,
  path: string,
  options: {
    querystring: unknown;
    table: (request: FastifyRequest & { query: Q }) => Promise<Table & TableFile>;
  },
): void {
  for (const format of DOWNLOAD_FORMATS)
    app.get(
      `${path}.${format}`,
      {
        config: {
          access: 'public',
          rateLimit: routeRateLimit(app.config, app.config.searchRateLimitPerMinute),
        },
        // biome-ignore lint/suspicious/noExplicitAny: each page passes its own query schema
        schema: { hide: true, querystring: options.querystring as any },
      },
      async (request, reply) => {
        const table = await options.table(request as FastifyRequest & { query: Q });
        return sendTable(reply, table, { ...table, format, locale: request.locale });
      },
    );
}

/** The download addresses of a page: its own query without the paging parameters. */
export function downloadQuery(path: string): string {
  const [, query = ''] = path.split('?');
  const params = new URLSearchParams(query);
  params.delete('page');
  params.delete('per_page');
  const rest = params.toString();
  return rest ? `?${rest}` : '';
}
