import type { Generated, Selectable } from 'kysely';

export interface FileTable {
  id: Generated<number>;
  /** Where the Storage keeps the bytes; generated, never derived from the uploaded name. */
  storage_key: string;
  /** A resized copy of an image for the web, when the file is an image. */
  web_key: string | null;
  /** The uploaded name without any path, for display and download. */
  original_name: string;
  /** Detected from the content, not from the name. */
  media_type: string;
  size: number;
  width: number | null;
  height: number | null;
  uploaded_by: number | null;
  created_at: string;
}

export type FileRow = Selectable<FileTable>;
