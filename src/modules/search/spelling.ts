import { editDistanceWithin } from '../../core/text.ts';
import type { Db } from '../../db/connect.ts';
import { isPlaceName } from '../places/index.ts';
import { isDictionaryForm } from './dictionary.ts';
import { Lru } from './lru.ts';
import * as repository from './search.repository.ts';
import { LABEL_WORD, type PracticeState } from './search-state.ts';
import { fold, isStopword } from './text-analysis.ts';

/**
 * "Did you mean": a correction for the unknown words of a query, from the words of the index, the
 * concepts' names and two known words run together. Words of any of the six languages and place
 * names are never corrected.
 */
/** The closest frequent word of a vocabulary to an unknown word, within an edit distance. */
function closestWord(
  vocabulary: Map<string, number>,
  word: string,
): { term: string; distance: number } | undefined {
  const limit = word.length <= 5 ? 1 : 2;
  let best: { term: string; distance: number; documents: number } | undefined;
  for (const [term, documents] of vocabulary) {
    if (Math.abs(term.length - word.length) > limit || (term[0] !== word[0] && term[1] !== word[1]))
      continue;
    const distance = editDistanceWithin(word, term, limit);
    if (distance > limit) continue;
    if (
      !best ||
      distance < best.distance ||
      (distance === best.distance && documents > best.documents)
    )
      best = { term, distance, documents };
  }
  return best;
}

/** Shortest part of a word read as two glued words ("antirumour" as "anti" and "rumour"). */
const MIN_PART = 3;

/** Two words of the vocabulary that make up an unknown word, the most common pair first. */
function splitWord(vocabulary: Map<string, number>, word: string): string | undefined {
  let best: { text: string; documents: number } | undefined;
  for (let at = MIN_PART; at <= word.length - MIN_PART; at++) {
    const left = word.slice(0, at);
    const right = word.slice(at);
    const documents = Math.min(vocabulary.get(left) ?? 0, vocabulary.get(right) ?? 0);
    if (documents > 0 && (!best || documents > best.documents))
      best = { text: `${left}-${right}`, documents };
  }
  return best?.text;
}

/**
 * A correction for each unknown word of the query, if any: the closest frequent word of the
 * index or of a concept's names one edit away, else two known words run together, else the
 * closest word two edits away. A word the index, a concept's name in any language, a stopword
 * or a place name in the gazetteer knows is never corrected, however close to another word.
 */
export async function suggest(
  db: Db,
  state: PracticeState,
  labelWords: Set<string>,
  q: string,
  freeWords: string[],
): Promise<string | null> {
  if (freeWords.length === 0) return null;
  if (!state.vocabulary) {
    // Words of the indexed texts, and of every concept and country name: a misspelt theme
    // ("housng") is corrected even where no practice uses that exact word.
    const vocabulary = new Map((await repository.listTerms(db)).map((t) => [t.term, t.documents]));
    for (const word of labelWords) vocabulary.set(word, (vocabulary.get(word) ?? 0) + LABEL_WORD);
    state.vocabulary = vocabulary;
    state.labelWords = labelWords;
  }
  const vocabulary = state.vocabulary;
  let suggestion = q;
  let changed = false;
  for (const word of freeWords) {
    // Only words nobody here has seen: a rare but real word is not a typo.
    if (vocabulary.has(word) || isStopword(word) || word.length < 3) continue;
    // A word of any of the six languages is not a typo, even if no practice here uses it, nor
    // is an inflected form of one ("faits", "boulangers"), found by its stem.
    if (isDictionaryForm(word)) continue;
    // Reading the whole vocabulary for a close word is the costliest step of a search with a
    // typo: done once per unknown word while the vocabulary stays the same.
    state.corrections ??= new Lru(2000);
    const replacement = state.corrections.through(word, () => {
      const close = closestWord(vocabulary, word);
      const split = close?.distance === 1 ? undefined : splitWord(vocabulary, word);
      return (close?.distance === 1 ? close.term : (split ?? close?.term)) ?? '';
    });
    if (!replacement || replacement === word) continue;
    // Asked only now, since loading the gazetteer is costly: "Berlin" is not "Barein".
    if (await isPlaceName(word)) continue;
    const pattern = new RegExp(
      `(^|[^\\p{L}\\p{N}])(${[...word].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\p{Mn}*')})(?=$|[^\\p{L}\\p{N}])`,
      'iu',
    );
    const folded = fold(suggestion);
    const match = pattern.exec(folded);
    if (match) {
      const start = (match.index ?? 0) + (match[1]?.length ?? 0);
      suggestion = `${suggestion.slice(0, start)}${replacement}${suggestion.slice(start + (match[2]?.length ?? 0))}`;
      changed = true;
    }
  }
  return changed ? suggestion : null;
}
