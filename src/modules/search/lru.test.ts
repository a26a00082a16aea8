import { describe, expect, it } from 'vitest';
import { Lru } from './lru.ts';

describe('Lru', () => {
  it('forgets the least recently used entry first, beyond its count', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1);
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
  });

  it('keeps the sum of weights under its cap, and never keeps an entry heavier than it', () => {
    const lru = new Lru<string, string>(100, (v) => v.length, 5);
    lru.set('a', 'xxx');
    lru.set('b', 'yy');
    lru.set('c', 'z');
    expect(lru.get('a')).toBeUndefined();
    expect(lru.size).toBe(2);
    lru.set('d', 'wwwwww');
    expect(lru.get('d')).toBeUndefined();
    expect(lru.size).toBe(2);
  });

  it('computes a value once while it stays', () => {
    const lru = new Lru<string, number>(10);
    let computed = 0;
    const value = () => lru.through('k', () => ++computed);
    expect([value(), value()]).toEqual([1, 1]);
    lru.clear();
    expect(value()).toBe(2);
  });
});
