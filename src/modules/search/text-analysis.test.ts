import { describe, expect, it } from 'vitest';
import { analyzeText, fold, termVariants, words } from './text-analysis.ts';

describe('text analysis', () => {
  it('folds case and diacritics in every script', () => {
    expect(fold('Integración À MONTRÉAL')).toBe('integracion a montreal');
    expect(fold('Жильё')).toBe('жилье');
    expect(fold('الإسكانُ')).toBe('الاسكان');
  });

  it('splits Chinese into overlapping bigrams so words are found inside sentences', () => {
    expect(words('外国人服务站').map((w) => w.folded)).toEqual([
      '外国',
      '国人',
      '人服',
      '服务',
      '务站',
    ]);
    expect(words('APP服务').map((w) => w.folded)).toEqual(['app', '服务']);
    expect(words('站').map((w) => w.folded)).toEqual(['站']);
  });

  it('indexes the folded words, then their stems in the text language', () => {
    expect(analyzeText('Viviendas para refugiados', 'es')).toBe(
      'viviendas para refugiados viviend par refugi',
    );
    expect(analyzeText('беженцев', 'ru')).toBe('беженцев беженц');
    expect(analyzeText('Housing', 'pt')).toBe('housing');
  });

  it('gives a query word the stems of every stemmed language', () => {
    expect(termVariants('Integración')).toEqual(expect.arrayContaining(['integracion', 'integr']));
    expect(termVariants('refugees')).toEqual(expect.arrayContaining(['refugees', 'refuge']));
    expect(termVariants('难民')).toEqual(['难民']);
  });
});
