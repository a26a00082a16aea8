import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('0.0.0.0');
    expect(config.database.dialect).toBe('sqlite');
    expect(config.database.url).toBe('sqlite:./data/clearinghouse.db');
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.demoContent).toBe(true);
    expect(config.logLevel).toBe('info');
    expect(config.smtpUrl).toBeUndefined();
    expect(config.translate).toBeUndefined();
  });

  it('reads the machine translation service and its key', () => {
    expect(
      loadConfig({ TRANSLATE_URL: 'https://mt.example.org/', TRANSLATE_API_KEY: ' k ' }).translate,
    ).toEqual({ url: 'https://mt.example.org', apiKey: 'k' });
    expect(loadConfig({ TRANSLATE_URL: 'http://127.0.0.1:5000' }).translate).toEqual({
      url: 'http://127.0.0.1:5000',
      apiKey: undefined,
    });
  });

  it('selects PostgreSQL from a postgres:// URL', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://app:secret@db.example:5432/clearinghouse',
    });
    expect(config.database).toMatchObject({
      dialect: 'postgres',
      connectionString: 'postgres://app:secret@db.example:5432/clearinghouse',
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT: must be an integer from 0 to 65535, got "eighty"'],
    [{ PORT: '70000' }, 'PORT: must be an integer from 0 to 65535, got "70000"'],
    [
      { DATABASE_URL: 'mysql://x' },
      'DATABASE_URL: must start with sqlite: or postgres://, got "mysql:…"',
    ],
    [
      { DATABASE_URL: 'sqlite:' },
      'DATABASE_URL: sqlite: needs a file path, e.g. sqlite:./data/clearinghouse.db',
    ],
    [{ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL: is not a URL: "not a url"'],
    [{ PUBLIC_URL: 'ftp://example.org' }, 'PUBLIC_URL: must start with http:// or https://'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL: must start with smtp:// or smtps://'],
    [{ TRANSLATE_URL: 'ftp://mt' }, 'TRANSLATE_URL: must start with http:// or https://'],
    [{ MAIL_FROM: 'nobody' }, 'MAIL_FROM: must be an address'],
    [{ MAIL_FROM: 'A <a@b.org>\nBcc: x@y.org' }, 'MAIL_FROM: must be an address'],
    [{ LOGIN_DELAY_MS: 'soon' }, 'LOGIN_DELAY_MS: must be a whole number, got "soon"'],
    [{ UPLOAD_MAX_MB: '0' }, 'UPLOAD_MAX_MB: must be at least 1'],
    [{ JOB_WORKER: 'sometimes' }, 'JOB_WORKER: must be 0 or 1, got "sometimes"'],
    [
      { DATABASE_READ_URL: 'postgres://replica.example/db' },
      'DATABASE_READ_URL: needs DATABASE_URL to be the PostgreSQL primary',
    ],
    [
      { DATABASE_URL: 'postgres://primary.example/db', DATABASE_READ_URL: 'sqlite:./x.db' },
      'DATABASE_READ_URL: must be a postgres:// address of a read replica',
    ],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN: must be at least 16 characters without spaces'],
    [{ REQUEST_TIMEOUT_MS: '0' }, 'REQUEST_TIMEOUT_MS: must be at least 1'],
    [{ OVERLOAD_MAX_HEAP_MB: 'lots' }, 'OVERLOAD_MAX_HEAP_MB: must be a whole number, got "lots"'],
    [{ CLEARINGHOUSE_DEMO: 'maybe' }, 'CLEARINGHOUSE_DEMO: must be 0 or 1, got "maybe"'],
    [
      { LOG_LEVEL: 'loud' },
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    ],
    [{ RATE_LIMIT_PER_MINUTE: '-1' }, 'RATE_LIMIT_PER_MINUTE: must be a whole number, got "-1"'],
    [{ LICENCE_URL: 'not a url' }, 'LICENCE_URL: is not a URL: "not a url"'],
    [
      { LICENCE_URL: 'ftp://example.org/licence' },
      'LICENCE_URL: must start with http:// or https://',
    ],
    [
      { LICENCE_NAME: 'CC BY\nX-Evil: 1' },
      'LICENCE_NAME: must be one line of at most 100 characters',
    ],
  ])('refuses %o naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('takes a sender with or without a display name', () => {
    expect(loadConfig({ MAIL_FROM: 'Hub <hub@example.org>' }).mailFrom).toBe(
      'Hub <hub@example.org>',
    );
    expect(loadConfig({ MAIL_FROM: 'hub@example.org' }).mailFrom).toBe('hub@example.org');
    expect(loadConfig({ PUBLIC_URL: 'https://hub.example.org' }).mailFrom).toBe(
      'Integration Clearinghouse <no-reply@hub.example.org>',
    );
  });

  it('limits what one account sends in an hour, each limit set or turned off with 0', () => {
    expect(loadConfig({})).toMatchObject({
      submissionRateLimitPerHour: 5,
      contactRateLimitPerHour: 5,
      commentRateLimitPerHour: 10,
    });
    expect(
      loadConfig({
        SUBMISSION_RATE_LIMIT_PER_HOUR: '0',
        CONTACT_RATE_LIMIT_PER_HOUR: '12',
        COMMENT_RATE_LIMIT_PER_HOUR: '30',
      }),
    ).toMatchObject({
      submissionRateLimitPerHour: 0,
      contactRateLimitPerHour: 12,
      commentRateLimitPerHour: 30,
    });
    expect(() => loadConfig({ COMMENT_RATE_LIMIT_PER_HOUR: 'many' })).toThrow(
      'COMMENT_RATE_LIMIT_PER_HOUR: must be a whole number, got "many"',
    );
  });

  it('publishes where to report vulnerabilities: security@ the site by default, or SECURITY_CONTACT', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://hub.example.org' }).securityContact).toBe(
      'mailto:security@hub.example.org',
    );
    expect(loadConfig({ SECURITY_CONTACT: 'cert@city.example' }).securityContact).toBe(
      'mailto:cert@city.example',
    );
    expect(loadConfig({ SECURITY_CONTACT: 'https://city.example/report' }).securityContact).toBe(
      'https://city.example/report',
    );
    expect(() => loadConfig({ SECURITY_CONTACT: 'http://city.example/report' })).toThrow(
      'SECURITY_CONTACT: must be an address, a mailto: or an https: URL',
    );
    expect(() => loadConfig({ SECURITY_CONTACT: 'not a contact' })).toThrow('SECURITY_CONTACT');
  });

  it('turns demo content off with CLEARINGHOUSE_DEMO=0', () => {
    expect(loadConfig({ CLEARINGHOUSE_DEMO: '0' }).demoContent).toBe(false);
  });

  it('names the open-data licence: CC BY 4.0 unless LICENCE_NAME and LICENCE_URL say otherwise', () => {
    expect(loadConfig({}).licence).toEqual({
      name: 'CC BY 4.0',
      url: 'https://creativecommons.org/licenses/by/4.0/',
    });
    expect(
      loadConfig({
        LICENCE_NAME: ' Open Government Licence v3.0 ',
        LICENCE_URL: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
      }).licence,
    ).toEqual({
      name: 'Open Government Licence v3.0',
      url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
    });
  });
});
