// A real `clearinghouse serve` process, as test/helpers/processes.ts starts one, with its output
// appended to a log file instead of kept in memory (a crash test runs many of them).
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

const BIN = new URL('../bin/clearinghouse.js', import.meta.url).pathname;

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  pid: number;
  /** SIGKILL: no shutdown hook runs. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM: a graceful stop. Resolves with the exit code. */
  stop(): Promise<number | null>;
}

export async function startServerProcess(
  env: Record<string, string>,
  logFile: string,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      CLEARINGHOUSE_DEMO: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      resolve(code);
      setTimeout(() => log.end(), 50);
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    let head = '';
    const timer = setTimeout(
      () => reject(new Error(`server did not start within 60 s; see ${logFile}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      head = (head + chunk.toString()).slice(-8192);
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(head);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening; see ${logFile}`));
    });
  });
  return {
    url,
    child,
    pid: child.pid as number,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
