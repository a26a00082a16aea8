import { describe, expect, it } from 'vitest';
import { Highlighter, snippet, snippetHtml } from './snippet.ts';

describe('snippets', () => {
  const highlighter = new Highlighter({
    words: ['vivienda'],
    stems: ['refugi'],
    prefixes: ['integr'],
    phrases: ['难民'],
  });

  it('marks matched words, stems and prefixes, and escapes the rest', () => {
    const parts = snippet(
      ['<b>Programa</b> de viviendas para refugiados e integración.'],
      'es',
      highlighter,
    );
    expect(snippetHtml(parts)).toBe(
      '&lt;b>Programa&lt;/b> de viviendas para <mark>refugiados</mark> e <mark>integración</mark>.',
    );
  });

  it('picks the text with the most matches and cuts around the first', () => {
    const long = `${'Palabra '.repeat(80)}refugiados y más refugiados al final.`;
    const parts = snippet(['Sin coincidencias aquí.', long], 'es', highlighter, 80);
    expect(parts[0]?.text).toBe('…');
    expect(parts.filter((p) => p.mark).map((p) => p.text)).toEqual(['refugiados', 'refugiados']);
  });

  it('marks a word the same highlighter had not seen in any text when it first read one', () => {
    const later = new Highlighter({
      words: ['zanzibarique'],
      stems: [],
      prefixes: [],
      phrases: [],
    });
    expect(snippet(['Rien ici.'], 'fr', later).some((p) => p.mark)).toBe(false);
    const parts = snippet(['Un projet zanzibarique, puis zanzibarique encore.'], 'fr', later);
    expect(parts.filter((p) => p.mark).map((p) => p.text)).toEqual([
      'zanzibarique',
      'zanzibarique',
    ]);
  });

  it('reads the same text in each language it is shown in, with the stems of that language', () => {
    const stems = new Highlighter({ words: [], stems: ['refugi'], prefixes: [], phrases: [] });
    expect(snippet(['refugiados'], 'es', stems).some((p) => p.mark)).toBe(true);
    // Stemmed as English, the same word does not give the Spanish stem.
    expect(snippet(['refugiados'], 'en', stems).some((p) => p.mark)).toBe(false);
  });

  it('marks Chinese words inside a sentence', () => {
    const parts = snippet(['为难民提供住房。'], 'zh', highlighter);
    expect(parts.filter((p) => p.mark).map((p) => p.text)).toEqual(['难民']);
  });
});
