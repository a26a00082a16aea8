import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/commands.ts';
import { BACKUP_TABLES } from '../../src/modules/system/backup-tables.ts';

const run = promisify(execFile);
const BIN = new URL('../../bin/clearinghouse.js', import.meta.url).pathname;
const FIXTURE = new URL('../../test/fixtures/practices-edge.json', import.meta.url).pathname;

type Outcome = { code: number; stdout: string; stderr: string };

/**
 * Runs the real command in a child process on its own SQLite file. Each such process loads the
 * application's sources anew (2–4 s of CPU), so the process itself (entry, exit code, output
 * streams) is tested with a few of them and every other command line runs in this process.
 */
async function clearinghouseProcess(args: string[], env: Record<string, string>): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Writes to a string instead of the stream, honouring a write's callback as a stream would. */
function capture(stream: NodeJS.WriteStream, into: (text: string) => void) {
  return vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
    into(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    if (callback) queueMicrotask(callback);
    return true;
  }) as typeof stream.write);
}

/** Runs a command line the way the process entry does, in this process, capturing its output. */
async function clearinghouse(args: string[], env: Record<string, string>): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const out = capture(process.stdout, (text) => {
    stdout += text;
  });
  const err = capture(process.stderr, (text) => {
    stderr += text;
  });
  try {
    const code = await runCli(args, { ...process.env, LOG_LEVEL: 'silent', ...env });
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('clearinghouse command', { timeout: 180_000 }, () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cli-'));
    env = { DATABASE_URL: `sqlite:${dir}/cli.db` };
  });

  it('migrates, imports, exports, reports stats, backs up and restores', async () => {
    expect((await clearinghouseProcess(['migrate'], env)).stdout).toContain(
      'applied: 2026-11-28-01-repository-core',
    );
    expect((await clearinghouse(['migrate'], env)).stdout).toBe('database is up to date\n');

    const dry = await clearinghouse(['import', FIXTURE, '--dry-run'], env);
    expect(dry).toMatchObject({
      code: 0,
      stdout: 'dry run: 3 read, 3 created, 0 updated, 0 invalid; nothing was written\n',
    });

    const imported = await clearinghouse(['import', FIXTURE], env);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toBe('imported: 3 read, 3 created, 0 updated, 0 invalid\n');
    expect(imported.stderr).toContain(
      'warning: record 3: city: "Nowhereville Unknown" is not a known place in RU; kept as written',
    );

    const csv = path.join(dir, 'out.csv');
    const exported = await clearinghouse(['export', '--out', csv], env);
    expect(exported).toMatchObject({ code: 0, stderr: `exported 3 practices to ${csv}\n` });
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toMatch(
      /^external_id,title,language,summary,type,country,city,/,
    );

    const ndjson = await clearinghouse(['export', '--format', 'ndjson'], env);
    expect(ndjson.stdout.trim().split('\n')).toHaveLength(3);

    const stats = await clearinghouse(['stats', '--json'], env);
    expect(JSON.parse(stats.stdout)).toMatchObject({ practices: 3, countries: 3 });

    const backup = path.join(dir, 'db.backup');
    expect((await clearinghouse(['backup', backup], env)).stdout).toMatch(
      new RegExp(
        `^backup written to .*: \\d+ rows in ${BACKUP_TABLES.length} tables, sha256 [0-9a-f]{64}\n$`,
      ),
    );
    const restoredEnv = { DATABASE_URL: `sqlite:${dir}/restored.db` };
    expect((await clearinghouse(['restore', backup], restoredEnv)).code).toBe(0);
    const again = await clearinghouse(['export', '--format', 'ndjson'], restoredEnv);
    expect(again.stdout).toBe(ndjson.stdout);
  });

  it('generates synthetic practices, reindexes with a count, and reports searches', async () => {
    const localEnv = { DATABASE_URL: `sqlite:${dir}/generated.db` };
    const generated = await clearinghouse(['generate', '--practices', '25'], localEnv);
    expect(generated).toMatchObject({
      code: 0,
      stdout: 'generated 25 synthetic practices (all marked illustrative)\n',
    });
    const out = path.join(dir, 'synthetic.ndjson');
    expect(
      (await clearinghouse(['generate', '--practices', '5', '--out', out], localEnv)).code,
    ).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    expect(lines.every((r) => r.illustrative === true)).toBe(true);
    expect((await clearinghouse(['generate', '--practices', 'many'], localEnv)).stderr).toBe(
      'clearinghouse: --practices must be a whole number from 1 to 10000000\n',
    );

    expect((await clearinghouse(['reindex'], localEnv)).stdout).toMatch(
      /^indexed 25 practices and 0 resources \(25 language versions\) in [\d.]+ s\n$/,
    );

    const report = await clearinghouse(['search-report', '--json'], localEnv);
    expect(JSON.parse(report.stdout)).toMatchObject({ searches: 0, top: [], zero: [] });
    expect((await clearinghouse(['search-report', '--from', 'yesterday'], localEnv)).stderr).toBe(
      'clearinghouse: --from must be a date such as 2026-01-31\n',
    );
  });

  it('refuses a malformed import with the record, field and reason, and writes nothing', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify([
        { title: 'ok', language: 'en', summary: 's', country: 'FR', themes: ['housing'] },
        { title: 'x', language: 'en', summary: 's', country: 'Atlantis', themes: ['housing'] },
      ]),
    );
    const localEnv = { DATABASE_URL: `sqlite:${dir}/bad.db` };
    const result = await clearinghouse(['import', bad], localEnv);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'invalid: record 2: country: must be an ISO 3166-1 alpha-2 country code such as FR, got "Atlantis"',
    );
    expect(result.stderr).toContain(
      'clearinghouse: import refused: 1 invalid record(s); nothing was written',
    );
    expect(JSON.parse((await clearinghouse(['stats', '--json'], localEnv)).stdout).practices).toBe(
      0,
    );

    const skipped = await clearinghouse(['import', bad, '--skip-invalid'], localEnv);
    expect(skipped).toMatchObject({
      code: 0,
      stdout: 'imported: 2 read, 1 created, 0 updated, 1 invalid\n',
    });
  });

  it('creates the first administrator with a one-time link to set the password', async () => {
    const localEnv = {
      DATABASE_URL: `sqlite:${dir}/admin.db`,
      PUBLIC_URL: 'https://clearinghouse.example',
    };
    const created = await clearinghouse(
      ['create-admin', '--email', 'Chief@Example.org', '--name', 'Chief Editor'],
      localEnv,
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(
      /^created administrator account #1\nchoose its password within one hour at:\nhttps:\/\/clearinghouse\.example\/account\/reset\?token=[\w-]{40,}\n$/,
    );
    expect(created.stderr).not.toContain('token=');
    const again = await clearinghouse(['create-admin', '--email', 'chief@example.org'], localEnv);
    expect(again.stdout).toMatch(/^promoted administrator account #1/);
    expect(
      (await clearinghouse(['create-admin', '--email', 'not an address'], localEnv)).stderr,
    ).toBe('clearinghouse: --email: is not an email address\n');
    expect((await clearinghouse(['create-admin'], localEnv)).stderr).toBe(
      'clearinghouse: usage: clearinghouse create-admin --email ADDRESS [--name NAME]\n',
    );
  });

  it('fails with a one-line reason for bad usage, bad files and bad configuration', async () => {
    const help = await clearinghouseProcess(['--help'], env);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^usage: clearinghouse <command> \[options\]\n/);
    const unknown = await clearinghouseProcess(['frobnicate'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^clearinghouse: unknown command "frobnicate"/);
    expect((await clearinghouse(['import', '/nonexistent.json'], env)).stderr).toBe(
      'clearinghouse: cannot read /nonexistent.json\n',
    );
    expect((await clearinghouse(['export', '--format', 'xml'], env)).stderr).toBe(
      'clearinghouse: --format must be one of json, ndjson, csv\n',
    );
    expect((await clearinghouse(['export', '--colour'], env)).stderr).toMatch(
      /^clearinghouse: Unknown option '--colour'/,
    );
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '[{"title": ');
    expect((await clearinghouse(['import', broken], env)).stderr).toMatch(
      /^clearinghouse: file: not valid JSON/,
    );
    const misconfigured = await clearinghouseProcess(['migrate'], { DATABASE_URL: 'mysql://nope' });
    expect(misconfigured.code).toBe(1);
    expect(misconfigured.stderr).toBe(
      'clearinghouse: configuration: DATABASE_URL: must start with sqlite: or postgres://, got "mysql:…"\n',
    );
    expect(
      (await clearinghouse(['restore', FIXTURE], { DATABASE_URL: `sqlite:${dir}/r.db` })).stderr,
    ).toMatch(/^clearinghouse: backup: unreadable/);
  });
});
