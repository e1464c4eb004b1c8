import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'db/**/*.test.ts', 'backend/**/*.test.ts', 'scripts/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts'],
    // better-sqlite3 and node-llama-cpp are native: forks isolate a crash to one file.
    pool: 'forks',
    testTimeout: 30_000,
  },
});
