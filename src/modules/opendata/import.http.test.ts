import { readFileSync } from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../test/helpers/agent.ts';
import { testConfig } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { createUser, signIn } from '../../../test/helpers/users.ts';
import { buildApp } from '../../app.ts';
import type { Actor } from '../../core/actor.ts';
import { importPractices } from '../practices/practice-interchange.service.ts';
import { DEMO_FILE } from '../system/demo-content.ts';
import { importPages } from './import.pages.tsx';
import { checkImport, IMPORT_EXPIRY_MS, purgeExpiredImports } from './import.service.ts';

const DEMO = JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as { external_id: string }[];
const EXISTING = DEMO[0]?.external_id as string;

async function* values(records: unknown[]) {
  let number = 0;
  for (const value of records) yield { number: ++number, value };
}

const record = (externalId: string, extra: Record<string, unknown> = {}) => ({
  external_id: externalId,
  title: `Practice ${externalId}`,
  language: 'en',
  summary: 'A welcome desk for newcomers.',
  country: 'FR',
  themes: ['housing'],
  ...extra,
});

const json = (records: unknown[]) => Buffer.from(JSON.stringify(records));

/** Posts a multipart upload the way a browser does. */
async function upload(
  app: FastifyInstance,
  agent: Agent,
  file: { name: string; data: Buffer } | undefined,
  fields: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const csrf = await agent.csrfFrom('/account');
  const boundary = '----clearinghouse-import-boundary';
  const parts: Buffer[] = [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
  ];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  if (file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return app.inject({
    method: 'POST',
    url: '/editor/import',
    payload: Buffer.concat(parts),
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    },
  });
}

function uploadIdOf(response: LightMyRequestResponse): string {
  const match = /name="upload" value="([0-9a-f]{32})"/.exec(response.body);
  if (!match) throw new Error(`no upload id in the report (status ${response.statusCode})`);
  return match[1] as string;
}

const fact = (term: string, value: number) => `<dt>${term}</dt><dd>${value}</dd>`;

