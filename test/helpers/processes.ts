import { type ChildProcess, spawn } from 'node:child_process';

const BIN = new URL('../../bin/clearinghouse.js', import.meta.url).pathname;

/** How long a server process may take to listen (tsx compiles the app first; machines are shared). */
const START_DEADLINE_MS = 100_000;

/** A real `clearinghouse serve` process on a free port; resolves once it listens. */
export async function startServerProcess(
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      CLEARINGHOUSE_DEMO: '0',
      // Test machines run many processes at once: load shedding would refuse their first
      // requests while they warm up. The overload tests turn it on for themselves.
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    // A deadline, and no process left behind when it passes.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${START_DEADLINE_MS / 1000} s: ${output}`));
    }, START_DEADLINE_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${output}`));
    });
  });
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Several server processes started together (`env` may differ by process: a function of its
 * index); if one fails to start, those that did are stopped
 * before the error is thrown, so that a failed setup leaves no process behind.
 */
export async function startServerProcesses(
  count: number,
  env: Record<string, string> | ((index: number) => Record<string, string>),
): Promise<Awaited<ReturnType<typeof startServerProcess>>[]> {
  const results = await Promise.allSettled(
    Array.from({ length: count }, (_, index) =>
      startServerProcess(typeof env === 'function' ? env(index) : env),
    ),
  );
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((server) => server.stop()));
    throw failed.reason;
  }
  return started;
}

/** fetch with a cookie jar, for talking to real server processes. */
export class CookieClient {
  readonly cookies = new Map<string, string>();

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0)
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(line) || value === '')
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  async csrf(url: string): Promise<string> {
    const html = await (await this.fetch(url)).text();
    const match = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!match) throw new Error(`no CSRF token at ${url}`);
    return match[1] as string;
  }

  async post(url: string, fields: Record<string, string>, csrfFrom: string): Promise<Response> {
    const body = new URLSearchParams({ _csrf: await this.csrf(csrfFrom), ...fields });
    return this.fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }
}
