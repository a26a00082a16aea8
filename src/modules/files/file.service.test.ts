import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { createUser } from '../../../test/helpers/users.ts';
import securityHeaders from '../../core/http/security-headers.ts';
import { createLocalStorage, type Storage } from '../../core/storage.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import {
  contentDisposition,
  deleteStoredFile,
  isAcceptableFileName,
  type StoreUploadResult,
  sendStoredFile,
  storeUpload,
  webKeyOf,
} from './file.service.ts';
import type { FileRow } from './file.table.ts';

const MAX = 10 * 1024 * 1024;

/** A small but well-formed PDF: one empty page. */
const PDF = Buffer.from(
  [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj',
    'xref',
    '0 4',
    '0000000000 65535 f ',
    'trailer << /Size 4 /Root 1 0 R >>',
    '%%EOF',
    '',
  ].join('\n'),
  'latin1',
);

/** A Windows executable: the 'MZ' header and some padding. */
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(1022, 0x90)]);

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function image(width: number, height: number) {
  return sharp({
    create: { width, height, channels: 3, background: { r: 20, g: 120, b: 200 } },
  });
}

async function keysIn(storage: Storage): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of storage.list()) keys.push(key);
  return keys.sort();
}

function accepted(result: StoreUploadResult): FileRow {
  if (!result.ok) throw new Error(`refused: ${result.error.key}`);
  return result.file;
}

describe('file names', () => {
  it('accepts ordinary names in any script', () => {
    for (const name of ['report.pdf', 'Rapport final (2026).pdf', 'تقرير.pdf', '报告 v2.png'])
      expect(isAcceptableFileName(name), name).toBe(true);
  });

  it('refuses paths, controls, dot segments and long names', () => {
    for (const name of [
      '',
      '  ',
      '../x.pdf',
      'a/b.pdf',
      'a\\b.pdf',
      '..',
      '.',
      'x\u0000.pdf',
      'x\n.pdf',
      'x\u007f.pdf',
      'evil\u202Efdp.exe',
      `${'a'.repeat(197)}.pdf`,
    ])
      expect(isAcceptableFileName(name), JSON.stringify(name)).toBe(false);
    expect(isAcceptableFileName(`${'a'.repeat(196)}.pdf`)).toBe(true);
  });
});

describe('content-disposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name (RFC 6266, RFC 5987)', () => {
    expect(contentDisposition('inline', 'Étude "finale".pdf')).toBe(
      `inline; filename="Etude _finale_.pdf"; filename*=UTF-8''%C3%89tude%20%22finale%22.pdf`,
    );
    expect(contentDisposition('inline', "l'été (1)*.pdf")).toBe(
      `inline; filename="l'ete (1)*.pdf"; filename*=UTF-8''l%27%C3%A9t%C3%A9%20%281%29%2A.pdf`,
    );
    expect(contentDisposition('attachment', '报告.pdf')).toBe(
      `attachment; filename="__.pdf"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf`,
    );
  });
});

