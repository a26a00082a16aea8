import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The test tiers (see test/README.md). One rule each, by where a file lives or how it is named:
 *   browser    test/browser/**            Chromium driving the app on a loopback port
 *   processes  test/processes/**          real `clearinghouse` processes (servers, commands)
 *   http       *.http.test.ts(x)          the app (or a Fastify instance) answering requests
 *   unit       every other *.test.ts(x)   functions, services and repositories, on both databases
 * `TEST_TIER=unit,http` runs some of them; without it (`npm test`) every tier runs in one run.
 */
const BROWSER = ['test/browser/**/*.test.ts'];
const PROCESSES = ['test/processes/**/*.test.ts'];
const HTTP = ['src/**/*.http.test.{ts,tsx}', 'test/**/*.http.test.{ts,tsx}'];
const ALL = ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'];

/** The tiers with a pattern of their own (they never overlap); unit is every other test file. */
const PATTERNS = { http: HTTP, browser: BROWSER, processes: PROCESSES };
const TIER_NAMES = ['unit', 'http', 'browser', 'processes'] as const;
type Tier = (typeof TIER_NAMES)[number];

function selectedTiers(value: string | undefined): Tier[] {
  if (!value) return [...TIER_NAMES];
  const names = value.split(',').map((name) => name.trim());
  for (const name of names)
    if (!(TIER_NAMES as readonly string[]).includes(name))
      throw new Error(
        `TEST_TIER: unknown tier "${name}" (expected a comma-separated list of ${TIER_NAMES.join(', ')})`,
      );
  return names as Tier[];
}

const tiers = selectedTiers(process.env.TEST_TIER);
const own = Object.entries(PATTERNS) as [Tier, string[]][];

export default defineConfig({
  test: {
    include: tiers.includes('unit')
      ? ALL
      : own.filter(([tier]) => tiers.includes(tier)).flatMap(([, patterns]) => patterns),
    exclude: [
      ...configDefaults.exclude,
      ...own.filter(([tier]) => !tiers.includes(tier)).flatMap(([, patterns]) => patterns),
    ],
    globalSetup: ['test/setup/postgres.global.ts', 'test/setup/templates.global.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: more workers than that only adds contention.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    // Each worker runs its files one after another in one module graph: the app's modules and
    // their packages are loaded once per worker, not once per file (that was about a third of
    // the CPU of an http test file). Module state is keyed by database or app, so files do not
    // see each other's; a file that mocks a module imports what uses it anew (see
    // credential.service.test.ts).
    isolate: false,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
