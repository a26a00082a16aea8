import type { Config } from '../config.ts';
import { createDb } from '../db/connect.ts';
import { prepareDatabase } from '../modules/system/index.ts';

export async function run(_args: string[], config: Config): Promise<number> {
  const db = createDb(config.database);
  try {
    const { migrations } = await prepareDatabase(db, { demo: false });
    process.stdout.write(
      migrations.length > 0 ? `applied: ${migrations.join(', ')}\n` : 'database is up to date\n',
    );
    return 0;
  } finally {
    await db.destroy();
  }
}
