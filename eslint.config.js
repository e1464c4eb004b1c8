// Lint is here mainly to hold the layering in DESIGN.md: imports point downward only,
// renderer → core and electron → backend → db → core.
import tseslint from 'typescript-eslint';

const ours = (...dirs) => dirs.flatMap((d) => [`**/${d}/**`, `../${d}/*`, `../../${d}/*`, `../../../${d}/*`]);
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'http', 'crypto', 'stream'];

function forbid(patterns, why) {
  return { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message: why }] }] };
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.tsbuild/**', 'test-results/**', 'playwright-report/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
  },
  {
    files: ['core/**/*.ts'],
    rules: forbid(
      [...ours('db', 'backend', 'electron', 'renderer', 'scripts'), ...nodeBuiltins, 'electron', 'better-sqlite3', 'node-llama-cpp', 'react'],
      'core/ is pure TypeScript: it imports nothing of ours and no Node, DOM or Electron APIs.',
    ),
  },
  {
    files: ['db/**/*.ts'],
    rules: forbid([...ours('backend', 'electron', 'renderer', 'scripts'), 'electron'], 'db/ may import only core/.'),
  },
  {
    files: ['backend/**/*.ts'],
    rules: forbid([...ours('electron', 'renderer', 'scripts'), 'electron'], 'backend/ may import db/ and core/, never electron/ or renderer/.'),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: forbid(
      [...ours('db', 'backend', 'electron', 'scripts'), ...nodeBuiltins, 'electron', 'better-sqlite3', 'node-llama-cpp'],
      'renderer/ talks to the backend only through the API client; it may import core/ but never backend/, db/ or electron/.',
    ),
  },
);
