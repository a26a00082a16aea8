/**
 * Writing OAI-PMH responses: escaped elements, and the oai_dc wrapper every record's metadata
 * shares, whatever it describes (practices, self-assessments).
 *
 *   textElement('dc:title', 'Housing & work', { 'xml:lang': 'en' })
 *   // '<dc:title xml:lang="en">Housing &amp; work</dc:title>'
 */

export const OAI_DC_NS = 'http://www.openarchives.org/OAI/2.0/oai_dc/';
export const OAI_DC_SCHEMA = 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd';
const DC_NS = 'http://purl.org/dc/elements/1.1/';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

// Characters XML 1.0 does not allow at all (controls, lone surrogates, U+FFFE/U+FFFF).
export const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function escapeText(value: string): string {
  return value
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

export type Attributes = Record<string, string | number | undefined>;

export function attributes(attrs: Attributes): string {
  return Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttribute(String(v))}"`)
    .join('');
}

/** An element holding text (escaped here). */
export function textElement(name: string, text: string, attrs: Attributes = {}): string {
  return `<${name}${attributes(attrs)}>${escapeText(text)}</${name}>`;
}

/** An element holding elements already serialised; empty when there are none. */
export function element(name: string, children: string[], attrs: Attributes = {}): string {
  return children.length === 0
    ? `<${name}${attributes(attrs)}/>`
    : `<${name}${attributes(attrs)}>${children.join('')}</${name}>`;
}

/** An optional Dublin Core element: none when the text is empty. */
export function dcElement(name: string, text: string | null | undefined, lang?: string): string[] {
  return !text || text.trim() === '' ? [] : [textElement(`dc:${name}`, text, { 'xml:lang': lang })];
}

/** A record's metadata in oai_dc: its Dublin Core elements in the wrapper the schema asks for. */
export function oaiDc(children: string[]): string {
  return element('oai_dc:dc', children, {
    'xmlns:oai_dc': OAI_DC_NS,
    'xmlns:dc': DC_NS,
    'xmlns:xsi': XSI_NS,
    'xsi:schemaLocation': `${OAI_DC_NS} ${OAI_DC_SCHEMA}`,
  });
}

/** The host part of this repository's identifiers (`oai:<host>:…`). */
export function repositoryHost(publicUrl: string): string {
  return new URL(publicUrl).hostname;
}