describe.each(dialects)('bulk import for editors on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let agents: Record<'editor' | 'editor2' | 'member' | 'reviewer', Agent>;
  let editorId: number;

  const count = async () =>
    Number(
      (
        await database.db
          .selectFrom('practices')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const storedImports = async () => {
    const keys: string[] = [];
    for await (const key of app.storage.list()) if (key.startsWith('imports/')) keys.push(key);
    return keys.sort();
  };
  const commit = (agent: Agent, uploadId: string, skip = false) =>
    agent.post(
      '/editor/import/commit',
      { upload: uploadId, ...(skip ? { skip_invalid: '1' } : {}) },
      { from: '/account' },
    );

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    const report = await importPractices(database.db, values(DEMO.slice(0, 3)));
    expect(report.committed).toBe(true);
    app = await buildApp(
      testConfig(database, {
        authRateLimitPerMinute: 100_000,
        loginDelayMs: 1,
        uploadMaxBytes: 200_000,
      }),
      { db: database.db, logger: false },
    );
    // Until app.ts registers the import pages, the test does.
    if (!app.hasRoute({ method: 'GET', url: '/editor/import' })) await app.register(importPages);
    await app.ready();
    const people = {
      editor: 'editor',
      editor2: 'editor',
      member: 'member',
      reviewer: 'reviewer',
    } as const;
    agents = {} as typeof agents;
    for (const [who, role] of Object.entries(people) as [keyof typeof people, string][]) {
      const id = await createUser(database.db, `${who}@import.test`, role as 'member');
      if (who === 'editor') editorId = id;
      agents[who] = new Agent(app);
      await signIn(agents[who], `${who}@import.test`);
    }
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('shows editors the upload form, and no one else', async () => {
    const page = await agents.editor.get('/editor/import');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Import practices</h1>');
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toContain('name="_csrf"');
    expect((await agents.member.get('/editor/import')).statusCode).toBe(403);
    expect((await agents.reviewer.get('/editor/import')).statusCode).toBe(403);
    const anonymous = await new Agent(app).get('/editor/import');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/account\/login\?next=/);
  });

  it('refuses members and reviewers an upload or a confirmation', async () => {
    const before = await count();
    for (const who of ['member', 'reviewer'] as const) {
      const response = await upload(app, agents[who], {
        name: 'p.json',
        data: json([record('denied')]),
      });
      expect(response.statusCode).toBe(403);
      const confirm = await commit(agents[who], 'a'.repeat(32), true);
      expect(confirm.statusCode).toBe(403);
    }
    expect(await count()).toBe(before);
    expect(await storedImports()).toEqual([]);
  });

  it('checks a file without changing anything: counts, problems, updates, repeats, warnings', async () => {
    const before = await count();
    const file = json([
      record('imp-a'),
      { ...record(EXISTING), title: 'An existing practice, renamed' },
      record('imp-bad', { country: 'ZZ' }),
      { ...record('imp-a'), title: 'The later imp-a', colour: 'blue' },
    ]);
    const response = await upload(app, agents.editor, { name: 'practices.json', data: file });
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body).toContain('This was a check: nothing has been written yet.');
    expect(body).toContain(fact('Records read', 4));
    expect(body).toContain(fact('Valid records', 3));
    expect(body).toContain(fact('New practices', 1));
    expect(body).toContain(fact('Practices updated', 2));
    expect(body).toContain(fact('Invalid records', 1));
    expect(body).toContain('practices.json');
    expect(body).toContain('JSON');
    expect(body).toContain(
      'record 3: country: must be an ISO 3166-1 alpha-2 country code such as FR, got &#34;ZZ&#34;',
    );
    expect(body).toContain(`record 2: ${EXISTING} (An existing practice, renamed)`);
    expect(body).toContain(
      'record 4 repeats the external_id imp-a of record 1: the later record wins.',
    );
    expect(body).toContain('record 4: colour: unknown field, ignored');
    expect(body).toContain('name="skip_invalid"');
    expect(body).toContain('Import 3 practices');
    uploadIdOf(response);

    expect(await count()).toBe(before);
    const written = await database.db
      .selectFrom('practices')
      .select('title')
      .where('external_id', 'in', ['imp-a', EXISTING])
      .execute();
    expect(written.map((r) => r.title)).not.toContain('An existing practice, renamed');
    expect(written).toHaveLength(1);
  });

  it('refuses a file with invalid records as a whole, then imports the valid ones when told to skip', async () => {
    const before = await count();
    const response = await upload(app, agents.editor, {
      name: 'practices.json',
      data: json([
        record('imp-c'),
        record('imp-bad', { themes: ['no-such-theme'] }),
        { ...record('imp-c'), title: 'The later imp-c' },
        { ...record(EXISTING), title: 'Renamed by import' },
      ]),
    });
    const id = uploadIdOf(response);

    const refused = await commit(agents.editor, id);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(
      'Nothing was imported: 1 record is invalid. Correct the file, or choose to skip the invalid records.',
    );
    expect(refused.body).toContain(fact('New practices', 1));
    expect(refused.body).toContain(fact('Practices updated', 2));
    expect(await count()).toBe(before);
    expect(uploadIdOf(refused)).toBe(id);

    const done = await commit(agents.editor, id, true);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('<h1>Practices imported</h1>');
    expect(done.body).toContain('One new practice');
    expect(done.body).toContain('2 practices updated');
    expect(done.body).toContain('One invalid record skipped');
    expect(done.body).toContain('The import is recorded in the audit log.');
    expect(await count()).toBe(before + 1);
    const rows = await database.db
      .selectFrom('practices')
      .select(['external_id', 'title'])
      .where('external_id', 'in', ['imp-c', EXISTING])
      .orderBy('external_id')
      .execute();
    expect(rows).toEqual(
      [
        { external_id: EXISTING, title: 'Renamed by import' },
        { external_id: 'imp-c', title: 'The later imp-c' },
      ].sort((a, b) => a.external_id.localeCompare(b.external_id)),
    );
    const audit = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'practices.imported')
      .where('subject_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(editorId);
    expect(audit.subject_type).toBe('import');
    expect(JSON.parse(audit.details)).toEqual({
      file: 'practices.json',
      format: 'json',
      read: 4,
      created: 1,
      updated: 2,
      invalid: 1,
      skip_invalid: true,
    });
    // The upload is gone: a second confirmation imports nothing.
    expect(await storedImports()).not.toContain(`imports/${id}.bin`);
    const again = await commit(agents.editor, id, true);
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain(
      'This upload has expired or was already imported. Upload the file again.',
    );
    expect(await count()).toBe(before + 1);
  });

  it('refuses an upload id made by another editor, and keeps it for its owner', async () => {
    const before = await count();
    const response = await upload(app, agents.editor, {
      name: 'mine.ndjson',
      data: Buffer.from(`${JSON.stringify(record('imp-owner'))}\n`),
    });
    expect(response.body).toContain('NDJSON');
    const id = uploadIdOf(response);
    const stolen = await commit(agents.editor2, id, true);
    expect(stolen.statusCode).toBe(403);
    expect(await count()).toBe(before);
    const mine = await commit(agents.editor, id);
    expect(mine.statusCode).toBe(200);
    expect(await count()).toBe(before + 1);
  });

  it('reads CSV in the interchange format, recognised by its content whatever its name', async () => {
    const csv = (await app.inject('/api/v1/exports/practices.csv?country=FR')).body;
    const exported = csv.trim().split('\n').length - 1;
    expect(exported).toBeGreaterThan(0);
    const response = await upload(app, agents.editor, {
      name: 'export.txt',
      data: Buffer.from(csv),
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('CSV');
    expect(response.body).toContain(fact('Practices updated', exported));
    expect(response.body).toContain(fact('Invalid records', 0));
    expect(response.body).not.toContain('name="skip_invalid"');
    const before = await count();
    const done = await commit(agents.editor, uploadIdOf(response));
    expect(done.statusCode).toBe(200);
    expect(await count()).toBe(before);
    // The format can also be chosen.
    const chosen = await upload(
      app,
      agents.editor,
      { name: 'export.txt', data: Buffer.from(csv) },
      { format: 'json' },
    );
    expect(chosen.statusCode).toBe(400);
    expect(chosen.body).toContain('The file cannot be read as JSON: not valid JSON');
  });

  it.each([
    ['no file', undefined, 'Choose a file to upload.'],
    ['an empty file', { name: 'empty.csv', data: Buffer.alloc(0) }, 'This file is empty.'],
    [
      'broken JSON',
      { name: 'broken.json', data: Buffer.from('[{"title": ') },
      'The file cannot be read as JSON: not valid JSON',
    ],
    [
      'JSON that is not an array',
      { name: 'object.json', data: Buffer.from('{"a": 1}') },
      'The file cannot be read as JSON: a JSON file must hold an array of practice records',
    ],
    [
      'a file without records',
      { name: 'nothing.json', data: Buffer.from('[]') },
      'The file holds no practice records.',
    ],
    [
      'text that is not UTF-8',
      { name: 'latin1.csv', data: Buffer.from('title,country\nCaf\xe9,FR\n', 'latin1') },
      'The file is not UTF-8 text.',
    ],
    [
      'a file too large',
      { name: 'big.ndjson', data: Buffer.alloc(200_001, 'x') },
      'This file is too large: the limit is 0.19 MB.',
    ],
    [
      'a name with a path',
      { name: '../p.json', data: json([record('imp-path')]) },
      'Rename the file',
    ],
  ])('refuses %s with a clear message, changing nothing', async (_label, file, message) => {
    const before = await count();
    const stored = await storedImports();
    const response = await upload(app, agents.editor, file);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(message);
    expect(response.body).toContain('class="field field--error"');
    expect(await count()).toBe(before);
    expect(await storedImports()).toEqual(stored);
  });

  it('keeps nothing when no record can be imported', async () => {
    const stored = await storedImports();
    const response = await upload(app, agents.editor, {
      name: 'bad.json',
      data: json([record('imp-x', { country: 'ZZ' })]),
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('No record can be imported.');
    expect(response.body).not.toContain('name="upload"');
    expect(await storedImports()).toEqual(stored);
  });

  it('lets an upload expire, and removes expired uploads', async () => {
    const editor: Actor = {
      kind: 'user',
      id: editorId,
      role: 'editor',
      name: 'x',
      via: 'session',
      scopes: ['read', 'write'],
    };
    const old = new Date(Date.now() - IMPORT_EXPIRY_MS - 1000);
    const checked = await checkImport(
      database.db,
      app.storage,
      editor,
      { filename: 'old.json', data: json([record('imp-old')]), truncated: false },
      { maxBytes: 200_000, now: old },
    );
    if (!checked.ok) throw new Error('the check failed');
    const id = checked.check.uploadId as string;
    const fresh = await checkImport(
      database.db,
      app.storage,
      editor,
      { filename: 'fresh.json', data: json([record('imp-fresh')]), truncated: false },
      { maxBytes: 200_000 },
    );
    if (!fresh.ok) throw new Error('the check failed');
    const freshId = fresh.check.uploadId as string;
    const before = await count();
    const late = await commit(agents.editor, id);
    expect(late.statusCode).toBe(400);
    expect(late.body).toContain('This upload has expired or was already imported.');
    expect(await count()).toBe(before);

    const other = await checkImport(
      database.db,
      app.storage,
      editor,
      { filename: 'old2.json', data: json([record('imp-old2')]), truncated: false },
      { maxBytes: 200_000, now: old },
    );
    if (!other.ok) throw new Error('the check failed');
    const otherId = other.check.uploadId as string;
    expect(await storedImports()).toContain(`imports/${otherId}.bin`);
    // The expired upload went at its late confirmation; the other expired one goes now.
    expect(await purgeExpiredImports(app.storage)).toBe(1);
    const left = await storedImports();
    expect(left).not.toContain(`imports/${otherId}.bin`);
    expect(left).not.toContain(`imports/${otherId}.json`);
    expect(left).not.toContain(`imports/${id}.json`);
    expect(left).toEqual(
      expect.arrayContaining([`imports/${freshId}.bin`, `imports/${freshId}.json`]),
    );
    await expect(
      checkImport(database.db, app.storage, { kind: 'anonymous' }, undefined, { maxBytes: 1 }),
    ).rejects.toThrow('You are not allowed to do this.');
  });
});
