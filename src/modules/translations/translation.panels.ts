import type { PracticePanel } from '../practices/index.ts';
import { translationOfferFor } from './translation.service.ts';
import { TranslateOffer } from './views/TranslateOffer.tsx';

/** "Translate this practice into …" on a practice's page, for a signed-in reader (registered in app.ts). */
export const practiceTranslationPanel: PracticePanel = async ({ db, request, ctx, practice }) =>
  TranslateOffer({
    ctx,
    slug: practice.slug,
    offer: await translationOfferFor(db, request.actor, practice),
  });
