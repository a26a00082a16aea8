import type { PracticePanel } from '../practices/index.ts';
import { practiceHasContact } from './contact.service.ts';
import { PracticeContactNotice } from './views/PracticeContactNotice.tsx';

/** On a practice's page, when nobody can receive a message about it (registered in app.ts). */
export const practiceContactPanel: PracticePanel = async ({ db, ctx, practice }) =>
  (await practiceHasContact(db, practice))
    ? ''
    : PracticeContactNotice({
        ctx,
        organisations: practice.organisations.map((o) => ({
          slug: o.slug,
          name: o.name,
          website: o.website,
        })),
        sources: practice.sources,
      });
