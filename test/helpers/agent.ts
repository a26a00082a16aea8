import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/**
 * A browser-like client for `app.inject`: keeps cookies between requests and reads the CSRF
 * token from a form, so tests go through the same doors as people do.
 */
export class Agent {
  readonly cookies = new Map<string, string>();

  /** `remoteAddress`: the client's network address, for limits counted per client. */
  constructor(
    private readonly app: FastifyInstance,
    private readonly client: { remoteAddress?: string } = {},
  ) {}

  private cookieHeader(): string | undefined {
    return this.cookies.size === 0
      ? undefined
      : [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of response.cookies as {
      name: string;
      value: string;
      maxAge?: number;
      expires?: Date;
    }[]) {
      const expired =
        cookie.maxAge === 0 ||
        (cookie.expires !== undefined && cookie.expires.getTime() < Date.now()) ||
        cookie.value === '';
      if (expired) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return response;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const cookie = this.cookieHeader();
    return this.remember(
      await this.app.inject({
        method: 'GET',
        url,
        ...this.client,
        headers: { ...headers, ...(cookie ? { cookie } : {}) },
      }),
    );
  }

  /** The CSRF token of the first form on a page (and its cookie). */
  async csrfFrom(url: string): Promise<string> {
    const page = await this.get(url);
    const match = /name="_csrf" value="([^"]+)"/.exec(page.body);
    if (!match) throw new Error(`no CSRF token on ${url} (status ${page.statusCode})`);
    return match[1] as string;
  }

  /** Posts a form; `csrf: false` leaves the token out, `csrf: 'x'` sends that one. */
  async post(
    url: string,
    fields: Record<string, string | string[]>,
    options: { csrf?: string | false; from?: string; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    const token =
      options.csrf === false
        ? undefined
        : (options.csrf ?? (await this.csrfFrom(options.from ?? url)));
    const body = new URLSearchParams();
    if (token !== undefined) body.append('_csrf', token);
    for (const [k, v] of Object.entries(fields))
      for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
    const cookie = this.cookieHeader();
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        ...this.client,
        payload: body.toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...options.headers,
          ...(cookie ? { cookie } : {}),
        },
      }),
    );
  }
}
