import type { FastifyInstance } from 'fastify';

/** Operations: overload protection, metrics and the status page (filled in by the operations work). */
export async function registerOperations(_app: FastifyInstance): Promise<void> {}
