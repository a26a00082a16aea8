import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { FastifyReply } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import type { Config } from '../../config.ts';
import { NotFoundError } from '../../core/errors.ts';
import { type MessageKey, translator } from '../../core/i18n/i18n.ts';
import { createLocalStorage, type Storage } from '../../core/storage.ts';
import type { Db } from '../../db/connect.ts';
import { deleteFileById, findFileById, insertFile, sumFiles } from './file.repository.ts';
import type { FileRow } from './file.table.ts';

/**
 * Uploaded files: checked (size, name, type detected from the content, images decoded), stored
 * under a generated key, and served back with headers that keep a browser from running them.
 *
 *   const result = await storeUpload(db, storage, { filename: 'report.pdf', data, uploadedBy: 7, maxBytes });
 *   if (!result.ok) t(result.error.key, result.error.values); // 'This file is empty.'
 *   else result.file.storage_key;                            // '2026/11/0f3a…9c.pdf'
 */
export const ACCEPTED_MEDIA_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/webp',
] as const;

export type AcceptedMediaType = (typeof ACCEPTED_MEDIA_TYPES)[number];

const EXTENSIONS: Record<AcceptedMediaType, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
};

/** Images larger than this are refused before they are decoded (a few bytes can claim gigapixels). */
export const MAX_IMAGE_PIXELS = 40_000_000;
/** The long side of the copy shown on pages. */
export const WEB_COPY_MAX_SIDE = 1600;
export const MAX_FILE_NAME_LENGTH = 200;

interface Refusal {
  key: MessageKey;
  values?: Record<string, string | number>;
}

/** Why an upload was refused: a catalogue key for pages, and the same words in English for the API. */
export interface UploadProblem extends Refusal {
  message: string;
}

export type StoreUploadResult = { ok: true; file: FileRow } | { ok: false; error: UploadProblem };

function refused(refusal: Refusal): { ok: false; error: UploadProblem } {
  return {
    ok: false,
    error: { ...refusal, message: translator('en')(refusal.key, refusal.values) },
  };
}

export interface Upload {
  /** The name the browser sent; kept for display and download only, never used as a path. */
  filename: string;
  data: Buffer;
  uploadedBy: number | null;
  maxBytes: number;
}

// C0 and C1 controls, bidirectional overrides and isolates (which make 'evil\u202Efdp.exe' read
// as 'evilexe.pdf'), and unpaired surrogates.
const FORBIDDEN_IN_NAME = /[\p{Cc}\u202A-\u202E\u2066-\u2069]|\p{Cs}/u;

/**
 *   isAcceptableFileName('Rapport final (2026).pdf') // true
 *   isAcceptableFileName('../x.pdf')                 // false
 *   isAcceptableFileName('a/b.pdf')                  // false
 */
export function isAcceptableFileName(name: string): boolean {
  if (typeof name !== 'string' || name.trim() === '') return false;
  if ([...name].length > MAX_FILE_NAME_LENGTH) return false;
  if (name.includes('/') || name.includes('\\')) return false;
  if (FORBIDDEN_IN_NAME.test(name)) return false;
  // With no separators left, a '..' segment is a name made of dots only ('.', '..', '...').
  if (/^\.+$/.test(name.trim())) return false;
  return true;
}

/** The size limit in megabytes, as the message shows it: 10485760 → 10, 524288 → 0.5. */
function megabytes(bytes: number): number {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? Math.floor(mb * 10) / 10 : Number(mb.toPrecision(2));
}

/** 'YYYY/MM/<32 hex digits>.<ext>': generated, never derived from the uploaded name. */
function newStorageKey(extension: string, now: Date): string {
  const year = String(now.getUTCFullYear());
  const month = String(now.getUTCMonth() + 1).padStart(2, '0');
  return `${year}/${month}/${randomBytes(16).toString('hex')}.${extension}`;
}

/** '2026/11/ab12.jpg' → '2026/11/ab12.web.webp' */
export function webKeyOf(storageKey: string): string {
  return `${storageKey.replace(/\.[a-z0-9]+$/, '')}.web.webp`;
}

/**
 * The accepted image whose signature the data starts with. file-type recognises an image only
 * when its first structures are sound; an image damaged right after its signature is still
 * called an image here, so the refusal says "damaged" rather than "not an accepted type".
 */
function imageSignature(data: Buffer): AcceptedMediaType | undefined {
  const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (PNG.every((byte, i) => data[i] === byte)) return 'image/png';
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP')
    return 'image/webp';
  return undefined;
}

interface CheckedImage {
  width: number;
  height: number;
  web: Buffer;
}

