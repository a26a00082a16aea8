import type { Config } from '../config.ts';
import { createDb } from '../db/connect.ts';
import { storageFor } from '../modules/files/index.ts';
import { backupDatabase } from '../modules/system/index.ts';
import { parseCommandArgs } from './args.ts';

export async function run(args: string[], config: Config): Promise<number> {
  const { positionals } = parseCommandArgs(args, {});
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new Error('usage: clearinghouse backup FILE');
  const db = createDb(config.database);
  try {
    const summary = await backupDatabase(db, file, { storage: storageFor(config) });
    const total = Object.values(summary.rows).reduce((a, b) => a + b, 0);
    process.stderr.write(
      `backed up ${summary.files.count} uploaded files (${summary.files.bytes} bytes)\n`,
    );
    process.stdout.write(
      `backup written to ${file}: ${total} rows in ${Object.keys(summary.rows).length} tables, sha256 ${summary.sha256}\n`,
    );
    return 0;
  } finally {
    await db.destroy();
  }
}
