import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Config } from '../config.ts';
import { createDb } from '../db/connect.ts';
import {
  countPractices,
  createRecordWriter,
  exportPractices,
  FORMATS,
  type Format,
  formatFromPath,
} from '../modules/practices/index.ts';
import { prepareDatabase } from '../modules/system/index.ts';
import { parseCommandArgs } from './args.ts';
import { progressBar } from './progress.ts';

export async function run(args: string[], config: Config): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    { format: { type: 'string' }, out: { type: 'string' } },
    false,
  );
  if (values.format && !(FORMATS as readonly string[]).includes(values.format)) {
    throw new Error(`--format must be one of ${FORMATS.join(', ')}`);
  }
  const format =
    (values.format as Format | undefined) ??
    (values.out ? formatFromPath(values.out) : undefined) ??
    'json';
  const db = createDb(config.database);
  try {
    await prepareDatabase(db, { demo: false });
    const out = values.out ? createWriteStream(values.out) : process.stdout;
    if (values.out) await once(out, 'open');
    const progress = progressBar('exporting', values.out ? await countPractices(db) : 0);
    const { exported } = await exportPractices(db, createRecordWriter(format, out), {
      onProgress: (n) => progress.update(n),
    });
    progress.stop();
    if (values.out) {
      out.end();
      await once(out, 'finish');
      process.stderr.write(`exported ${exported} practices to ${values.out}\n`);
    }
    return 0;
  } finally {
    await db.destroy();
  }
}
