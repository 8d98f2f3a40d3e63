import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { root: process.cwd(), include: ['test/tools/**/*.test.ts'], testTimeout: 30000, hookTimeout: 30000, pool: 'forks' } });
