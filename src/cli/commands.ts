import { ConfigError, loadConfig } from '../config.ts';

/**
 * The commands of `npx clearinghouse`: each is a thin file calling module services, loaded only
 * when asked for. `runCli` is the whole command line, kept apart from the process entry
 * (main.ts) so that tests can run a command without paying for a process that loads the
 * application again.
 */
const COMMANDS: Record<
  string,
  {
    summary: string;
    load: () => Promise<{
      run(args: string[], config: ReturnType<typeof loadConfig>): Promise<number | undefined>;
    }>;
  }
> = {
  serve: {
    summary: 'migrate, load reference data (and demo content), and serve the site',
    load: () => import('./serve.ts'),
  },
  migrate: {
    summary: 'bring the database schema and reference data up to date',
    load: () => import('./migrate.ts'),
  },
  import: {
    summary:
      'import practices: import FILE [--dry-run] [--skip-invalid] [--format json|ndjson|csv]',
    load: () => import('./import.ts'),
  },
  export: {
    summary: 'export practices: export [--format json|ndjson|csv] [--out FILE]',
    load: () => import('./export.ts'),
  },
  backup: {
    summary: 'write an online, consistent backup: backup FILE',
    load: () => import('./backup.ts'),
  },
  restore: {
    summary: 'restore a backup into an empty database: restore FILE',
    load: () => import('./restore.ts'),
  },
  reindex: {
    summary: 'rebuild the search index, with a progress bar',
    load: () => import('./reindex.ts'),
  },
  'search-report': {
    summary:
      'top queries and queries that found nothing: search-report [--from DATE] [--to DATE] [--limit N] [--json]',
    load: () => import('./search-report.ts'),
  },
  generate: {
    summary:
      'add N synthetic (illustrative) practices, or write them to a file: generate --practices N [--out FILE] [--seed N]',
    load: () => import('./generate.ts'),
  },
  'create-admin': {
    summary:
      'create (or promote) an administrator and print a one-time link to set the password: create-admin --email ADDRESS [--name NAME]',
    load: () => import('./create-admin.ts'),
  },
  stats: {
    summary: 'print counts of practices by policy area, region, language, type and evidence',
    load: () => import('./stats.ts'),
  },
  jobs: {
    summary:
      'background jobs: counts per state, failed and uncertain jobs: jobs [--retry ID] [--json]',
    load: () => import('./jobs.ts'),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(
    ([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`,
  );
  return `usage: clearinghouse <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nAll commands use DATABASE_URL (default sqlite:./data/clearinghouse.db).\n`;
}

async function dispatch(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`clearinghouse: unknown command "${name}"\n\n${usage()}`);
    return 1;
  }
  const config = loadConfig(env);
  const module = await command.load();
  return (await module.run(args, config)) ?? 0;
}

/** Runs one command line: exit code 0 on success, 1 on failure with a one-line reason on stderr. */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  try {
    return await dispatch(argv, env);
  } catch (error) {
    const reason =
      error instanceof ConfigError
        ? `configuration: ${error.message}`
        : error instanceof Error
          ? error.message
          : String(error);
    process.stderr.write(`clearinghouse: ${reason}\n`);
    if (env.DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
}
