import type { Config } from '../config.ts';
import { serve } from '../server.ts';

export async function run(_args: string[], config: Config): Promise<number> {
  await serve(config);
  return 0;
}
