import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createGenerator } from '../../bench/synthetic-practices.ts';
import type { Config } from '../config.ts';
import { createDb } from '../db/connect.ts';
import { createRecordWriter, formatFromPath, importPractices } from '../modules/practices/index.ts';
import { prepareDatabase } from '../modules/system/index.ts';
import { parseCommandArgs } from './args.ts';
import { progressBar } from './progress.ts';

export async function run(args: string[], config: Config): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      practices: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string', default: '1' },
    },
    false,
  );
  const count = Number(values.practices);
  if (!values.practices || !Number.isInteger(count) || count < 1 || count > 10_000_000) {
    throw new Error('--practices must be a whole number from 1 to 10000000');
  }
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error('--seed must be a whole number');
  const generate = createGenerator(seed);
  const progress = progressBar(values.out ? 'writing' : 'generating', count);

  if (values.out) {
    const out = createWriteStream(values.out);
    await once(out, 'open');
    const writer = createRecordWriter(formatFromPath(values.out) ?? 'ndjson', out);
    for (let n = 1; n <= count; n++) {
      await writer.write(generate(n));
      if (n % 500 === 0) progress.update(n);
    }
    await writer.end();
    out.end();
    await once(out, 'finish');
    progress.stop();
    process.stderr.write(`wrote ${count} synthetic practices to ${values.out}\n`);
    return 0;
  }

  const db = createDb(config.database);
  try {
    await prepareDatabase(db, { demo: false });
    // Batches keep each transaction, and memory, small on very large runs.
    const batch = 2000;
    let created = 0;
    for (let first = 1; first <= count; first += batch) {
      const last = Math.min(count, first + batch - 1);
      const report = await importPractices(
        db,
        (async function* () {
          for (let n = first; n <= last; n++) yield { number: n, value: generate(n) };
        })(),
      );
      if (!report.committed)
        throw new Error(
          `synthetic record ${report.problems[0]?.record}: ${report.problems[0]?.field}: ${report.problems[0]?.message}`,
        );
      created += report.created + report.updated;
      progress.update(last);
    }
    progress.stop();
    process.stdout.write(`generated ${created} synthetic practices (all marked illustrative)\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}
