import { hash } from '@node-rs/argon2';
import type { Role } from '../../src/core/actor.ts';
import type { Db } from '../../src/db/connect.ts';
import type { Agent } from './agent.ts';

export const PASSWORD = 'a long test password';
let hashed: Promise<string> | undefined;

/** A confirmed account with the given role, inserted directly (registration has its own tests). */
export async function createUser(
  db: Db,
  email: string,
  role: Role = 'member',
  name = `User ${email.split('@')[0]}`,
): Promise<number> {
  hashed ??= hash(PASSWORD);
  const now = new Date().toISOString();
  const row = await db
    .insertInto('users')
    .values({
      email,
      email_verified_at: now,
      password_hash: await hashed,
      name,
      organisation_id: null,
      country_code: null,
      role,
      locale: 'en',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Signs the agent in through the form; throws unless it lands signed in. */
export async function signIn(agent: Agent, email: string, password = PASSWORD): Promise<void> {
  const response = await agent.post(
    '/account/login',
    { email, password, next: '/account' },
    { from: '/account/login' },
  );
  if (response.statusCode !== 303 || !agent.cookies.has('session'))
    throw new Error(`sign-in failed: ${response.statusCode}`);
}
