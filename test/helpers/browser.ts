import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { buildTestApp } from './app.ts';
import type { TestDatabase } from './databases.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Browser tests need Debian's Chromium. Without it they are skipped with a notice, except under
 * CI=true, where a missing browser fails the run.
 */
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  if (process.env.CI === 'true')
    throw new Error(`CI=true but Chromium was not found at ${CHROMIUM}`);
  console.warn(
    `\n[notice] Chromium not found at ${CHROMIUM}: browser tests are skipped. Install it with apt-get install chromium.\n`,
  );
}

/** Chromium with a fresh profile (playwright makes a new one per launch). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The app listening on a free loopback port, for a real browser. */
export async function serveTestApp(
  database: TestDatabase,
): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildTestApp(database);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as { port: number };
  return { app, url: `http://127.0.0.1:${address.port}` };
}
