// One answer, for the whole suite, to "can commands be sandboxed here?": the same probe wsagent
// makes, on the same environment the spawned CLIs inherit (so `WSAGENT_BWRAP=/nonexistent npx
// vitest run` is a machine without bubblewrap for every test). Tests about the sandbox itself skip
// without one, saying why; every other test runs the same either way, its commands unconfined in
// its own throwaway repository when there is no sandbox.
import { probeBwrap } from '../../src/tools/sandbox/index.js';

const probe = probeBwrap();

export const sandboxAvailable = probe.ok;

/** For a skipped test's name: why there is no sandbox here. */
export const noSandbox = probe.ok ? '' : ` (skipped: no sandbox here: ${probe.reason})`;

/** CLI flags for a test that is not about the sandbox: none where there is one, else unconfined. */
export const sandboxFlags: readonly string[] = probe.ok ? [] : ['--sandbox', 'danger-full-access'];

/** The same for settings given to createAgentApp. */
export const sandboxSetting = probe.ok ? ('workspace-write' as const) : ('danger-full-access' as const);

/**
 * A shell prefix for commands started in tmux: the tmux server's environment is whatever its first
 * client had, so this process's view of bwrap is passed on explicitly.
 */
export const tmuxBwrapEnv = process.env.WSAGENT_BWRAP ? `WSAGENT_BWRAP=${process.env.WSAGENT_BWRAP}` : 'env -u WSAGENT_BWRAP';
