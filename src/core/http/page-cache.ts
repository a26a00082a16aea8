import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, gzip, constants as zlibConstants } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isDatabaseUnavailable } from '../../db/unavailable.ts';
import { ANONYMOUS } from '../actor.ts';
import {
  announceContentChanged,
  onContentChanged,
  readContentVersion,
} from '../content-version.ts';
import { SESSION_COOKIE } from './session.ts';

/**
 * Rendered anonymous pages, kept in memory until content changes. Routes opt in with
 * `config: { pageCache: true }`. Every page gets an ETag (a repeat visit costs a 304) and
 * `Cache-Control: public, no-cache`, so browsers and CDNs may keep it but must revalidate.
 * Compressed variants are made once per page, not once per request. Registered before the other
 * plugins, a hit answers without running them again: the response replays the headers (security
 * headers included) that the first, fully processed response carried.
 *
 * Freshness: a write in this process empties the cache at once; a write by another process
 * (a second server, the CLI) is seen within `recheckMs`, through the content-version token.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    /** Cache this route's anonymous pages; a function decides per request. */
    pageCache?: boolean | ((request: FastifyRequest) => boolean);
    /** Called when a cached page answers, with the headers it carries (e.g. to log a search). */
    pageCacheHit?: (request: FastifyRequest, headers: Record<string, string>) => Promise<void>;
  }
}

interface Entry {
  etag: string;
  /** The headers of the response that filled the entry (security headers included), replayed on hits. */
  headers: Record<string, string>;
  identity: Buffer;
  br?: Buffer;
  gzip?: Buffer;
}

// Headers that belong to one response only, never replayed from the cache.
const PER_RESPONSE_HEADERS = new Set([
  'x-request-id',
  'content-length',
  'content-encoding',
  'date',
  'set-cookie',
]);

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export interface PageCacheOptions {
  maxBytes?: number;
  /** How long a read of the content version is trusted before the next request reads it again. */
  recheckMs?: number;
  /** The clock the recheck interval is measured on (tests move it instead of waiting). */
  now?: () => number;
}

/** The URL as requested, locale prefix included (routing sees it without the prefix). */
function cacheKey(request: FastifyRequest): string {
  const raw = request.raw as typeof request.raw & { originalUrl?: string };
  return raw.originalUrl ?? raw.url ?? request.url;
}

/**
 * A request that could be signed in, by any means: it neither reads from nor fills the cache.
 * The session plugin accepts an API token as well as the cookie, so a header alone suffices.
 */
