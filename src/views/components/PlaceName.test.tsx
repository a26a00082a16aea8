import { describe, expect, it } from 'vitest';
import { createViewContext } from '../../core/http/view-context.ts';
import { translator } from '../../core/i18n/i18n.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import { listSeparator, listText, PlaceText } from './PlaceName.tsx';

const ctxIn = (locale: Locale) =>
  createViewContext({
    locale,
    text: translator(locale),
    path: '/',
    publicUrl: 'http://localhost',
    assets: { css: '/c.css', js: '/s.js', icon: '/i.svg' },
  });

describe('PlaceText', () => {
  it("isolates each name and uses the language's own separator", async () => {
    expect(
      await PlaceText({ ctx: ctxIn('ar'), city: 'Sheffield', country: 'المملكة المتحدة' }),
    ).toBe('<bdi>Sheffield</bdi>، <bdi>المملكة المتحدة</bdi>');
    expect(
      await PlaceText({ ctx: ctxIn('en'), city: 'Sheffield', country: 'United Kingdom' }),
    ).toBe('<bdi>Sheffield</bdi>, <bdi>United Kingdom</bdi>');
    expect(await PlaceText({ ctx: ctxIn('zh'), city: '谢菲尔德', country: '英国' })).toBe(
      '<bdi>谢菲尔德</bdi>（<bdi>英国</bdi>）',
    );
  });

  it('escapes the names and shows the country alone without a city', async () => {
    expect(await PlaceText({ ctx: ctxIn('en'), city: null, country: 'Trinidad & Tobago' })).toBe(
      '<bdi>Trinidad &amp; Tobago</bdi>',
    );
    expect(await PlaceText({ ctx: ctxIn('en'), city: '<b>$&</b>', country: 'X' })).toBe(
      '<bdi>&lt;b>$&amp;&lt;/b></bdi>, <bdi>X</bdi>',
    );
  });

  it('shows the city alone, without a dangling separator, before a country is chosen', async () => {
    expect(await PlaceText({ ctx: ctxIn('ar'), city: 'Toronto', country: '' })).toBe(
      '<bdi>Toronto</bdi>',
    );
  });

  it('joins lists the way each language does', () => {
    expect(listText('en', ['A', 'B', 'C'])).toBe('A, B, and C');
    expect(listText('ar', ['أ', 'ب'])).toBe('أ وب');
    expect(listText('zh', ['甲', '乙', '丙'])).toBe('甲、乙和丙');
    expect(listSeparator('ar')).toBe('، ');
    expect(listSeparator('fr')).toBe(', ');
  });
});
