import { runCli } from './commands.ts';

// `npx clearinghouse <command>`: the process entry; the commands live in commands.ts.
const code = await runCli(process.argv.slice(2));
if (code !== 0) process.exitCode = code;
