import type { FastifyInstance } from 'fastify';

// Routes of this part of the open-data module are registered here.
export async function oaiRoutes(_app: FastifyInstance): Promise<void> {}
