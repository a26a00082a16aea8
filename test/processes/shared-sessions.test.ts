import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPreparedDatabase, dialects, type TestDatabase } from '../helpers/databases.ts';
import {
  CookieClient,
  type startServerProcess,
  startServerProcesses,
} from '../helpers/processes.ts';
import { createUser, PASSWORD } from '../helpers/users.ts';

describe.skipIf(!dialects.includes('postgres'))(
  'two app processes on one PostgreSQL database',
  () => {
    let database: TestDatabase;
    let servers: Awaited<ReturnType<typeof startServerProcess>>[] = [];

    beforeAll(async () => {
      database = await createPreparedDatabase('postgres');
      await createUser(database.db, 'shared@example.org', 'member', 'Shared Session');
      const env = { DATABASE_URL: database.config.url, PUBLIC_URL: 'http://127.0.0.1' };
      servers = await startServerProcesses(2, env);
    }, 180_000);
    afterAll(async () => {
      await Promise.all(servers.map((s) => s.stop()));
      await database?.drop();
    });

    it('share sessions: signed in on one, recognised by the other, signed out everywhere from either', async () => {
      const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
      const client = new CookieClient();
      const login = await client.post(
        `${a.url}/account/login`,
        { email: 'shared@example.org', password: PASSWORD },
        `${a.url}/account/login`,
      );
      expect(login.status).toBe(303);
      expect(client.cookies.has('session')).toBe(true);
      const session = client.cookies.get('session') as string;

      const onB = await client.fetch(`${b.url}/account`);
      expect(onB.status).toBe(200);
      expect(await onB.text()).toContain('Shared Session');

      const ended = await client.post(`${b.url}/account/sessions/end`, {}, `${b.url}/account`);
      expect(ended.status).toBe(200);
      // The old cookie, replayed on the other process, opens nothing.
      const replay = new CookieClient();
      replay.cookies.set('session', session);
      expect((await replay.fetch(`${a.url}/account`)).status).toBe(303);
    });
  },
);
