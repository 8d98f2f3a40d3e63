import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Real sockets and real processes: give slow shared machines room, but never hang CI.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Most tests wait on real sockets, spawned CLIs and simulated latency, not on the CPU: three
    // workers keep both cores of a CI machine busy (vitest's default here would be one).
    maxWorkers: 3,
    globalSetup: ['test/globalSetup.ts'],
    // Ink renders only a final frame when it believes it runs in CI (is-in-ci reads CI at import
    // time); the UI tests drive it as on a terminal, so say we are not.
    env: { CI: 'false', CONTINUOUS_INTEGRATION: 'false' },
  },
});
