import { access } from 'node:fs/promises';
import type { Config } from '../config.ts';
import { createDb } from '../db/connect.ts';
import { storageFor } from '../modules/files/index.ts';
import { restoreDatabase } from '../modules/system/index.ts';
import { parseCommandArgs } from './args.ts';

export async function run(args: string[], config: Config): Promise<number> {
  const { positionals } = parseCommandArgs(args, {});
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new Error('usage: clearinghouse restore FILE');
  await access(file).catch(() => {
    throw new Error(`cannot read ${file}`);
  });
  const db = createDb(config.database);
  try {
    const { rows, files } = await restoreDatabase(db, file, {
      storage: storageFor(config),
      onTable: (table, count) => process.stderr.write(`restored ${table}: ${count}\n`),
    });
    const total = Object.values(rows).reduce((a, b) => a + b, 0);
    process.stdout.write(`restored ${total} rows and ${files.count} files from ${file}\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}
