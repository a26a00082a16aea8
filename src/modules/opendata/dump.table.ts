import type { Generated, Selectable } from 'kysely';

/** A nightly open-data file. Readers see it only once `completed_at` is set. */
export interface ExportDumpTable {
  id: Generated<number>;
  /** What the bytes are: 'ndjson.gz'. The newest files of each format are kept. */
  format: string;
  /** The day (UTC) it was made, YYYY-MM-DD. */
  day: string;
  created_at: string;
  /** Null while its chunks are being written, or for good if the writer died. */
  completed_at: string | null;
  record_count: Generated<number>;
  byte_size: Generated<number>;
  chunk_count: Generated<number>;
  /** SHA-256 of the whole file, in hex; null until complete. */
  sha256: string | null;
  licence_name: string;
  licence_url: string;
}

export interface ExportDumpChunkTable {
  dump_id: number;
  /** 0, 1, 2…: the bytes of a file are its chunks in this order. */
  seq: number;
  data: Buffer;
}

export type ExportDumpRow = Selectable<ExportDumpTable>;
