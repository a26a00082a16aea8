import { describe, expect, it } from 'vitest';
import { createViewContext } from '../../core/http/view-context.ts';
import { translator } from '../../core/i18n/i18n.ts';
import { Pagination } from './Pagination.tsx';

const ctx = createViewContext({
  locale: 'en',
  text: translator('en'),
  path: '/search',
  publicUrl: 'http://localhost',
  assets: { css: '/c.css', js: '/s.js', icon: '/i.svg' },
});

/** The page list as a reader sees it: numbers, "…" for a gap, and which page is current. */
async function shown(page: number, pageCount: number): Promise<string[]> {
  const html = String(await Pagination({ ctx, page, pageCount, link: (n) => `/search?page=${n}` }));
  return [...html.matchAll(/<li>(.*?)<\/li>/gs)].map(([, item = '']) => {
    if (item.includes('pagination__gap')) {
      expect(item).not.toContain('<a');
      expect(item).toContain('<span class="visually-hidden">More pages</span>');
      return '…';
    }
    const text = item.replace(/<[^>]+>/g, '').trim();
    return item.includes('aria-current="page"') ? `[${text}]` : text;
  });
}

describe('Pagination', () => {
  it('shows skipped pages as a gap that is not a link', async () => {
    expect(await shown(1, 7)).toEqual(['[1]', '2', '3', '4', '5', '…', '7', 'Next']);
    expect(await shown(10, 20)).toEqual([
      'Previous',
      '1',
      '…',
      '8',
      '9',
      '[10]',
      '11',
      '12',
      '…',
      '20',
      'Next',
    ]);
  });

  it('shows no gap between neighbouring pages', async () => {
    expect(await shown(1, 6)).toEqual(['[1]', '2', '3', '4', '5', '6', 'Next']);
    expect(await shown(4, 7)).toEqual(['Previous', '1', '2', '3', '[4]', '5', '6', '7', 'Next']);
  });
});
