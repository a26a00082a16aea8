/** A JSON-LD document: an object (with `@context`) or a list of them. */
export type JsonLdData = Record<string, unknown> | Record<string, unknown>[];

const UNSAFE_IN_SCRIPT = /[<>&\u2028\u2029]/g;

/**
 * JSON for the inside of a `<script>` element. The text of a script element is not HTML: its
 * entities are not decoded (so HTML escaping would corrupt the JSON), and it ends at the first
 * `</script` whatever the quotes around it. Writing `<`, `>` and `&` as JSON escapes leaves no
 * `</script`, `<!--` or `-->` in the text, while the JSON parses to the same values; U+2028 and
 * U+2029 are escaped too, so the text is also a valid JavaScript literal.
 *
 *   serializeJsonLd({ name: '</script>' }) // '{"name":"\\u003c/script\\u003e"}'
 */
export function serializeJsonLd(data: JsonLdData): string {
  return JSON.stringify(data).replace(
    UNSAFE_IN_SCRIPT,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Structured data (schema.org) for search engines, in a `<script type="application/ld+json">`.
 * Browsers do not run this type of script, so the page's Content-Security-Policy is unaffected.
 */
export function JsonLd({ data }: { data: JsonLdData }) {
  // Not HTML-escaped on purpose: serializeJsonLd leaves no character that could end the element.
  const safeJson = serializeJsonLd(data);
  return <script type="application/ld+json">{safeJson}</script>;
}
