import { describe, expect, it } from 'vitest';
import { ConceptMatcher } from './concept-matcher.ts';

const matcher = new ConceptMatcher([
  { kind: 'theme', id: 'housing', label: 'housing' },
  { kind: 'theme', id: 'housing', label: 'vivienda' },
  { kind: 'theme', id: 'housing', label: 'السكن' },
  { kind: 'theme', id: 'housing', label: '住房' },
  { kind: 'target-group', id: 'refugees', label: 'refugiados' },
  { kind: 'target-group', id: 'refugees', label: 'беженцы' },
  { kind: 'target-group', id: 'refugees', label: '难民' },
  { kind: 'target-group', id: 'asylum-seekers', label: 'asylum seekers' },
  { kind: 'theme', id: 'employment', label: 'labour market' },
  { kind: 'country', id: 'CO', label: 'Colombia' },
]);

const ids = (words: string[]) =>
  matcher.match(words).map((m) => `${m.concept.id}@${m.start}-${m.end}`);

describe('ConceptMatcher', () => {
  it('recognises labels in any language, inflected forms included', () => {
    expect(ids(['viviendas', 'para', 'refugiado'])).toEqual(['housing@0-1', 'refugees@2-3']);
    expect(ids(['беженцев'])).toEqual(['refugees@0-1']);
    expect(ids(['colombia'])).toEqual(['CO@0-1']);
  });

  it('prefers the longest label', () => {
    expect(ids(['asylum', 'seekers', 'labour', 'market'])).toEqual([
      'asylum-seekers@0-2',
      'employment@2-4',
    ]);
  });

  it('finds Chinese labels inside a sentence', () => {
    const found = matcher.matchUnspaced('难民住房项目');
    expect(found.concepts.map((c) => c.concept.id).sort()).toEqual(['housing', 'refugees']);
    expect(found.rest.replace(/\s+/g, '')).toBe('项目');
  });

  it('does not match unrelated words', () => {
    expect(ids(['the', 'city', 'council'])).toEqual([]);
  });
});

describe('ConceptMatcher with labels stemmed in their own language only', () => {
  const places = new ConceptMatcher([
    { kind: 'city', id: 'paris', label: 'Paras', stemIn: [] },
    { kind: 'city', id: 'seoul', label: 'Сеул', stemIn: ['ru'] },
  ]);
  const found = (words: string[]) => places.match(words).map((m) => m.concept.id);

  it('matches a name as written, or inflected in the language it is stemmed in', () => {
    expect(found(['paras'])).toEqual(['paris']);
    expect(found(['в', 'Сеуле'])).toEqual(['seoul']);
  });

  it('does not match another word that only shares its stem in another language', () => {
    // The Spanish stem of "Paras" is that of "pares" and "para".
    expect(found(['pares'])).toEqual([]);
  });
});
