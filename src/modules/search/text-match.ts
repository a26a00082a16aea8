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
  const safe = sanitize(expr);
  return safe !== null && evaluate(safe, fields);
}

function evaluate(expr: TextExpr, fields: string[][]): boolean {
  switch (expr.op) {
    case 'token':
      return fields.some((tokens) =>
        tokens.some((t) => (expr.prefix ? t.startsWith(expr.token) : t === expr.token)),
      );
    case 'phrase':
      return fields.some((tokens) => hasPhrase(tokens, expr.tokens, expr.prefix === true));
    case 'or':
      return expr.items.some((item) => evaluate(item, fields));
    case 'and':
      return expr.items.every((item) => evaluate(item, fields));
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
