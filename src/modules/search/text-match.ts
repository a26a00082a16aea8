import { sanitize, type TextExpr } from './engines/search-index.ts';

/**
 * Whether an expression matches one language version of an item, from its analysed fields
 * (`analyzeText` output, one token list per field), as both engines match it: a token (or a
 * prefix) anywhere, a phrase as consecutive tokens of one field, AND and OR over the version.
 * Used to follow a changed item in memory without asking the engine about every cached clause.
 *
 *   matchesVersion({ op: 'phrase', tokens: ['social', 'hous'], prefix: true }, [['social', 'housing']]) // true
 */
export function matchesVersion(expr: TextExpr, fields: string[][]): boolean {
  return matcherOf(expr)(versionOf(fields));
}

/** A version's analysed fields, with the set of their tokens for lookups. */
export interface AnalysedVersion {
  fields: string[][];
  tokens: Set<string>;
}

export function versionOf(fields: string[][]): AnalysedVersion {
  return { fields, tokens: new Set(fields.flat()) };
}

/**
 * `matchesVersion` for one expression and many versions: the expression is checked once, and
 * whole tokens are looked up in each version's set rather than searched for in its fields.
 */
export function matcherOf(expr: TextExpr): (version: AnalysedVersion) => boolean {
  const safe = sanitize(expr);
  return (version) => safe !== null && evaluate(safe, version);
}

function evaluate(expr: TextExpr, version: AnalysedVersion): boolean {
  switch (expr.op) {
    case 'token':
      if (!expr.prefix) return version.tokens.has(expr.token);
      for (const t of version.tokens) if (t.startsWith(expr.token)) return true;
      return false;
    case 'phrase': {
      // Every whole word of the phrase must be there before its order is looked for.
      const whole = expr.prefix ? expr.tokens.slice(0, -1) : expr.tokens;
      if (!whole.every((t) => version.tokens.has(t))) return false;
      return version.fields.some((tokens) => hasPhrase(tokens, expr.tokens, expr.prefix === true));
    }
    case 'or':
      return expr.items.some((item) => evaluate(item, version));
    case 'and':
      return expr.items.every((item) => evaluate(item, version));
  }
}

function hasPhrase(tokens: string[], phrase: string[], prefix: boolean): boolean {
  const last = phrase.length - 1;
  for (let start = 0; start + last < tokens.length; start++) {
    let n = 0;
    while (
      n <= last &&
      (n === last && prefix
        ? (tokens[start + n] as string).startsWith(phrase[n] as string)
        : tokens[start + n] === phrase[n])
    )
      n++;
    if (n > last) return true;
  }
  return false;
}
