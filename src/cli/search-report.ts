import type { Config } from '../config.ts';
import { createDb } from '../db/connect.ts';
import { searchReport } from '../modules/search/index.ts';
import { prepareDatabase } from '../modules/system/index.ts';
import { parseCommandArgs } from './args.ts';

function day(value: string | undefined, option: string, fallback: Date): Date {
  if (value === undefined) return fallback;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
    throw new Error(`${option} must be a date such as 2026-01-31`);
  return new Date(`${value}T00:00:00Z`);
}

export async function run(args: string[], config: Config): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      from: { type: 'string' },
      to: { type: 'string' },
      limit: { type: 'string', default: '20' },
      json: { type: 'boolean', default: false },
    },
    false,
  );
  const today = new Date(new Date().toISOString().slice(0, 10));
  const to = new Date(day(values.to, '--to', today).getTime() + 86_400_000);
  const from = day(values.from, '--from', new Date(to.getTime() - 30 * 86_400_000));
  if (from >= to) throw new Error('--from must be before --to');
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new Error('--limit must be a whole number from 1 to 1000');
  const db = createDb(config.database);
  try {
    await prepareDatabase(db, { demo: false });
    const report = await searchReport(db, from.toISOString(), to.toISOString(), limit);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return 0;
    }
    const lastDay = new Date(to.getTime() - 86_400_000).toISOString().slice(0, 10);
    const lines = [
      `searches from ${from.toISOString().slice(0, 10)} to ${lastDay}: ${report.searches}, of which ${report.zeroResults} found nothing`,
      '',
      'top queries                                        searches  found nothing',
      ...report.top.map(
        (r) =>
          `  ${r.query.slice(0, 48).padEnd(48)} ${String(r.searches).padStart(8)}  ${String(r.zeroResults).padStart(13)}`,
      ),
      '',
      'queries that found nothing                         searches',
      ...report.zero.map(
        (r) => `  ${r.query.slice(0, 48).padEnd(48)} ${String(r.searches).padStart(8)}`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}
