import type { ViewContext } from '../../core/http/view-context.ts';

/** A text as shown to a reader: the language it is in, its original's, and when it was translated. */
export interface ShownText {
  language: string;
  displayLanguage: string;
  translatedOn: string | null;
}

/**
 * Tells the reader that the text is a translation, into which language and when, and the language
 * of the original; nothing when the original is shown.
 */
export function TranslationNote({ ctx, shown }: { ctx: ViewContext; shown: ShownText }) {
  if (shown.displayLanguage === shown.language) return '';
  const values = {
    language: ctx.language(shown.displayLanguage),
    original: ctx.language(shown.language),
  };
  const note: JSX.Element = shown.translatedOn
    ? ctx.t('practice.language.translatedOn', { ...values, date: ctx.date(shown.translatedOn) })
    : ctx.t('practice.language.translated', values);
  return (
    <p class="language-note" lang={ctx.locale} dir={ctx.dir}>
      {note}
    </p>
  );
}
