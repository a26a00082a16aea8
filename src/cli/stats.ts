import type { Config } from '../config.ts';
import { createDb } from '../db/connect.ts';
import { getStats } from '../modules/practices/index.ts';
import { prepareDatabase } from '../modules/system/index.ts';
import { parseCommandArgs } from './args.ts';

export async function run(args: string[], config: Config): Promise<number> {
  const { values } = parseCommandArgs(args, { json: { type: 'boolean', default: false } }, false);
  const db = createDb(config.database);
  try {
    await prepareDatabase(db, { demo: false });
    const stats = await getStats(db);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
      return 0;
    }
    const lines = [
      `practices      ${stats.practices}`,
      `organisations  ${stats.organisations}`,
      `cities         ${stats.cities}`,
      `countries      ${stats.countries}`,
      '',
      'by policy area',
      ...stats.byPolicyArea.map((a) => `  ${a.id.padEnd(22)} ${a.count}`),
      'by region',
      ...stats.byRegion.map((r) => `  ${r.name.padEnd(22)} ${r.count}`),
      'by language',
      ...stats.byLanguage.map((l) => `  ${(l.value ?? '—').padEnd(22)} ${l.count}`),
      'by type',
      ...stats.byType.map((l) => `  ${(l.value ?? '—').padEnd(22)} ${l.count}`),
      'by evidence level',
      ...stats.byEvidence.map((l) => `  ${(l.value ?? '—').padEnd(22)} ${l.count}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}
