// npm run bench: requests per second for a practice page and the practice list, each against a
// bare Fastify route returning the same number of bytes (the ceiling), in one run, with
// autocannon at 50 connections. Prints ratios; record them in docs/benchmarks.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { load, machine, startServer } from './harness.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);

const dir = mkdtempSync(path.join(tmpdir(), 'bench-pages-'));
const app = await startServer('app', { DATABASE_URL: `sqlite:${dir}/bench.db` });
const uncached = await startServer('app', {
  DATABASE_URL: `sqlite:${dir}/bench.db`,
  PAGE_CACHE: '0',
  CLEARINGHOUSE_DEMO: '0',
});
const base = `http://127.0.0.1:${app.port}`;
try {
  const list = (await (await fetch(`${base}/api/v1/practices?per_page=1`)).json()) as {
    results: { slug: string }[];
  };
  const targets = [
    { name: 'practice page', url: `${base}/practices/${list.results[0]?.slug}` },
    { name: 'practice list', url: `${base}/practices` },
  ];
  console.log(`machine: ${machine()}; ${connections} connections, ${duration} s per measurement\n`);
  console.log(
    'page             bytes   req/s  p50 ms  p99 ms | uncached req/s | ceiling req/s | ratio (uncached)',
  );
  for (const target of targets) {
    const bytes = Buffer.byteLength(await (await fetch(target.url)).text());
    const measured = await load(target.url, { connections, duration });
    const direct = await load(target.url.replace(base, `http://127.0.0.1:${uncached.port}`), {
      connections,
      duration,
    });
    const ceilingServer = await startServer('ceiling', {
      BYTES: String(Buffer.byteLength(await (await fetch(target.url)).text())),
    });
    const ceiling = await load(`http://127.0.0.1:${ceilingServer.port}/`, {
      connections,
      duration,
    });
    ceilingServer.child.kill();
    const ratio = measured.requestsPerSecond / ceiling.requestsPerSecond;
    const uncachedRatio = direct.requestsPerSecond / ceiling.requestsPerSecond;
    const failures = measured.non2xx + measured.errors + direct.non2xx + direct.errors;
    console.log(
      `${target.name.padEnd(14)} ${String(bytes).padStart(7)} ${measured.requestsPerSecond.toFixed(0).padStart(7)} ${String(measured.latencyP50).padStart(7)} ${String(measured.latencyP99).padStart(7)} | ${direct.requestsPerSecond.toFixed(0).padStart(14)} | ${ceiling.requestsPerSecond.toFixed(0).padStart(13)} | ${(ratio * 100).toFixed(0)}% (${(uncachedRatio * 100).toFixed(0)}%)${failures > 0 ? `  ${failures} failed requests` : ''}`,
    );
  }
} finally {
  app.child.kill();
  uncached.child.kill();
  rmSync(dir, { recursive: true, force: true });
}
