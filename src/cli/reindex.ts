import type { Config } from '../config.ts';
import { createDb } from '../db/connect.ts';
import { countPractices } from '../modules/practices/index.ts';
import { reindexAll } from '../modules/search/index.ts';
import { prepareDatabase } from '../modules/system/index.ts';
import { progressBar } from './progress.ts';

export async function run(_args: string[], config: Config): Promise<number> {
  const db = createDb(config.database);
  try {
    await prepareDatabase(db, { demo: false });
    const total = await countPractices(db);
    const progress = progressBar('indexing', total, 0);
    const started = performance.now();
    const result = await reindexAll(db, total, (done) => progress.update(done));
    progress.stop();
    process.stdout.write(
      `indexed ${result.practices} practices and ${result.resources} resources (${result.documents} language versions) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    return 0;
  } finally {
    await db.destroy();
  }
}
