import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MachineTranslationError, machineTranslator } from './machine-translation.ts';

/**
 * A stand-in for LibreTranslate on loopback, answering `POST /translate` as its documentation
 * says: `{ q, source, target, format, api_key }` in, `{ translatedText }` out, `{ error }` with
 * an error status. What each test wants it to do is set in `behaviour`.
 */
type Behaviour = 'translate' | 'error' | 'silent' | 'garbage';

describe('the machine translation client', () => {
  let server: Server;
  let url: string;
  let behaviour: Behaviour = 'translate';
  const received: { path: string; contentType: string; body: Record<string, unknown> }[] = [];
  const hanging: ServerResponse[] = [];

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        received.push({
          path: `${request.method} ${request.url}`,
          contentType: String(request.headers['content-type']),
          body,
        });
        if (behaviour === 'silent') {
          hanging.push(response);
          return;
        }
        if (behaviour === 'error') {
          response.writeHead(400, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ error: 'Invalid API key' }));
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          behaviour === 'garbage'
            ? JSON.stringify({ detectedLanguage: 'en' })
            : JSON.stringify({ translatedText: `[${body.target}] ${body.q}` }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const response of hanging) response.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends the documented request and reads translatedText', async () => {
    behaviour = 'translate';
    received.length = 0;
    const client = machineTranslator({ url: `${url}/`, apiKey: 'k-123' });
    await expect(client.translate('Welcome desk', 'en', 'fr-CA')).resolves.toBe(
      '[fr] Welcome desk',
    );
    expect(received).toEqual([
      {
        path: 'POST /translate',
        contentType: 'application/json',
        body: { q: 'Welcome desk', source: 'en', target: 'fr', format: 'text', api_key: 'k-123' },
      },
    ]);
  });

  it('sends no api_key without one, and asks nothing for an empty text', async () => {
    behaviour = 'translate';
    received.length = 0;
    const client = machineTranslator({ url, apiKey: undefined });
    await expect(client.translate('  ', 'en', 'ar')).resolves.toBe('');
    await client.translate('Hello', 'en', 'ar');
    expect(received).toHaveLength(1);
    expect(received[0]?.body).not.toHaveProperty('api_key');
  });

  it('turns an error status into a clear error carrying what the service said', async () => {
    behaviour = 'error';
    const client = machineTranslator({ url, apiKey: 'wrong' });
    const error = await client.translate('Hello', 'en', 'es').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MachineTranslationError);
    expect((error as MachineTranslationError).reason).toBe('refused');
    expect((error as Error).message).toBe(
      'the machine translation service refused the text (Invalid API key)',
    );
  });

  it('turns an answer without translatedText into a clear error', async () => {
    behaviour = 'garbage';
    const client = machineTranslator({ url, apiKey: undefined });
    const error = await client.translate('Hello', 'en', 'es').catch((e: unknown) => e);
    expect((error as MachineTranslationError).reason).toBe('invalid');
  });

  it('gives up on a service that does not answer in time', async () => {
    behaviour = 'silent';
    const client = machineTranslator({ url, apiKey: undefined, timeoutMs: 200 });
    const error = await client.translate('Hello', 'en', 'es').catch((e: unknown) => e);
    expect((error as MachineTranslationError).reason).toBe('timeout');
    expect((error as Error).message).toMatch(/did not answer within/);
  });

  it('says so when nothing listens at the address', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = machineTranslator({ url: `http://127.0.0.1:${port}`, apiKey: undefined });
    const error = await client.translate('Hello', 'en', 'es').catch((e: unknown) => e);
    expect((error as MachineTranslationError).reason).toBe('unreachable');
  });
});
