import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { PracticeDetail } from '../practices/practice-detail.service.ts';
import {
  type Citation,
  citationFilename,
  citationOf,
  escapeBibTeX,
  toBibTeX,
  toCslJson,
} from './citation.service.ts';

// The CSL-JSON input schema, vendored from citation-style-language/schema (MIT licence),
// schemas/input/csl-data.json at commit 00412663cee29f630e8a112abf751fce6c9c1748.
const CSL_SCHEMA = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/csl-data.json', import.meta.url), 'utf8'),
) as object;
const validateCsl = new Ajv({ allErrors: true, strict: false }).compile(CSL_SCHEMA);

const citation: Citation = {
  key: 'welcome-desk-v2',
  title: 'Welcome desk: 100% of {new} residents & more',
  summary: 'One place for every service.',
  authors: ['City of Lisbon', 'Refugees & Migrants {Council}'],
  issued: '2026-03-04T10:00:00.000Z',
  accessed: '2026-11-29T08:30:00.000Z',
  url: 'http://clearinghouse.test/practices/welcome-desk/versions/2',
  siteName: 'Integration Clearinghouse',
  language: 'en',
  version: 2,
};

describe('escapeBibTeX', () => {
  it('escapes every character special to LaTeX, once', () => {
    expect(escapeBibTeX('{ } \\ % & $ # _ ~ ^')).toBe(
      '\\{ \\} \\textbackslash{} \\% \\& \\$ \\# \\_ \\textasciitilde{} \\textasciicircum{}',
    );
    // The backslashes the escaping adds are not escaped again.
    expect(escapeBibTeX('\\{')).toBe('\\textbackslash{}\\{');
    expect(escapeBibTeX('a_b^c~d')).toBe('a\\_b\\textasciicircum{}c\\textasciitilde{}d');
  });

  it('keeps other text as it is, line breaks made spaces', () => {
    expect(escapeBibTeX('Ville de Montréal; « accueil »')).toBe('Ville de Montréal; « accueil »');
    expect(escapeBibTeX(' two\n\nlines ')).toBe('two lines');
    expect(escapeBibTeX('移民融合 مركز')).toBe('移民融合 مركز');
  });

  it('leaves braces balanced whatever the text', () => {
    for (const text of ['}{', '{{{', '\\}', '}}} @misc{x,', '\\\\{']) {
      const escaped = escapeBibTeX(text);
      let depth = 0;
      for (let i = 0; i < escaped.length; i++) {
        const c = escaped[i];
        if (c === '\\') {
          i++; // an escaped character
          continue;
        }
        if (c === '{') depth++;
        if (c === '}') depth--;
        expect(depth, `${text} → ${escaped}`).toBeGreaterThanOrEqual(0);
      }
      expect(depth, `${text} → ${escaped}`).toBe(0);
    }
  });
});

describe('toBibTeX', () => {
  it('writes a @misc entry with braced corporate authors, the URL and the dates', () => {
    expect(toBibTeX(citation)).toBe(
      [
        '@misc{welcome-desk-v2,',
        '  title = {{Welcome desk: 100\\% of \\{new\\} residents \\& more}},',
        '  author = {{City of Lisbon} and {Refugees \\& Migrants \\{Council\\}}},',
        '  year = {2026},',
        '  date = {2026-03-04},',
        '  howpublished = {\\url{http://clearinghouse.test/practices/welcome-desk/versions/2}},',
        '  url = {http://clearinghouse.test/practices/welcome-desk/versions/2},',
        '  urldate = {2026-11-29},',
        '  note = {Integration Clearinghouse},',
        '  version = {2}',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('leaves the author out when no organisation is named, and the version before versions', () => {
    const bib = toBibTeX({ ...citation, authors: [], version: null });
    expect(bib).not.toContain('author =');
    expect(bib).not.toContain('version =');
  });
});

describe('toCslJson', () => {
  it('is one webpage item that the CSL-JSON schema accepts', () => {
    const csl = toCslJson(citation);
    expect(validateCsl(csl), JSON.stringify(validateCsl.errors)).toBe(true);
    expect(csl).toEqual([
      {
        id: 'welcome-desk-v2',
        type: 'webpage',
        title: citation.title,
        author: [{ literal: 'City of Lisbon' }, { literal: 'Refugees & Migrants {Council}' }],
        issued: { 'date-parts': [[2026, 3, 4]] },
        accessed: { 'date-parts': [[2026, 11, 29]] },
        URL: citation.url,
        'container-title': 'Integration Clearinghouse',
        language: 'en',
        abstract: 'One place for every service.',
        version: '2',
      },
    ]);
  });

  it('stays valid without authors, summary or version', () => {
    const csl = toCslJson({ ...citation, authors: [], summary: '', version: null });
    expect(validateCsl(csl), JSON.stringify(validateCsl.errors)).toBe(true);
    expect(csl[0]).not.toHaveProperty('author');
    expect(csl[0]).not.toHaveProperty('version');
  });

  it('is refused by the schema when a field is wrong (the check checks)', () => {
    expect(validateCsl([{ ...toCslJson(citation)[0], type: 'practice' }])).toBe(false);
    expect(validateCsl([{ ...toCslJson(citation)[0], author: [{ name: 'x' }] }])).toBe(false);
  });
});

describe('citationOf', () => {
  const practice = {
    slug: 'welcome-desk',
    title: 'Welcome desk',
    summary: 'One place.',
    displayLanguage: 'pt',
    version: 3,
    updatedAt: '2026-05-06T00:00:00.000Z',
    organisations: [
      { name: 'Partner NGO', role: 'partner' },
      { name: 'City of Lisbon', role: 'lead' },
    ],
  } as PracticeDetail;

  it('cites the version permalink, the lead organisations and the shown language', () => {
    const c = citationOf(practice, {
      publicUrl: 'https://example.org',
      siteName: 'Integration Clearinghouse',
      accessed: new Date('2026-12-01T00:00:00Z'),
    });
    expect(c).toMatchObject({
      key: 'welcome-desk-v3',
      url: 'https://example.org/practices/welcome-desk/versions/3',
      authors: ['City of Lisbon'],
      language: 'pt',
      issued: '2026-05-06T00:00:00.000Z',
      accessed: '2026-12-01T00:00:00.000Z',
      version: 3,
    });
    expect(citationFilename(c, 'bib')).toBe('welcome-desk-v3.bib');
  });

  it('cites the page itself, and every organisation, when there is no version or lead', () => {
    const c = citationOf(
      { ...practice, version: 0, organisations: practice.organisations.slice(0, 1) },
      { publicUrl: 'https://example.org', siteName: 'IC' },
    );
    expect(c.url).toBe('https://example.org/practices/welcome-desk');
    expect(c.key).toBe('welcome-desk');
    expect(c.authors).toEqual(['Partner NGO']);
  });

  it('makes a key and file name of letters, digits and hyphens only', () => {
    const c = citationOf(
      { ...practice, slug: 'a"b/../c d' },
      { publicUrl: 'https://example.org', siteName: 'IC' },
    );
    expect(c.key).toBe('a-b-c-d-v3');
    expect(citationFilename({ ...c, key: '"; rm' }, 'json')).toBe('rm.json');
    expect(citationFilename({ ...c, key: '' }, 'json')).toBe('practice.json');
  });
});
