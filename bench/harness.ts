import { type ChildProcess, fork } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import autocannon from 'autocannon';

/**
 * Starts bench-server.ts in a child process and resolves with its port. With `logFile`, the
 * server's output (its log, when BENCH_LOG_LEVEL is set) goes to that file instead of ours.
 */
export function startServer(
  mode: 'app' | 'ceiling',
  env: Record<string, string>,
  options: { logFile?: string; execArgv?: string[] } = {},
): Promise<{ port: number; child: ChildProcess }> {
  const out = options.logFile === undefined ? 'inherit' : openSync(options.logFile, 'a');
  const child = fork(new URL('./bench-server.ts', import.meta.url).pathname, [mode], {
    env: { ...process.env, ...env },
    execArgv: ['--import', 'tsx', ...(options.execArgv ?? [])],
    stdio: ['ignore', out, out, 'ipc'],
  });
  if (typeof out === 'number') closeSync(out);
  return new Promise((resolve, reject) => {
    child.once('message', (message) =>
      resolve({ port: (message as { port: number }).port, child }),
    );
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

export interface LoadResult {
  requestsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  non2xx: number;
  errors: number;
}

export async function load(
  url: string | string[],
  options: { connections?: number; duration?: number } = {},
): Promise<LoadResult> {
  const urls = Array.isArray(url) ? url : [url];
  const first = new URL(urls[0] as string);
  const result = await autocannon({
    url: first.origin,
    connections: options.connections ?? 50,
    duration: options.duration ?? 10,
    requests: urls.map((u) => ({ method: 'GET', path: new URL(u).pathname + new URL(u).search })),
  });
  return {
    requestsPerSecond: result.requests.average,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export function machine(): string {
  return `${process.platform} ${process.arch}, Node ${process.version}, ${availableParallelism()} cores`;
}
