import { describe, expect, it } from 'vitest';
import { gazetteer, matchKeys, withinOneEdit } from './gazetteer.ts';

describe('gazetteer', () => {
  it('matches names without regard to case and accents, within the country', async () => {
    const places = await gazetteer();
    expect(places.find('CA', 'MONTREAL')).toMatchObject({
      exact: true,
      place: { name: 'Montréal', countryCode: 'CA' },
    });
    expect(places.find('CO', 'bogota')?.place.name).toBe('Bogotá');
    expect(places.find('JO', 'Amman')?.place.population).toBeGreaterThan(1_000_000);
    expect(places.find('FR', 'Amman')).toBeUndefined();
  });

  it('prefers the most populous of places with the same name', async () => {
    const places = await gazetteer();
    const toronto = places.find('CA', 'Toronto');
    expect(toronto?.place.population).toBeGreaterThan(1_000_000);
  });

  it('handles administrative affixes and exonyms one letter off', async () => {
    const places = await gazetteer();
    expect(places.find('US', 'New York')?.place.name).toBe('New York City');
    expect(places.find('KR', 'Ansan')?.place.name).toBe('Ansan-si');
    expect(places.find('CH', 'Geneva')).toMatchObject({ exact: false, place: { name: 'Genève' } });
    expect(places.find('XX', 'Geneva')).toBeUndefined();
    expect(places.find('CH', 'Qwertyuiop')).toBeUndefined();
  });

  it('computes match keys and edit distance', () => {
    expect(matchKeys('City of Sydney')).toEqual(['city of sydney', 'sydney']);
    expect(withinOneEdit('geneva', 'geneve')).toBe(true);
    expect(withinOneEdit('lisbon', 'lisboa')).toBe(true);
    expect(withinOneEdit('berlin', 'bern')).toBe(false);
    expect(withinOneEdit('paris', 'pariss')).toBe(true);
  });
});
