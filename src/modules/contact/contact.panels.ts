import type { PracticePanel } from '../practices/index.ts';
import { practiceHasContact } from './contact.service.ts';
import { noticeOf, PracticeContactNotice } from './views/PracticeContactNotice.tsx';

/** On a practice's page, when nobody can receive a message about it (registered in app.ts). */
export const practiceContactPanel: PracticePanel = async ({ db, ctx, practice }) =>
  (await practiceHasContact(db, practice))
    ? ''
    : PracticeContactNotice({ ctx, ...noticeOf(practice) });
