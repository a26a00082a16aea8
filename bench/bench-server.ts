// The server side of a benchmark, run in its own process so that the load generator does not
// share its event loop: `app` serves the clearinghouse on DATABASE_URL, `ceiling` a bare Fastify
// route answering BYTES bytes of HTML, the most this machine can serve.
import Fastify from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createDb } from '../src/db/connect.ts';
import { prepareDatabase } from '../src/modules/system/setup.service.ts';

const [mode = 'app'] = process.argv.slice(2);
const port = Number(process.env.PORT ?? 0);

if (mode === 'ceiling') {
  const body = 'x'.repeat(Number(process.env.BYTES ?? 2048));
  const app = Fastify({ logger: false });
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(body));
  await app.listen({ port, host: '127.0.0.1' });
  process.send?.({ port: (app.server.address() as { port: number }).port });
} else {
  // Silent unless BENCH_LOG_LEVEL asks for a log (e.g. `warn`: the errors behind any 5xx).
  const logLevel = process.env.BENCH_LOG_LEVEL;
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: logLevel || 'silent',
    RATE_LIMIT_PER_MINUTE: '0',
  });
  // As src/server.ts opens it.
  const db = createDb(config.database, { statementTimeoutMs: config.dbStatementTimeoutMs });
  await prepareDatabase(db, { demo: process.env.CLEARINGHOUSE_DEMO !== '0' });
  const app = await buildApp(config, { db, closeDb: true, logger: Boolean(logLevel) });
  await app.listen({ port, host: '127.0.0.1' });
  process.send?.({ port: (app.server.address() as { port: number }).port });
}

// Exit normally on a signal, so that --cpu-prof and other exit hooks get to write their files.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => process.exit(0));
