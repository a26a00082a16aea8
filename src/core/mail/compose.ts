import { escapeHtml } from '@kitajs/html';
import { type MessageKey, type MessageValues, translator } from '../i18n/i18n.ts';
import type { Locale } from '../i18n/locales.ts';
import type { OutgoingMessage } from './mailer.ts';

/**
 * An email in the recipient's language, as text and HTML, from two catalogue messages:
 * `email.<kind>.subject` and `email.<kind>.body` (paragraphs separated by blank lines). `{link}`
 * in the body becomes a link in the HTML version.
 */
export function composeEmail(
  locale: Locale,
  /** Names a pair of messages, `email.<kind>.subject` and `email.<kind>.body`. */
  kind: string,
  to: string,
  values: MessageValues & { link?: string },
): OutgoingMessage {
  const t = translator(locale);
  const subject = t(`email.${kind}.subject` as MessageKey, values);
  const body = t(`email.${kind}.body` as MessageKey, values);
  const signature = t('email.signature');
  const text = `${body}\n\n${signature}\n`;
  const paragraphs = body.split(/\n{2,}/).map((p) => {
    let html = escapeHtml(p).replace(/\n/g, '<br>');
    if (values.link)
      html = html.replace(
        escapeHtml(values.link),
        `<a href="${escapeHtml(values.link)}">${escapeHtml(values.link)}</a>`,
      );
    return `<p>${html}</p>`;
  });
  const dir = locale === 'ar' ? 'rtl' : 'ltr';
  const html = `<!doctype html><html lang="${locale}" dir="${dir}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a">${paragraphs.join('')}<p style="color:#4a4a4a">${escapeHtml(signature)}</p></body></html>`;
  return { to, subject, text, html };
}
