import { describe, expect, it } from 'vitest';
import { isAtDomain } from './organisation-claim.service.ts';

describe('an address at the organisation’s domain', () => {
  it('accepts the site’s domain, its subdomains, and the domain the site is a subdomain of', () => {
    expect(isAtDomain('ana@lisboa.pt', 'lisboa.pt')).toBe(true);
    expect(isAtDomain('ana@cm.lisboa.pt', 'lisboa.pt')).toBe(true);
    expect(isAtDomain('ana@lisboa.pt', 'portal.lisboa.pt')).toBe(true);
  });

  it('refuses look-alikes and bare top-level domains', () => {
    expect(isAtDomain('ana@cm-lisboa.pt', 'lisboa.pt')).toBe(false);
    expect(isAtDomain('ana@lisboa.pt.evil.com', 'lisboa.pt')).toBe(false);
    expect(isAtDomain('ana@gmail.com', 'lisboa.pt')).toBe(false);
    expect(isAtDomain('ana@pt', 'lisboa.pt')).toBe(false);
  });
});
