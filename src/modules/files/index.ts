// The files module's public surface: storing, finding, sending and deleting uploaded files,
// and their totals.
export {
  contentDisposition,
  deleteStoredFile,
  findFile,
  getFileTotals,
  isAcceptableFileName,
  sendStoredFile,
  storageFor,
  storeUpload,
} from './file.service.ts';
export type { FileRow } from './file.table.ts';
