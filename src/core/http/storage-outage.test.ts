import { describe, expect, it } from 'vitest';
import { toProblem } from './errors.ts';

const fsError = (code: string, syscall = 'open') =>
  Object.assign(new Error(`${code}: refused, ${syscall} '/srv/data/files/2026/12/x.pdf'`), {
    code,
    syscall,
    path: '/srv/data/files/2026/12/x.pdf',
  });

describe('a file operation the disk refuses', () => {
  it('is a 503 that names no path, for a full, read-only or forbidden disk', () => {
    for (const code of ['EACCES', 'EROFS', 'ENOSPC', 'EIO']) {
      const problem = toProblem(fsError(code));
      expect(problem).toMatchObject({ status: 503, code: 'storage_unavailable' });
      expect(problem.detail).not.toContain('/srv/data');
    }
  });

  it('leaves other errors alone: a missing file or an error of the code is not an outage', () => {
    expect(toProblem(fsError('ENOENT')).status).toBe(500);
    expect(toProblem(Object.assign(new Error('x'), { code: 'EACCES' })).status).toBe(500);
  });
});
