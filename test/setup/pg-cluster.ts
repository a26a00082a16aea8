import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A throwaway PostgreSQL cluster on a free loopback port, for tests and benchmarks. As root the
 * server runs as the postgres user (initdb refuses root).
 */
const CANDIDATE_BIN_DIRS = [
  process.env.PG_BIN,
  '/usr/lib/postgresql/15/bin',
  '/usr/lib/postgresql/16/bin',
  '/usr/lib/postgresql/17/bin',
];

export function findPostgresBin(): string | undefined {
  return CANDIDATE_BIN_DIRS.find(
    (dir): dir is string => Boolean(dir) && existsSync(path.join(dir as string, 'initdb')),
  );
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface PgCluster {
  url: string;
  port: number;
  /** Stops the server and removes its files. */
  stop(): void;
  /**
   * `pg_ctl restart -m fast`, `stop -m fast` or `start`, resolved when it is done: a fault to
   * play. Asynchronous, so that a test's own clients and proxies keep running meanwhile.
   */
  control(action: 'restart' | 'halt' | 'start'): Promise<void>;
}

const SERVER_SETTINGS =
  '-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200';

function runnerFor(bin: string) {
  const isRoot = process.getuid?.() === 0;
  return (command: string, args: string[]) => {
    const full = path.join(bin, command);
    const result = isRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', full, ...args], { encoding: 'utf8' })
      : spawnSync(full, args, { encoding: 'utf8' });
    if (result.status !== 0)
      throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
  };
}

function asyncRunnerFor(bin: string) {
  const isRoot = process.getuid?.() === 0;
  return (command: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const full = path.join(bin, command);
      const [file, argv] = isRoot
        ? ['runuser', ['-u', 'postgres', '--', full, ...args]]
        : [full, args];
      execFile(file, argv, (error, stdout, stderr) =>
        error ? reject(new Error(`${command} failed: ${stderr || stdout}`)) : resolve(),
      );
    });
}

function ownedTempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pgtmp-'));
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', dir]);
  else chownSync(dir, process.getuid?.() ?? 0, process.getgid?.() ?? 0);
  return dir;
}

/** Starts the server whose files are in `dir/data` on `port`, and the handle that controls it. */
function serve(bin: string, dir: string, port: number): PgCluster {
  const run = runnerFor(bin);
  const data = `${dir}/data`;
  const options = `-p ${port} -k ${dir} ${SERVER_SETTINGS}`;
  run('pg_ctl', ['-D', data, '-l', `${dir}/server.log`, '-w', '-t', '60', '-o', options, 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    control(action) {
      const ctl = asyncRunnerFor(bin);
      if (action === 'halt') return ctl('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      if (action === 'restart')
        return ctl('pg_ctl', [
          '-D',
          data,
          '-l',
          `${dir}/server.log`,
          '-m',
          'fast',
          '-w',
          'restart',
        ]);
      return ctl('pg_ctl', [
        '-D',
        data,
        '-l',
        `${dir}/server.log`,
        '-w',
        '-t',
        '60',
        '-o',
        options,
        'start',
      ]);
    },
  };
}

export async function startPgCluster(bin: string): Promise<PgCluster> {
  const dir = ownedTempDir();
  runnerFor(bin)('initdb', [
    '-D',
    `${dir}/data`,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);
  return serve(bin, dir, await freePort());
}

/**
 * A streaming replica of `primary`, made as `docs/deploy.md` tells (`pg_basebackup -R`): it
 * follows the primary through its restarts, and refuses writes.
 */
export async function startPgReplica(bin: string, primary: PgCluster): Promise<PgCluster> {
  const dir = ownedTempDir();
  runnerFor(bin)('pg_basebackup', [
    '-h',
    '127.0.0.1',
    '-p',
    String(primary.port),
    '-U',
    'postgres',
    '-D',
    `${dir}/data`,
    '-R',
    '-X',
    'stream',
    // Without it the copy waits for a spread checkpoint, minutes on a quiet test server.
    '--checkpoint=fast',
  ]);
  return serve(bin, dir, await freePort());
}
