// The session's hooks, read from the user settings and the trusted repository's
// (config/hooksConfig.ts), ready for the agent to run. A malformed hooks setting stops the run
// before the first request (exit 3) with one line naming the file; what is set aside (an untrusted
// repository's hooks, events wsagent does not run) is said once at the start.
import { Hooks } from '../agent/hooks/Hooks.js';
import type { AgentEvent } from '../agent/events.js';
import { loadHooks, type LoadedHooks } from '../config/hooksConfig.js';
import { ConfigError } from '../config/settings.js';
import { EXIT, UserFacingError } from './exitCodes.js';

export function readHooks(configDir: string, repositoryRoot: string | null): LoadedHooks {
  try {
    return loadHooks(configDir, repositoryRoot);
  } catch (err) {
    if (err instanceof ConfigError) throw new UserFacingError(err.message, EXIT.config);
    throw err;
  }
}

export function createHooks(
  loaded: LoadedHooks,
  info: { sessionId: string; cwd: string; transcriptPath: string | null },
  emit: (event: AgentEvent) => void,
): Hooks | null {
  return loaded.hooks.length > 0 ? new Hooks(loaded.hooks, info, emit) : null;
}

/** The notices of loading, once each, after session.started. */
export function reportHookNotices(loaded: LoadedHooks, emit: (event: AgentEvent) => void): void {
  for (const message of loaded.notices) emit({ type: 'error', code: 'hooks_not_run', message, fatal: false });
}
