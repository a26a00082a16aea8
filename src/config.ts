import path from 'node:path';

/**
 * The only reader of `process.env`. Every variable is parsed and checked here, once, so that a
 * wrong value stops the start with a message naming the variable instead of failing later.
 *
 *   loadConfig({ PORT: 'eighty' })  // throws ConfigError: PORT: must be an integer from 1 to 65535, got "eighty"
 */
export type DatabaseConfig =
  | { dialect: 'sqlite'; filename: string; url: string }
  | { dialect: 'postgres'; connectionString: string; url: string };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  port: number;
  host: string;
  database: DatabaseConfig;
  publicUrl: string;
  smtpUrl: string | undefined;
  /**
   * A LibreTranslate-compatible service that pre-fills a translator's form; without it the
   * machine translation button is not offered at all.
   */
  translate: { url: string; apiKey: string | undefined } | undefined;
  demoContent: boolean;
  logLevel: LogLevel;
  dataDir: string;
  trustProxy: boolean;
  /** Requests per minute per client address; 0 turns the limit off (benchmarks). */
  rateLimitPerMinute: number;
  /** Keep rendered anonymous pages in memory until content changes. */
  pageCache: boolean;
  /** The From: of outgoing email. */
  mailFrom: string;
  /** Requests per minute per address to sign-in, registration and reset forms. */
  authRateLimitPerMinute: number;
  /** Base of the growing delay after repeated failed logins, in milliseconds. */
  loginDelayMs: number;
  /** Requests per minute per address to the search API. */
  searchRateLimitPerMinute: number;
  /**
   * Practices one account may send to the editors in an hour, by the form and the API together;
   * 0 turns the limit off. Each one emails every editor; writing a practice up takes hours, so
   * 5 leaves room for an organisation sending several through the API while stopping a script.
   */
  submissionRateLimitPerHour: number;
  /**
   * Messages one account may send through the contact relay in an hour, and four times as many
   * in a day; 0 turns both off. Each lands in a stranger's inbox from our mail server, whose
   * reputation spam would spoil: 5 (20 a day) is plenty for someone reaching out to peers.
   */
  contactRateLimitPerHour: number;
  /**
   * Comments and questions one account may post in an hour; 0 turns the limit off. 10 keeps up
   * with a lively exchange (one post every six minutes) and stops a flood of posts and emails.
   */
  commentRateLimitPerHour: number;
  /** Run the background job worker in this process (emails, reminders). */
  jobWorker: boolean;
  /** How often an idle worker looks for due jobs, in milliseconds. */
  jobPollMs: number;
  /** Largest accepted upload, in bytes. */
  uploadMaxBytes: number;
  /** A read replica for public pages and the read API; undefined reads from the primary. */
  readDatabase: DatabaseConfig | undefined;
  /** Bearer token for /metrics; without it /metrics answers only loopback addresses. */
  metricsToken: string | undefined;
  /** A request not answered within this many milliseconds is cut off. */
  requestTimeoutMs: number;
  /** A database statement running longer than this is cancelled (PostgreSQL). */
  dbStatementTimeoutMs: number;
  /** How long to wait for a database connection before answering 503 (or reading from the primary). */
  dbConnectTimeoutMs: number;
  /** Above this event-loop delay new requests get 503 with Retry-After; 0 turns it off. */
  overloadMaxEventLoopDelayMs: number;
  /** Above this heap use new requests get 503 with Retry-After; 0 turns it off. */
  overloadMaxHeapBytes: number;
  /** The licence of the open data: named on exports (Link header), the nightly dump and /exports. */
  licence: { name: string; url: string };
  /** Where vulnerabilities are reported (a mailto: or https: URL), published in security.txt. */
  securityContact: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`${variable}: ${detail}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

type Env = Record<string, string | undefined>;

function readPort(env: Env): number {
  const raw = env.PORT?.trim();
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 0 || port > 65535) {
    throw new ConfigError('PORT', `must be an integer from 0 to 65535, got "${raw}"`);
  }
  return port;
}

export function parseDatabaseUrl(raw: string): DatabaseConfig {
  if (raw.startsWith('postgres://') || raw.startsWith('postgresql://')) {
    try {
      const url = new URL(raw);
      if (!url.hostname && !url.searchParams.get('host')) throw new Error('no host');
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid postgres:// URL');
    }
    return { dialect: 'postgres', connectionString: raw, url: raw };
  }
  if (raw.startsWith('sqlite:')) {
    const target = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (target === '') {
      throw new ConfigError(
        'DATABASE_URL',
        'sqlite: needs a file path, e.g. sqlite:./data/clearinghouse.db',
      );
    }
    const filename = target === ':memory:' ? ':memory:' : path.resolve(target);
    return { dialect: 'sqlite', filename, url: raw };
  }
  throw new ConfigError(
    'DATABASE_URL',
    `must start with sqlite: or postgres://, got "${raw.split(':')[0] ?? raw}:…"`,
  );
}

