import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_SCHEME_PRIVILEGES,
  DESKTOP_CSP,
  appWebPreferences,
  isAllowedNavigation,
  isAllowedRequest,
  isAllowedSender,
  isClientRoute,
  resolveAppPath,
  responseHeaders,
} from './security.ts';

const ROOT = path.resolve('/opt/coldstart/dist/renderer');

describe('BrowserWindow webPreferences', () => {
  const prefs = appWebPreferences('/x/preload.cjs');
  it('isolates the renderer from Node and keeps web security on', () => {
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false });
    expect(prefs.preload).toBe('/x/preload.cjs');
  });
});

describe('the app scheme', () => {
  it('is a secure standard origin that cannot bypass the CSP', () => {
    // Without CORS support Chromium refuses Vite's module scripts on a custom scheme.
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true, corsEnabled: true, bypassCSP: false, allowServiceWorkers: false });
  });
});

describe('CSP', () => {
  const directives = new Map(DESKTOP_CSP.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
  it('runs only our own scripts: no eval, no inline script, no remote host', () => {
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(DESKTOP_CSP).not.toMatch(/unsafe-eval|https?:|\*/);
  });
  it('blocks plugins, base rewriting, framing and form posts', () => {
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
  });
  it('rides on every response of the scheme, with nosniff', () => {
    expect(responseHeaders('/r/assets/a.js')).toMatchObject({ 'Content-Security-Policy': DESKTOP_CSP, 'X-Content-Type-Options': 'nosniff', 'Content-Type': 'text/javascript; charset=utf-8' });
    expect(responseHeaders('/r/index.html')['Content-Type']).toBe('text/html; charset=utf-8');
    expect(responseHeaders('/r/blob.bin')['Content-Type']).toBe('application/octet-stream');
  });
});

describe('isAllowedSender / isAllowedNavigation', () => {
  it('accepts our origin only', () => {
    expect(isAllowedSender(APP_ENTRY_URL)).toBe(true);
    expect(isAllowedSender('coldstart://app/samples?x=1#y')).toBe(true);
    expect(isAllowedNavigation('coldstart://app/review')).toBe(true);
  });
  it.each([
    ['another host on our scheme', 'coldstart://evil/index.html'],
    ['credentials smuggled into the URL', 'coldstart://user@app/index.html'],
    ['a local file', 'file:///opt/coldstart/dist/renderer/index.html'],
    ['a web page', 'https://example.com/'],
    ['a loopback server', 'http://127.0.0.1:7420/'],
    ['about:blank', 'about:blank'],
    ['a data URL', 'data:text/html,<script>alert(1)</script>'],
    ['javascript:', 'javascript:alert(1)'],
    ['garbage', 'not a url'],
    ['empty', ''],
  ])('refuses %s', (_why, url) => {
    expect(isAllowedSender(url)).toBe(false);
    expect(isAllowedNavigation(url)).toBe(false);
  });
  it('refuses a missing frame URL', () => {
    expect(isAllowedSender(null)).toBe(false);
    expect(isAllowedSender(undefined)).toBe(false);
  });
});

describe('isAllowedRequest', () => {
  it('lets the UI load its own files and inline data', () => {
    expect(isAllowedRequest('coldstart://app/assets/index.js')).toBe(true);
    expect(isAllowedRequest('data:image/png;base64,AAAA')).toBe(true);
    expect(isAllowedRequest('blob:coldstart://app/1234')).toBe(true);
  });
  it('refuses the network and the filesystem', () => {
    for (const url of ['https://example.com/x.js', 'http://127.0.0.1:7420/api/health', 'ws://localhost:1/', 'file:///etc/passwd', 'coldstart://other/x']) expect(isAllowedRequest(url), url).toBe(false);
  });
});

describe('resolveAppPath', () => {
  it('maps URLs to files inside the renderer folder', () => {
    expect(resolveAppPath('coldstart://app/', ROOT)).toBe(path.join(ROOT, 'index.html'));
    expect(resolveAppPath('coldstart://app/index.html', ROOT)).toBe(path.join(ROOT, 'index.html'));
    expect(resolveAppPath('coldstart://app/assets/index-abc.js?v=1#x', ROOT)).toBe(path.join(ROOT, 'assets', 'index-abc.js'));
    expect(resolveAppPath('coldstart://app/assets/a%20b.css', ROOT)).toBe(path.join(ROOT, 'assets', 'a b.css'));
  });
  it.each([
    ['dot segments', 'coldstart://app/../../etc/passwd'],
    ['encoded dot segments', 'coldstart://app/%2e%2e/%2e%2e/etc/passwd'],
    ['mixed encoded dots', 'coldstart://app/assets/.%2E/.%2e/.%2e/etc/passwd'],
  ])('keeps %s inside the folder (the URL parser folds them before we see the path)', (_why, url) => {
    const file = resolveAppPath(url, ROOT);
    expect(file === null || file.startsWith(ROOT + path.sep)).toBe(true);
  });
  it.each([
    ['encoded slash and dots', 'coldstart://app/assets%2f..%2f..%2f..%2fsecret'],
    ['an encoded backslash', 'coldstart://app/..%5c..%5csecret'],
    ['a NUL byte', 'coldstart://app/index.html%00.js'],
    ['malformed percent-encoding', 'coldstart://app/%E0%A4%A'],
    ['another host', 'coldstart://evil/index.html'],
    ['another scheme', 'file:///etc/passwd'],
  ])('refuses %s', (_why, url) => {
    expect(resolveAppPath(url, ROOT)).toBeNull();
  });
  it('treats paths without an extension as client routes and missing assets as 404s', () => {
    expect(isClientRoute(path.join(ROOT, 'samples'))).toBe(true);
    expect(isClientRoute(path.join(ROOT, 'assets', 'missing.js'))).toBe(false);
  });
});
