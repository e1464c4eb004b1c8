import { describe, expect, it } from 'vitest';
import { normalizeServerUrl } from './server-url.ts';

describe('normalizeServerUrl', () => {
  it('reduces to origin and path prefix, adds http:// when missing, and warns about plain http off this machine', () => {
    expect(normalizeServerUrl(' https://cs.example.org:7420/ ')).toEqual({ url: 'https://cs.example.org:7420', warning: null });
    expect(normalizeServerUrl('10.0.0.5:7420/coldstart//')).toEqual({ url: 'http://10.0.0.5:7420/coldstart', warning: expect.stringContaining('unencrypted') });
    expect(normalizeServerUrl('http://localhost:7420')).toEqual({ url: 'http://localhost:7420', warning: null });
    expect(normalizeServerUrl('http://[::1]:7420')).toEqual({ url: 'http://[::1]:7420', warning: null });
  });

  it('refuses what it cannot use, saying why', () => {
    expect(normalizeServerUrl('')).toHaveProperty('error');
    expect(normalizeServerUrl('ftp://host')).toHaveProperty('error', expect.stringContaining('http'));
    expect(normalizeServerUrl('javascript:alert(1)')).toHaveProperty('error');
    expect(normalizeServerUrl('https://user:secret@host')).toHaveProperty('error', expect.stringContaining('token field'));
    expect(normalizeServerUrl('https://host/?token=x')).toHaveProperty('error');
    expect(normalizeServerUrl('http://exa mple')).toHaveProperty('error');
  });
});
