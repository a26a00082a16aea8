import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/**
 * The app as route plugins see it: with the TypeBox type provider, so `request.params`,
 * `request.query` and `request.body` have the types of the route's schemas and need no cast.
 *
 *   export async function shortlistPages(app: TypedApp) {
 *     app.post('/shortlist/add', { schema: { body: Type.Object({ practice: Type.String() }) } },
 *       async (request) => request.body.practice); // a string
 *   }
 */
export type TypedApp = Parameters<FastifyPluginAsyncTypebox>[0];
