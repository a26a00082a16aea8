/**
 * A file sent with a multipart form, read into memory by the multipart plugin (see app.ts)
 * within the upload limit: `truncated` says it was larger, and only its first bytes are here.
 */
export interface UploadedFile {
  filename: string;
  data: Buffer;
  truncated: boolean;
}

export function isUploadedFile(value: unknown): value is UploadedFile {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as UploadedFile).filename === 'string' &&
    Buffer.isBuffer((value as UploadedFile).data)
  );
}
