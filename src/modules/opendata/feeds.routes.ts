import type { FastifyInstance } from 'fastify';

// Routes of this part of the open-data module are registered here.
export async function feedsRoutes(_app: FastifyInstance): Promise<void> {}