function readPublicUrl(env: Env, port: number): string {
  const raw = env.PUBLIC_URL?.trim();
  if (!raw) return `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('PUBLIC_URL', `is not a URL: "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('PUBLIC_URL', 'must start with http:// or https://');
  }
  return url.href.replace(/\/$/, '');
}

function readSmtpUrl(env: Env): string | undefined {
  const raw = env.SMTP_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('SMTP_URL', 'is not a URL (expected smtp://user:password@host:port)');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new ConfigError('SMTP_URL', 'must start with smtp:// or smtps://');
  }
  return raw;
}

function readTranslate(env: Env): Config['translate'] {
  const raw = env.TRANSLATE_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('TRANSLATE_URL', 'is not a URL (expected https://host[:port])');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError('TRANSLATE_URL', 'must start with http:// or https://');
  return { url: url.href.replace(/\/$/, ''), apiKey: env.TRANSLATE_API_KEY?.trim() || undefined };
}

/** `Name <address>` or a bare address; one line, so it cannot add mail headers. */
function readMailFrom(env: Env, port: number): string {
  const raw = env.MAIL_FROM?.trim();
  if (!raw)
    return `Integration Clearinghouse <no-reply@${new URL(readPublicUrl(env, port)).hostname}>`;
  if (!/^(?:[^<>\r\n]+ <[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(raw))
    throw new ConfigError(
      'MAIL_FROM',
      'must be an address, e.g. "Clearinghouse <no-reply@example.org>"',
    );
  return raw;
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be 0 or 1, got "${env[name]}"`);
}

function readCount(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  return Number(raw);
}

function readPositive(env: Env, name: string, fallback: number): number {
  const value = readCount(env, name, fallback);
  if (value === 0) throw new ConfigError(name, 'must be at least 1');
  return value;
}

function readReadDatabase(env: Env): DatabaseConfig | undefined {
  const raw = env.DATABASE_READ_URL?.trim();
  if (!raw) return undefined;
  let parsed: DatabaseConfig;
  try {
    parsed = parseDatabaseUrl(raw);
  } catch (error) {
    throw new ConfigError('DATABASE_READ_URL', (error as Error).message.replace(/^[A-Z_]+: /, ''));
  }
  // A replica streams from a PostgreSQL primary; SQLite has a single file and no replicas.
  if (parsed.dialect !== 'postgres')
    throw new ConfigError('DATABASE_READ_URL', 'must be a postgres:// address of a read replica');
  return parsed;
}

function readMetricsToken(env: Env): string | undefined {
  const raw = env.METRICS_TOKEN?.trim();
  if (!raw) return undefined;
  if (raw.length < 16 || /\s/.test(raw))
    throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters without spaces');
  return raw;
}

function readLicence(env: Env): { name: string; url: string } {
  const name = env.LICENCE_NAME?.trim() || 'CC BY 4.0';
  if ([...name].length > 100 || /\p{Cc}/u.test(name))
    throw new ConfigError('LICENCE_NAME', 'must be one line of at most 100 characters');
  const raw = env.LICENCE_URL?.trim() || 'https://creativecommons.org/licenses/by/4.0/';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('LICENCE_URL', `is not a URL: "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError('LICENCE_URL', 'must start with http:// or https://');
  return { name, url: url.href };
}

/** A mailto: or https: URL; a bare address becomes mailto:. By default security@ the site's host. */
function readSecurityContact(env: Env, port: number): string {
  const raw = env.SECURITY_CONTACT?.trim();
  if (!raw) return `mailto:security@${new URL(readPublicUrl(env, port)).hostname}`;
  if (/^[^\s<>@:/]+@[^\s<>@/]+$/.test(raw)) return `mailto:${raw}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('SECURITY_CONTACT', `must be an address or a URL, got "${raw}"`);
  }
  if (url.protocol !== 'mailto:' && url.protocol !== 'https:')
    throw new ConfigError('SECURITY_CONTACT', 'must be an address, a mailto: or an https: URL');
  return url.href;
}

function readLogLevel(env: Env): LogLevel {
  const raw = env.LOG_LEVEL?.trim().toLowerCase();
  if (!raw) return 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  }
  return raw as LogLevel;
}

export function loadConfig(env: Env = process.env): Config {
  const port = readPort(env);
  const dataDir = path.resolve(env.DATA_DIR?.trim() || './data');
  const databaseUrl = env.DATABASE_URL?.trim() || 'sqlite:./data/clearinghouse.db';
  const database = parseDatabaseUrl(databaseUrl);
  const readDatabase = readReadDatabase(env);
  if (readDatabase && database.dialect !== 'postgres')
    throw new ConfigError('DATABASE_READ_URL', 'needs DATABASE_URL to be the PostgreSQL primary');
  return {
    port,
    host: env.HOST?.trim() || '0.0.0.0',
    database,
    publicUrl: readPublicUrl(env, port),
    smtpUrl: readSmtpUrl(env),
    translate: readTranslate(env),
    demoContent: readBoolean(env, 'CLEARINGHOUSE_DEMO', true),
    logLevel: readLogLevel(env),
    dataDir,
    trustProxy: readBoolean(env, 'TRUST_PROXY', false),
    rateLimitPerMinute: readCount(env, 'RATE_LIMIT_PER_MINUTE', 600),
    pageCache: readBoolean(env, 'PAGE_CACHE', true),
    mailFrom: readMailFrom(env, port),
    authRateLimitPerMinute: readCount(env, 'AUTH_RATE_LIMIT_PER_MINUTE', 10),
    loginDelayMs: readCount(env, 'LOGIN_DELAY_MS', 500),
    searchRateLimitPerMinute: readCount(env, 'SEARCH_RATE_LIMIT_PER_MINUTE', 120),
    submissionRateLimitPerHour: readCount(env, 'SUBMISSION_RATE_LIMIT_PER_HOUR', 5),
    contactRateLimitPerHour: readCount(env, 'CONTACT_RATE_LIMIT_PER_HOUR', 5),
    commentRateLimitPerHour: readCount(env, 'COMMENT_RATE_LIMIT_PER_HOUR', 10),
    jobWorker: readBoolean(env, 'JOB_WORKER', true),
    jobPollMs: readPositive(env, 'JOB_POLL_MS', 1000),
    uploadMaxBytes: readPositive(env, 'UPLOAD_MAX_MB', 10) * 1024 * 1024,
    readDatabase,
    metricsToken: readMetricsToken(env),
    requestTimeoutMs: readPositive(env, 'REQUEST_TIMEOUT_MS', 30_000),
    dbStatementTimeoutMs: readPositive(env, 'DB_STATEMENT_TIMEOUT_MS', 15_000),
    dbConnectTimeoutMs: readPositive(env, 'DB_CONNECT_TIMEOUT_MS', 5000),
    overloadMaxEventLoopDelayMs: readCount(env, 'OVERLOAD_MAX_EVENT_LOOP_DELAY_MS', 1000),
    overloadMaxHeapBytes: readCount(env, 'OVERLOAD_MAX_HEAP_MB', 0) * 1024 * 1024,
    licence: readLicence(env),
    securityContact: readSecurityContact(env, port),
  };
}