describe.each(dialects)('uploaded files on %s', (dialect: DialectName) => {
  let test: TestDatabase;
  let storage: Storage;
  let storageDir: string;
  let userId: number;

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    await migrateToLatest(test.db);
    userId = await createUser(test.db, 'uploader@example.org', 'contributor', 'Uploader');
  });
  afterAll(() => test.drop());

  beforeEach(async () => {
    storageDir = await mkdtemp(path.join(tmpdir(), 'files-'));
    storage = createLocalStorage(storageDir);
  });
  afterEach(() => rm(storageDir, { recursive: true, force: true }));

  const rowCount = async () =>
    Number(
      (
        await test.db
          .selectFrom('files')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** Asserts the upload is refused with the key and that nothing was stored: no bytes, no row. */
  async function expectRefused(
    upload: { filename: string; data: Buffer; maxBytes?: number },
    key: string,
  ) {
    const before = await rowCount();
    const result = await storeUpload(test.db, storage, {
      uploadedBy: userId,
      maxBytes: MAX,
      ...upload,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.key).toBe(key);
      expect(result.error.message).not.toBe('');
    }
    expect(await keysIn(storage)).toEqual([]);
    expect(await rowCount()).toBe(before);
    return result;
  }

  it('accepts a PDF under a generated key, never the uploaded name', async () => {
    const file = accepted(
      await storeUpload(test.db, storage, {
        filename: 'Secret-Plan Étude.pdf',
        data: PDF,
        uploadedBy: userId,
        maxBytes: MAX,
      }),
    );
    expect(file).toMatchObject({
      original_name: 'Secret-Plan Étude.pdf',
      media_type: 'application/pdf',
      size: PDF.length,
      width: null,
      height: null,
      web_key: null,
      uploaded_by: userId,
    });
    expect(file.storage_key).toMatch(/^\d{4}\/\d{2}\/[0-9a-f]{32}\.pdf$/);
    expect(file.storage_key.toLowerCase()).not.toContain('secret');
    expect(await keysIn(storage)).toEqual([file.storage_key]);
    expect((await storage.read(file.storage_key)).equals(PDF)).toBe(true);
    const row = await test.db
      .selectFrom('files')
      .selectAll()
      .where('id', '=', file.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual(file);
  });

  it('accepts a PNG and keeps a WebP web copy at most 1600 px on its long side', async () => {
    const png = await image(2000, 1000).png().toBuffer();
    const file = accepted(
      await storeUpload(test.db, storage, {
        filename: 'map.png',
        data: png,
        uploadedBy: null,
        maxBytes: MAX,
      }),
    );
    expect(file).toMatchObject({ media_type: 'image/png', width: 2000, height: 1000 });
    expect(file.storage_key).toMatch(/^\d{4}\/\d{2}\/[0-9a-f]{32}\.png$/);
    expect(file.web_key).toBe(webKeyOf(file.storage_key));
    expect(file.web_key).toMatch(/^\d{4}\/\d{2}\/[0-9a-f]{32}\.web\.webp$/);
    expect(await keysIn(storage)).toEqual([file.storage_key, file.web_key].sort());
    expect((await storage.read(file.storage_key)).equals(png)).toBe(true);
    const web = await sharp(await storage.read(file.web_key as string)).metadata();
    expect(web).toMatchObject({ format: 'webp', width: 1600, height: 800 });
  });

  it('does not enlarge a small image', async () => {
    const file = accepted(
      await storeUpload(test.db, storage, {
        filename: 'small.webp',
        data: await image(300, 200).webp().toBuffer(),
        uploadedBy: null,
        maxBytes: MAX,
      }),
    );
    expect(file).toMatchObject({ media_type: 'image/webp', width: 300, height: 200 });
    const web = await sharp(await storage.read(file.web_key as string)).metadata();
    expect(web).toMatchObject({ width: 300, height: 200 });
  });

  it('turns a JPEG as its EXIF orientation says and strips EXIF from the web copy', async () => {
    // 300×200 pixels stored, shown turned a quarter (orientation 6): 200×300.
    const jpeg = await image(300, 200)
      .jpeg()
      .withExif({ IFD0: { Copyright: 'Someone', Artist: 'A camera owner' } })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const original = await sharp(jpeg).metadata();
    expect(original.exif).toBeDefined();
    expect(original.orientation).toBe(6);

    const file = accepted(
      await storeUpload(test.db, storage, {
        filename: 'photo.jpeg',
        data: jpeg,
        uploadedBy: null,
        maxBytes: MAX,
      }),
    );
    expect(file).toMatchObject({ media_type: 'image/jpeg', width: 200, height: 300 });
    expect(file.storage_key).toMatch(/\.jpg$/);
    const web = await sharp(await storage.read(file.web_key as string)).metadata();
    expect(web).toMatchObject({ format: 'webp', width: 200, height: 300 });
    expect(web.exif).toBeUndefined();
    expect(web.orientation).toBeUndefined();
    expect(web.icc).toBeUndefined();
    expect(web.xmp).toBeUndefined();
  });

  it('refuses an executable named report.pdf, by its content', async () => {
    const result = await expectRefused(
      { filename: 'report.pdf', data: EXE },
      'form.error.fileType',
    );
    if (!result.ok) {
      expect(result.error.values).toEqual({ detected: 'EXE' });
      expect(result.error.message).toBe(
        'Only PDF, PNG, JPEG or WebP files are accepted; this file is of type EXE.',
      );
    }
    await expectRefused(
      { filename: 'notes.pdf', data: Buffer.from('just some text, not a PDF\n') },
      'form.error.fileType',
    );
  });

  it('refuses an empty file', async () => {
    await expectRefused({ filename: 'empty.pdf', data: Buffer.alloc(0) }, 'form.error.fileEmpty');
  });

  it('refuses a file over the size limit and says the limit', async () => {
    const result = await expectRefused(
      {
        filename: 'big.pdf',
        data: Buffer.concat([PDF, Buffer.alloc(2 * 1024 * 1024)]),
        maxBytes: 2 * 1024 * 1024,
      },
      'form.error.fileTooLarge',
    );
    if (!result.ok) {
      expect(result.error.values).toEqual({ max: 2 });
      expect(result.error.message).toBe('This file is too large: the limit is 2 MB.');
    }
    // Checked before anything else: an oversized empty-named file is refused for its size.
    await expectRefused(
      { filename: '../x.pdf', data: Buffer.alloc(11), maxBytes: 10 },
      'form.error.fileTooLarge',
    );
  });

  it('refuses a file name holding a path', async () => {
    await expectRefused({ filename: '../x.pdf', data: PDF }, 'form.error.fileName');
    await expectRefused({ filename: 'a/b.pdf', data: PDF }, 'form.error.fileName');
    await expectRefused({ filename: 'a\\b.pdf', data: PDF }, 'form.error.fileName');
    await expectRefused({ filename: 'x\u0000.pdf', data: PDF }, 'form.error.fileName');
    await expectRefused({ filename: `${'a'.repeat(250)}.pdf`, data: PDF }, 'form.error.fileName');
  });

  it('refuses a damaged image as damaged', async () => {
    const garbage = Buffer.from('these bytes are not the chunks a PNG needs, only garbage');
    await expectRefused(
      { filename: 'broken.png', data: Buffer.concat([PNG_SIGNATURE, garbage]) },
      'form.error.fileDamaged',
    );
    // A real image cut short: its header is sound, its pixels are missing.
    const png = await sharp({
      create: {
        width: 400,
        height: 300,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 128, sigma: 30 },
      },
    })
      .png()
      .toBuffer();
    await expectRefused(
      { filename: 'cut.png', data: png.subarray(0, Math.floor(png.length / 2)) },
      'form.error.fileDamaged',
    );
    const jpeg = await image(64, 64).jpeg().toBuffer();
    await expectRefused(
      { filename: 'cut.jpg', data: Buffer.concat([jpeg.subarray(0, 4), garbage]) },
      'form.error.fileDamaged',
    );
  });

  it('refuses an image of more than 40 megapixels before decoding it', async () => {
    // 8000 × 5001 pixels: just over the limit, and small once compressed.
    const png = await sharp({
      create: { width: 8000, height: 5001, channels: 3, background: '#fff' },
      limitInputPixels: false,
    })
      .png()
      .toBuffer();
    await expectRefused({ filename: 'huge.png', data: png }, 'form.error.fileDimensions');
  });

  it('deletes the bytes again when the row cannot be inserted', async () => {
    const png = await image(20, 20).png().toBuffer();
    // No user 987654: the foreign key refuses the row after the bytes were written.
    await expect(
      storeUpload(test.db, storage, {
        filename: 'orphan.png',
        data: png,
        uploadedBy: 987654,
        maxBytes: MAX,
      }),
    ).rejects.toThrow();
    expect(await keysIn(storage)).toEqual([]);
  });

  it('serves the original and the web copy with headers that stop sniffing and scripts', async () => {
    const png = await image(2000, 1000).png().toBuffer();
    const file = accepted(
      await storeUpload(test.db, storage, {
        filename: 'Carte été.png',
        data: png,
        uploadedBy: null,
        maxBytes: MAX,
      }),
    );
    const pdf = accepted(
      await storeUpload(test.db, storage, {
        filename: 'report.pdf',
        data: PDF,
        uploadedBy: null,
        maxBytes: MAX,
      }),
    );
    const rows: Record<string, FileRow> = { png: file, pdf };
    const app = Fastify();
    // The site's helmet sets a page CSP on every response; the file's own must win.
    await app.register(securityHeaders);
    app.get<{ Params: { which: string; variant: 'original' | 'web' } }>(
      '/f/:which/:variant',
      async (request, reply) =>
        sendStoredFile(reply, storage, rows[request.params.which] as FileRow, {
          variant: request.params.variant,
        }),
    );
    try {
      const original = await app.inject({ method: 'GET', url: '/f/png/original' });
      expect(original.statusCode).toBe(200);
      expect(original.rawPayload.equals(png)).toBe(true);
      expect(original.headers).toMatchObject({
        'content-type': 'image/png',
        'content-length': String(png.length),
        'x-content-type-options': 'nosniff',
        'content-security-policy': "sandbox; default-src 'none'",
        'cache-control': 'private, max-age=3600',
        'content-disposition': `inline; filename="Carte ete.png"; filename*=UTF-8''Carte%20%C3%A9t%C3%A9.png`,
      });

      const web = await app.inject({ method: 'GET', url: '/f/png/web' });
      expect(web.statusCode).toBe(200);
      expect(web.headers['content-type']).toBe('image/webp');
      expect(web.headers['content-disposition']).toContain(`filename="Carte ete.webp"`);
      expect(
        web.rawPayload.equals(await storage.read(file.web_key as string)),
        'the web copy',
      ).toBe(true);
      expect(Number(web.headers['content-length'])).toBe(web.rawPayload.length);

      const document = await app.inject({ method: 'GET', url: '/f/pdf/original' });
      expect(document.headers['content-type']).toBe('application/pdf');
      expect(document.rawPayload.equals(PDF)).toBe(true);

      // A PDF has no web copy; bytes gone from the storage answer 404, not 500.
      expect((await app.inject({ method: 'GET', url: '/f/pdf/web' })).statusCode).toBe(404);
      await storage.delete(pdf.storage_key);
      expect((await app.inject({ method: 'GET', url: '/f/pdf/original' })).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('deletes the row and the bytes, the web copy too', async () => {
    const file = accepted(
      await storeUpload(test.db, storage, {
        filename: 'gone.png',
        data: await image(50, 40).png().toBuffer(),
        uploadedBy: null,
        maxBytes: MAX,
      }),
    );
    expect(await keysIn(storage)).toHaveLength(2);
    const deleted = await deleteStoredFile(test.db, storage, file.id);
    expect(deleted?.id).toBe(file.id);
    expect(await keysIn(storage)).toEqual([]);
    expect(
      await test.db.selectFrom('files').select('id').where('id', '=', file.id).executeTakeFirst(),
    ).toBeUndefined();
    expect(await deleteStoredFile(test.db, storage, file.id)).toBeUndefined();
  });
});
