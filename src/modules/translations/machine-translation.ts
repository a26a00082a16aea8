/**
 * A client of a LibreTranslate-compatible service (its documented `POST /translate`):
 *
 *   const translate = machineTranslator({ url: 'https://mt.example.org', apiKey: undefined });
 *   await translate.translate('Welcome desk', 'en', 'fr') // → 'Guichet d’accueil'
 *
 * Each failure (no answer in time, an error status, an answer without `translatedText`) is a
 * MachineTranslationError whose message a translator can read; the caller keeps their text.
 */
export interface MachineTranslator {
  translate(text: string, source: string, target: string): Promise<string>;
}

export class MachineTranslationError extends Error {
  constructor(
    message: string,
    /** What went wrong, for the translator's form: the catalogue key of the message. */
    readonly reason: 'timeout' | 'unreachable' | 'refused' | 'invalid',
  ) {
    super(message);
    this.name = 'MachineTranslationError';
  }
}

export interface MachineTranslatorOptions {
  url: string;
  apiKey: string | undefined;
  /** How long one request may take; a translator waits for it with the form sent. */
  timeoutMs?: number;
}

/** The service's language code: LibreTranslate knows languages, not regional variants. */
function serviceLanguage(tag: string): string {
  return tag.split('-')[0]?.toLowerCase() ?? tag;
}

export function machineTranslator({
  url,
  apiKey,
  timeoutMs = 20_000,
}: MachineTranslatorOptions): MachineTranslator {
  const endpoint = `${url.replace(/\/$/, '')}/translate`;
  return {
    async translate(text, source, target) {
      if (text.trim() === '') return '';
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({
            q: text,
            source: serviceLanguage(source),
            target: serviceLanguage(target),
            format: 'text',
            ...(apiKey ? { api_key: apiKey } : {}),
          }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const timedOut =
          error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        throw timedOut
          ? new MachineTranslationError(
              `the machine translation service did not answer within ${Math.round(timeoutMs / 1000)} seconds`,
              'timeout',
            )
          : new MachineTranslationError(
              'the machine translation service could not be reached',
              'unreachable',
            );
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        body = undefined;
      }
      if (!response.ok) {
        const said =
          typeof body === 'object' && body !== null && 'error' in body
            ? String((body as { error: unknown }).error).slice(0, 200)
            : `status ${response.status}`;
        throw new MachineTranslationError(
          `the machine translation service refused the text (${said})`,
          'refused',
        );
      }
      const translated =
        typeof body === 'object' && body !== null && 'translatedText' in body
          ? (body as { translatedText: unknown }).translatedText
          : undefined;
      if (typeof translated !== 'string')
        throw new MachineTranslationError(
          'the machine translation service answered without a translation',
          'invalid',
        );
      return translated;
    },
  };
}
