import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Backend } from '../../backend/backend.ts';
import { createAuthenticator } from '../../backend/auth.ts';
import { registerTeam } from './team.ts';
import { registerWorkspaceCommands } from './workspace.ts';

let dir: string;
let out: string[];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-cli-team-'));
  Backend.open(dir).close();
  out = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(args.join(' ')));
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function run(...args: string[]) {
  const program = new Command().option('-w, --workspace <dir>').option('--json').exitOverride();
  registerTeam(program, () => program.opts());
  registerWorkspaceCommands(program, () => program.opts());
  out = [];
  await program.parseAsync(['node', 'coldstart', '-w', dir, ...args]);
  return out.join('\n');
}

describe('coldstart annotator / team', () => {
  it('add prints a working token once, list never shows it, revoke stops it', async () => {
    const added = await run('annotator', 'add', 'alice', '--role', 'lead');
    const token = /^\s+([A-Za-z0-9_-]{43})$/m.exec(added)?.[1];
    expect(token).toBeDefined();
    const listed = await run('annotator', 'list');
    expect(listed).toContain('alice');
    expect(listed).toContain('lead');
    expect(listed).not.toContain(token!);

    const backend = Backend.open(dir);
    try {
      const auth = createAuthenticator(backend.workspace, { allowLocal: true });
      expect(auth(token!)).toMatchObject({ name: 'alice', role: 'lead' });
      await run('annotator', 'revoke', 'alice');
      expect(auth(token!)).toBeNull();
      // Revoked, no active annotators left: a token-less loopback caller is the local user again.
      expect(auth(null)).toMatchObject({ id: null });
    } finally {
      backend.close();
    }
  });

  it('refuses an unknown role as a usage error', async () => {
    await expect(run('annotator', 'add', 'bob', '--role', 'admin')).rejects.toThrow(/--role/);
  });

  it('team stats prints the dashboard numbers', async () => {
    await run('annotator', 'add', 'a');
    const text = await run('team', 'stats');
    expect(text).toMatch(/^team\s+reviewed 0/m);
    expect(text).toMatch(/^a\s+annotator\s+0/m);
  });

  it('serve refuses a non-loopback host while the workspace has no annotators, before binding', async () => {
    await expect(run('serve', '--host', '0.0.0.0', '--port', '0')).rejects.toThrow(/no annotators.*annotator add/);
  });
});