const SESSION_COOKIE_PATTERN = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=`);

function carriesCredentials(request: FastifyRequest): boolean {
  return (
    request.headers.authorization !== undefined ||
    SESSION_COOKIE_PATTERN.test(request.headers.cookie ?? '')
  );
}

function preferredEncoding(request: FastifyRequest): 'br' | 'gzip' | 'identity' {
  const accept = String(request.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accept)) return 'br';
  if (/\bgzip\b/.test(accept)) return 'gzip';
  return 'identity';
}

function matchesEtag(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  return (
    typeof header === 'string' &&
    header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)
  );
}

async function pageCache(app: FastifyInstance, options: PageCacheOptions) {
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const recheckMs = options.recheckMs ?? 1000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let bytes = 0;
  let version: string | undefined;
  let checkedAt = 0;
  let checking: Promise<void> | undefined;
  // False while the content version cannot be read (the database is unreachable): the pages
  // kept are served as they are, marked stale, rather than not at all.
  let confirmed = true;

  const clear = () => {
    entries.clear();
    bytes = 0;
  };
  const stopListening = onContentChanged(clear);
  app.addHook('onClose', async () => stopListening());

  async function ensureFresh() {
    if (now() - checkedAt < recheckMs) return;
    checking ??= (async () => {
      const previous = version;
      try {
        // The version of the database the pages are read from (a replica may lag the primary).
        const current = await readContentVersion(app.readDb ?? app.db);
        version = current;
        // Another process changed the content: every cache of this process must recheck now,
        // or a page rendered from a search state that has not yet noticed would be cached
        // under the new version and stay stale.
        if (previous !== undefined && current !== previous) announceContentChanged();
        confirmed = true;
        checkedAt = now();
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        // Tried again after the same interval, so an outage costs one request a timeout, not each.
        confirmed = false;
        checkedAt = now();
      } finally {
        checking = undefined;
      }
    })();
    await checking;
  }

  async function sendEntry(request: FastifyRequest, reply: FastifyReply, entry: Entry) {
    reply.headers(entry.headers);
    if (matchesEtag(request, entry.etag)) return reply.code(304).send();
    const encoding = preferredEncoding(request);
    let body = entry.identity;
    if (encoding === 'br') {
      entry.br ??= await brotli(entry.identity, {
        params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9 },
      });
      body = entry.br;
    } else if (encoding === 'gzip') {
      entry.gzip ??= await gzipAsync(entry.identity, { level: 9 });
      body = entry.gzip;
    }
    if (encoding !== 'identity') reply.header('content-encoding', encoding);
    return reply.send(body);
  }

  const cacheable = (request: FastifyRequest) => {
    if (request.method !== 'GET' || carriesCredentials(request)) return false;
    const rule = request.routeOptions.config?.pageCache;
    return typeof rule === 'function' ? rule(request) : rule === true;
  };
  // Checked again once the page is rendered: whatever signed the request in (a credential this
  // plugin does not know of included), a page made for someone is never kept for everyone.
  const renderedForAnyone = (request: FastifyRequest) =>
    (request.actor ?? ANONYMOUS).kind === 'anonymous';

  // Identical requests arriving while a page is being rendered wait for it instead of rendering
  // it again (a burst of readers after a change, or after a restart).
  const filling = new Map<string, Promise<void>>();
  const finishFill = new WeakMap<FastifyRequest, () => void>();

  app.addHook('onRequest', async (request, reply) => {
    if (!cacheable(request)) return;
    await ensureFresh();
    const key = cacheKey(request);
    let entry = entries.get(key);
    const pending = entry ? undefined : filling.get(key);
    if (pending) {
      await pending;
      entry = entries.get(key);
    }
    if (!entry) {
      let done!: () => void;
      filling.set(
        key,
        new Promise<void>((resolve) => {
          done = resolve;
        }),
      );
      finishFill.set(request, () => {
        filling.delete(key);
        done();
      });
    }
    if (entry) {
      if (!confirmed) reply.header('x-page-cache', 'stale');
      try {
        await request.routeOptions.config?.pageCacheHit?.(request, entry.headers);
      } catch (error) {
        // Bookkeeping (e.g. the search log) must never cost the reader the page.
        request.log.error({ err: error }, 'page cache hit hook failed');
      }
      return sendEntry(request, reply, entry);
    }
  });

  app.addHook('onResponse', async (request) => {
    finishFill.get(request)?.();
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const personal = carriesCredentials(request) || !renderedForAnyone(request);
    // A page of a cached route made for one person: no shared cache (a CDN, a proxy) keeps it either.
    if (personal && request.routeOptions.config?.pageCache)
      reply.header('cache-control', 'private, no-store');
    // Unconfirmed, the version the page belongs to is unknown: it is sent but not kept.
    if (
      personal ||
      !confirmed ||
      !cacheable(request) ||
      reply.statusCode !== 200 ||
      typeof payload !== 'string'
    )
      return payload;
    if (reply.getHeader('etag')) return payload;
    const identity = Buffer.from(payload);
    const etag = `"${createHash('sha1').update(identity).digest('base64url')}"`;
    reply
      .header('etag', etag)
      .header('cache-control', 'public, no-cache')
      .header('vary', 'Accept-Encoding');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined && !PER_RESPONSE_HEADERS.has(name.toLowerCase()))
        headers[name] = String(value);
    }
    const entry: Entry = { etag, headers, identity };
    if (identity.length < maxBytes / 16) {
      while (bytes + identity.length > maxBytes && entries.size > 0) {
        const oldest = entries.keys().next().value as string;
        bytes -= entries.get(oldest)?.identity.length ?? 0;
        entries.delete(oldest);
      }
      entries.set(cacheKey(request), entry);
      bytes += identity.length;
    }
    if (matchesEtag(request, etag)) {
      reply.code(304);
      return '';
    }
    return payload;
  });
}

export default fp(pageCache, { name: 'page-cache' });
