/**
 * A small XML writer that escapes by default, as the page templates do: plain strings given as
 * children or attribute values are always escaped; only `Xml` values (made by `el` or `raw`) pass
 * through as markup. Characters XML 1.0 cannot carry (most control characters, lone surrogates)
 * are dropped, so user text never makes a document that a parser refuses.
 *
 *   el('title', { 'xml:lang': 'fr' }, 'Logement & santé <2024>').xml
 *   // '<title xml:lang="fr">Logement &amp; santé &lt;2024&gt;</title>'
 *
 * A writer of our own rather than a library: the feeds and sitemaps need per-element language
 * attributes, namespaced extension elements and streaming in batches, which are a few lines here.
 */
export class Xml {
  constructor(readonly xml: string) {}
  toString(): string {
    return this.xml;
  }
}

export type XmlChild = Xml | string | number | null | undefined | false | readonly XmlChild[];
export type XmlAttributes = Record<string, string | number | null | undefined>;

// Everything outside XML 1.0's Char production: C0 controls except tab, newline and return,
// lone surrogates (matched as code points under the u flag), U+FFFE and U+FFFF.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
// Quick tests first: most text (URLs, dates, plain words) needs neither step and is kept as is.
const MAYBE_NOT_XML = /[\p{Cc}\p{Cs}\uFFFE\uFFFF]/u;
const MARKUP = /[&<>"']/;
const MARKUP_ALL = /[&<>"']/g;
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text content with markup characters escaped and characters XML cannot carry removed. */
export function escapeXml(text: string): string {
  let result = text;
  if (MAYBE_NOT_XML.test(result)) result = result.replace(NOT_XML_CHAR, '');
  if (MARKUP.test(result)) result = result.replace(MARKUP_ALL, (c) => ENTITIES[c] as string);
  return result;
}

/** Markup that is already well-formed (from this module): not escaped again. */
export function raw(markup: string): Xml {
  return new Xml(markup);
}

function serialize(child: XmlChild): string {
  if (child === null || child === undefined || child === false) return '';
  if (child instanceof Xml) return child.xml;
  if (Array.isArray(child)) return child.map(serialize).join('');
  return escapeXml(String(child));
}

/** One element; attributes whose value is null or undefined are left out. */
export function el(name: string, attributes?: XmlAttributes | null, ...children: XmlChild[]): Xml {
  let open = `<${name}`;
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (value !== null && value !== undefined) open += ` ${key}="${escapeXml(String(value))}"`;
  }
  const content = children.map(serialize).join('');
  return new Xml(content === '' ? `${open}/>` : `${open}>${content}</${name}>`);
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** A whole document: the declaration, then the root element. */
export function xmlDocument(root: Xml): string {
  return `${XML_DECLARATION}${root.xml}\n`;
}

/** HTML for an element whose content is HTML by definition (RSS `description`), as plain text. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
