import { describe, expect, it } from 'vitest';
import { JsonLd, serializeJsonLd } from './JsonLd.tsx';

describe('JSON-LD in a script element', () => {
  const tricky = {
    name: '</script><script>alert(1)</script>',
    comment: '<!-- --> & </SCRIPT >',
    separators: 'a\u2028b\u2029c',
    nested: [{ text: '"quotes" and \\ backslash' }],
  };

  it('parses back to the same data', () => {
    expect(JSON.parse(serializeJsonLd(tricky))).toEqual(tricky);
  });

  it('leaves nothing that can end the element, open a comment or break a script', () => {
    expect(serializeJsonLd(tricky)).not.toMatch(/[<>&\u2028\u2029]/);
    expect(serializeJsonLd({ name: '<' })).toBe('{"name":"\\u003c"}');
  });

  it('renders one script element of type application/ld+json', async () => {
    const html = await (<JsonLd data={tricky} />);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html.startsWith('<script type="application/ld+json">{')).toBe(true);
  });
});
