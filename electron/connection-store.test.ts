import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileConnectionStore, type TokenCipher } from './connection-store.ts';

// Reversible but not identity, so a plain-text token in the file would show.
const cipher: TokenCipher = {
  encrypt: (text) => Buffer.from([...Buffer.from(text)].map((b) => b ^ 0x5a)),
  decrypt: (data) => Buffer.from([...data].map((b) => b ^ 0x5a)).toString(),
};

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-store-'));
  file = path.join(dir, 'sub', 'team-server.json');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('fileConnectionStore', () => {
  it('keeps the address and the token encrypted, never the token in plain text', () => {
    fileConnectionStore(file, cipher).save({ url: 'https://team.example', token: 'secret-token' });
    expect(fs.readFileSync(file, 'utf8')).not.toContain('secret-token');
    expect(fileConnectionStore(file, cipher).load()).toEqual({ url: 'https://team.example', token: 'secret-token' });
  });

  it('keeps only the address without a cipher', () => {
    fileConnectionStore(file, null).save({ url: 'https://team.example', token: 'secret-token' });
    expect(fs.readFileSync(file, 'utf8')).not.toContain('secret-token');
    expect(fileConnectionStore(file, cipher).load()).toEqual({ url: 'https://team.example', token: null });
  });

  it('starts over from a missing, damaged or tampered file', () => {
    const store = fileConnectionStore(file, cipher);
    expect(store.load()).toBeNull();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{oops');
    expect(store.load()).toBeNull();
    fs.writeFileSync(file, JSON.stringify({ url: 'javascript:alert(1)' }));
    expect(store.load()).toBeNull();
    const failing = fileConnectionStore(file, { ...cipher, decrypt: () => { throw new Error('wrong keyring'); } });
    fs.writeFileSync(file, JSON.stringify({ url: 'https://team.example', token: 'AAAA' }));
    expect(failing.load()).toEqual({ url: 'https://team.example', token: null });
    store.save(null);
    expect(fs.existsSync(file)).toBe(false);
  });
});
