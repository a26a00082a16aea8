import { type ParseArgsConfig, parseArgs } from 'node:util';

/** parseArgs with a one-line message for unknown or malformed options. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  allowPositionals = true,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new Error((error as Error).message.split('\n')[0]);
  }
}
