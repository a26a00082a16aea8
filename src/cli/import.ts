import { access } from 'node:fs/promises';
import type { Config } from '../config.ts';
import { createDb } from '../db/connect.ts';
import {
  FORMATS,
  type Format,
  formatFromPath,
  importPractices,
  readRecords,
  sniffFormat,
} from '../modules/practices/index.ts';
import { prepareDatabase } from '../modules/system/index.ts';
import { parseCommandArgs } from './args.ts';
import { progressBar } from './progress.ts';

export async function run(args: string[], config: Config): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    'dry-run': { type: 'boolean', default: false },
    'skip-invalid': { type: 'boolean', default: false },
    format: { type: 'string' },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1)
    throw new Error(
      'usage: clearinghouse import FILE [--dry-run] [--skip-invalid] [--format json|ndjson|csv]',
    );
  if (values.format && !(FORMATS as readonly string[]).includes(values.format)) {
    throw new Error(`--format must be one of ${FORMATS.join(', ')}`);
  }
  await access(file).catch(() => {
    throw new Error(`cannot read ${file}`);
  });
  const format =
    (values.format as Format | undefined) ?? formatFromPath(file) ?? (await sniffFormat(file));

  let total = 0;
  for await (const _ of readRecords(file, format)) total++;

  const db = createDb(config.database);
  try {
    await prepareDatabase(db, { demo: false });
    const progress = progressBar('importing', total);
    const report = await importPractices(db, readRecords(file, format), {
      dryRun: values['dry-run'],
      skipInvalid: values['skip-invalid'],
      onRecord: (r) => progress.update(r.read),
    });
    progress.stop();
    for (const w of report.warnings)
      process.stderr.write(`warning: record ${w.record}: ${w.field}: ${w.message}\n`);
    for (const p of report.problems)
      process.stderr.write(`invalid: record ${p.record}: ${p.field}: ${p.message}\n`);
    const counts = `${report.read} read, ${report.created} created, ${report.updated} updated, ${report.invalid} invalid`;
    if (values['dry-run']) {
      process.stdout.write(`dry run: ${counts}; nothing was written\n`);
      return report.invalid > 0 && !values['skip-invalid'] ? 1 : 0;
    }
    if (!report.committed) {
      process.stderr.write(
        `clearinghouse: import refused: ${report.invalid} invalid record(s); nothing was written (use --skip-invalid to import the valid ones)\n`,
      );
      return 1;
    }
    process.stdout.write(`imported: ${counts}\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}
