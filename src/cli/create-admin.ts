import type { Config } from '../config.ts';
import { ValidationError } from '../core/errors.ts';
import { createDb } from '../db/connect.ts';
import { createAdmin } from '../modules/accounts/index.ts';
import { prepareDatabase } from '../modules/system/index.ts';
import { parseCommandArgs } from './args.ts';

/**
 * The first administrator: creates the account (or promotes an existing one) and prints a link,
 * valid one hour, to choose its password. The link goes to this terminal only, never to a log.
 */
export async function run(args: string[], config: Config): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    { email: { type: 'string' }, name: { type: 'string' } },
    false,
  );
  if (!values.email)
    throw new Error('usage: clearinghouse create-admin --email ADDRESS [--name NAME]');
  const db = createDb(config.database);
  try {
    await prepareDatabase(db, { demo: false });
    const result = await createAdmin(
      { db, publicUrl: config.publicUrl },
      { email: values.email, name: values.name },
    );
    process.stdout.write(
      `${result.created ? 'created' : 'promoted'} administrator account #${result.userId}\n` +
        `choose its password within one hour at:\n${result.link}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ValidationError) throw new Error(error.message);
    throw error;
  } finally {
    await db.destroy();
  }
}
