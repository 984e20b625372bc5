import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['runtime/src/**/*.test.ts', 'generator/src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', 'json'],
    outputFile: { json: '.artifacts/vitest.json' },
  },
});