/** Decodes the whole image (not only its header) and makes the web copy, or names the problem. */
async function checkImage(data: Buffer): Promise<CheckedImage | Refusal> {
  let width: number;
  let height: number;
  try {
    const metadata = await sharp(data, { failOn: 'error' }).metadata();
    // The dimensions as shown, after the EXIF orientation is applied.
    width = metadata.autoOrient?.width ?? metadata.width;
    height = metadata.autoOrient?.height ?? metadata.height;
    if (!(width > 0 && height > 0)) return { key: 'form.error.fileDamaged' };
  } catch {
    return { key: 'form.error.fileDamaged' };
  }
  if (width * height > MAX_IMAGE_PIXELS) return { key: 'form.error.fileDimensions' };
  try {
    // rotate() turns the pixels as the EXIF orientation says; the output carries no metadata
    // (no EXIF, no GPS position, no camera serial) because withMetadata() is not called.
    const web = await sharp(data, { failOn: 'error', limitInputPixels: MAX_IMAGE_PIXELS })
      .rotate()
      .resize({
        width: WEB_COPY_MAX_SIDE,
        height: WEB_COPY_MAX_SIDE,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .webp({ quality: 82 })
      .toBuffer();
    return { width, height, web };
  } catch {
    return { key: 'form.error.fileDamaged' };
  }
}

/**
 * Checks an upload and, when it passes, stores its bytes (and an image's web copy) and inserts
 * its row. A refusal stores nothing. The checks run in this order: empty, too large, file name,
 * type (from the content, never from the name or the client's Content-Type), then for images
 * decodable and at most 40 megapixels.
 */
export async function storeUpload(
  db: Db,
  storage: Storage,
  upload: Upload,
): Promise<StoreUploadResult> {
  const { data, filename } = upload;
  if (data.length === 0) return refused({ key: 'form.error.fileEmpty' });
  if (data.length > upload.maxBytes)
    return refused({ key: 'form.error.fileTooLarge', values: { max: megabytes(upload.maxBytes) } });
  if (!isAcceptableFileName(filename)) return refused({ key: 'form.error.fileName' });

  const detected = await fileTypeFromBuffer(data);
  const mediaType = (detected?.mime ?? imageSignature(data)) as AcceptedMediaType | undefined;
  if (!mediaType || !ACCEPTED_MEDIA_TYPES.includes(mediaType))
    return refused({
      key: 'form.error.fileType',
      values: { detected: detected ? detected.ext.toUpperCase() : 'unknown' },
    });

  let image: CheckedImage | undefined;
  if (mediaType.startsWith('image/')) {
    const checked = await checkImage(data);
    if ('key' in checked) return refused(checked);
    image = checked;
  }

  const now = new Date();
  const storageKey = newStorageKey(EXTENSIONS[mediaType], now);
  const webKey = image ? webKeyOf(storageKey) : null;
  const written: string[] = [];
  try {
    await storage.put(storageKey, data);
    written.push(storageKey);
    if (image && webKey) {
      await storage.put(webKey, image.web);
      written.push(webKey);
    }
    const file = await insertFile(db, {
      storage_key: storageKey,
      web_key: webKey,
      original_name: filename.normalize('NFC'),
      media_type: mediaType,
      size: data.length,
      width: image?.width ?? null,
      height: image?.height ?? null,
      uploaded_by: upload.uploadedBy,
      created_at: now.toISOString(),
    });
    return { ok: true, file };
  } catch (error) {
    // No row points at these bytes: take them away rather than leave orphans.
    await Promise.allSettled(written.map((key) => storage.delete(key)));
    throw error;
  }
}

// RFC 5987 attr-char: what may stand unencoded in filename*.
const ATTR_CHAR = /^[A-Za-z0-9!#$&+\-.^_`|~]$/;

/**
 * A Content-Disposition value (RFC 6266) with an ASCII fallback and the exact UTF-8 name.
 *
 *   contentDisposition('inline', 'Étude "finale".pdf')
 *   // inline; filename="Etude _finale_.pdf"; filename*=UTF-8''%C3%89tude%20%22finale%22.pdf
 */
export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const fallback =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\x20-\x7e]|["\\%]/g, '_')
      .trim() || 'file';
  let encoded = '';
  for (const byte of Buffer.from(name, 'utf8')) {
    const char = String.fromCharCode(byte);
    encoded += ATTR_CHAR.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * Streams a stored file, or its web copy, with headers that stop a browser from sniffing another
 * type or running anything inside it (a PDF with scripts, an SVG smuggled in). Missing bytes
 * answer 404.
 *
 *   return sendStoredFile(reply, storage, file, { variant: 'web' });
 */
export async function sendStoredFile(
  reply: FastifyReply,
  storage: Storage,
  file: FileRow,
  options: { variant: 'original' | 'web' },
): Promise<FastifyReply> {
  const web = options.variant === 'web';
  const key = web ? file.web_key : file.storage_key;
  const size = key ? await storage.size(key) : undefined;
  if (!key || size === undefined) {
    throw new NotFoundError(
      'file_not_found',
      web ? 'This file has no web copy.' : 'This file is no longer stored.',
    );
  }
  const name = web ? `${file.original_name.replace(/\.[^.]*$/, '')}.webp` : file.original_name;
  return reply
    .status(200)
    .header('Content-Type', web ? 'image/webp' : file.media_type)
    .header('Content-Length', String(size))
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Security-Policy', "sandbox; default-src 'none'")
    .header('Content-Disposition', contentDisposition('inline', name))
    .header('Cache-Control', 'private, max-age=3600')
    .send(storage.stream(key));
}

/**
 * Deletes the row, then the bytes (and the web copy). Call it outside a transaction, or after
 * the transaction that decided the deletion commits: bytes cannot be put back by a rollback.
 * Returns the deleted row, or undefined when there was none.
 */
export async function deleteStoredFile(
  db: Db,
  storage: Storage,
  id: number,
): Promise<FileRow | undefined> {
  const row = await deleteFileById(db, id);
  if (!row) return undefined;
  // Bytes that fail to go are orphans no row points at: harmless, and the row is already gone.
  await Promise.allSettled(
    [row.storage_key, row.web_key]
      .filter((key): key is string => key !== null)
      .map((key) => storage.delete(key)),
  );
  return row;
}

/** The storage of uploaded files: `<dataDir>/files/`. */
export function storageFor(config: Pick<Config, 'dataDir'>): Storage {
  return createLocalStorage(path.join(config.dataDir, 'files'));
}

/** One stored file's row; who may read it is decided by the module the file belongs to. */
export const findFile = findFileById;

/** How many files are stored and their uploaded bytes: `{ count: 12, bytes: 3481920 }`. */
export const getFileTotals = sumFiles;
