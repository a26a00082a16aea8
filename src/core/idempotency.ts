import type { Db } from '../db/connect.ts';

/**
 * The Idempotency-Key store: a key is claimed by inserting a 'processing' row, which the primary
 * key lets only one request (in any process) do; the answer then replaces the claim, or the claim
 * is given up so that the client may try again.
 *
 *   const claim = await claimIdempotencyKey(db, scope, requestHash, request.id)
 *   if (claim.outcome === 'claimed') … do the work, then completeIdempotencyKey or releaseIdempotencyKey
 */
export interface IdempotencyScope {
  userId: number;
  /** Method and route pattern: the same key on another endpoint is another request. */
  route: string;
  keyHash: string;
}

export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type IdempotencyClaim =
  | { outcome: 'claimed' }
  | { outcome: 'replay'; answer: StoredAnswer }
  | { outcome: 'in-progress' }
  | { outcome: 'mismatch' };

/** How long a key and its answer are kept (the draft's suggestion: a day covers any retry). */
export const IDEMPOTENCY_KEY_LIFETIME_MS = 24 * 3600_000;

/**
 * A claim older than this belongs to a process that died mid-request: it is taken over rather
 * than blocking the key for a day. Far above any request's running time, so a live request is
 * never overtaken.
 */
export const IDEMPOTENCY_CLAIM_STALE_MS = 5 * 60_000;

export async function claimIdempotencyKey(
  db: Db,
  scope: IdempotencyScope,
  requestHash: string,
  claim: string,
  now = new Date(),
): Promise<IdempotencyClaim> {
  await purgeExpiredIdempotencyKeys(db, now);
  const at = now.toISOString();
  // Each pass either decides or finds the row gone (released or expired meanwhile) and inserts again.
  for (let pass = 0; pass < 3; pass++) {
    const inserted = await db
      .insertInto('idempotency_keys')
      .values({
        user_id: scope.userId,
        route: scope.route,
        key_hash: scope.keyHash,
        request_hash: requestHash,
        state: 'processing',
        claim,
        status: null,
        headers: null,
        body: null,
        created_at: at,
        expires_at: new Date(now.getTime() + IDEMPOTENCY_KEY_LIFETIME_MS).toISOString(),
      })
      .onConflict((oc) => oc.columns(['user_id', 'route', 'key_hash']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0) return { outcome: 'claimed' };
    const row = await db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('user_id', '=', scope.userId)
      .where('route', '=', scope.route)
      .where('key_hash', '=', scope.keyHash)
      .executeTakeFirst();
    if (!row) continue;
    if (row.expires_at <= at) {
      await db
        .deleteFrom('idempotency_keys')
        .where('user_id', '=', scope.userId)
        .where('route', '=', scope.route)
        .where('key_hash', '=', scope.keyHash)
        .where('expires_at', '=', row.expires_at)
        .execute();
      continue;
    }
    if (row.request_hash !== requestHash) return { outcome: 'mismatch' };
    if (row.state === 'done' && row.status !== null && row.body !== null) {
      return {
        outcome: 'replay',
        answer: {
          status: Number(row.status),
          headers: JSON.parse(row.headers ?? '{}') as Record<string, string>,
          body: row.body,
        },
      };
    }
    if (Date.parse(row.created_at) + IDEMPOTENCY_CLAIM_STALE_MS > now.getTime())
      return { outcome: 'in-progress' };
    // Only one of several requests taking over the same stale claim gets it.
    const taken = await db
      .updateTable('idempotency_keys')
      .set({ claim, created_at: at })
      .where('user_id', '=', scope.userId)
      .where('route', '=', scope.route)
      .where('key_hash', '=', scope.keyHash)
      .where('state', '=', 'processing')
      .where('claim', '=', row.claim)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) > 0) return { outcome: 'claimed' };
  }
  return { outcome: 'in-progress' };
}

/** Replaces the claim with the answer to replay; the key keeps its first expiry. */
export async function completeIdempotencyKey(
  db: Db,
  scope: IdempotencyScope,
  claim: string,
  answer: StoredAnswer,
): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({
      state: 'done',
      status: answer.status,
      headers: JSON.stringify(answer.headers),
      body: answer.body,
    })
    .where('user_id', '=', scope.userId)
    .where('route', '=', scope.route)
    .where('key_hash', '=', scope.keyHash)
    .where('claim', '=', claim)
    .execute();
}

/** Gives the key up (a refusal or a failure changed nothing), so that a retry is processed anew. */
export async function releaseIdempotencyKey(
  db: Db,
  scope: IdempotencyScope,
  claim: string,
): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('user_id', '=', scope.userId)
    .where('route', '=', scope.route)
    .where('key_hash', '=', scope.keyHash)
    .where('claim', '=', claim)
    .where('state', '=', 'processing')
    .execute();
}

/** Forgets keys that have expired: writes are few, so each claim clears them (an index finds them). */
export async function purgeExpiredIdempotencyKeys(db: Db, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('expires_at', '<=', now.toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
