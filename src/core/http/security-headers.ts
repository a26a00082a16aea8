import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The security headers of every answer (Content-Security-Policy, HSTS, X-Content-Type-Options
 * and the rest of helmet's set), worked out once when the application starts.
 *
 * The Fastify wrapper of helmet built helmet's middleware again for every request, parsing the
 * policy's directives each time: about a twentieth of the CPU of a computed page or API answer.
 * A route that needs another policy (a stored file's sandbox) sets its own header, which wins
 * because these are set first, in onRequest.
 */
export default fp(
  async function securityHeaders(app, options: HelmetOptions) {
    const setHeaders = helmet(options);
    app.addHook('onRequest', (request, reply, done) => {
      setHeaders(request.raw, reply.raw, (error?: unknown) =>
        done(error instanceof Error ? error : undefined),
      );
    });
  },
  { name: 'security-headers' },
);
