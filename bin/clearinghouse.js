#!/usr/bin/env node
// The command is plain JavaScript so that `npx clearinghouse` and `npm start` run the TypeScript
// sources directly, with no build step to remember.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
