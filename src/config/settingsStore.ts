// The one writable handle on the user settings file. Every writer (config set/unset, mcp add/remove/
// trust) opens it here, at configFilePath(): the same path every reader (config list/get, mcp
// list/get, sessions) computes. conf is given that directory explicitly, never left to derive its
// own from a project name (it would add a `-nodejs` suffix and write where nothing reads). Kept apart
// from configDir.ts because loading conf costs ~50 ms of startup that readers need not pay.
import Conf from 'conf';
import { configDir, migrateLegacyDirs } from './configDir.js';

export type SettingsStore = Conf<Record<string, unknown>>;

/** Opens the settings file for writing (mode 0600), moving a legacy directory first; throws when conf cannot. */
export function openSettingsStore(env: NodeJS.ProcessEnv = process.env): SettingsStore {
  migrateLegacyDirs(env);
  return openSettingsStoreIn(configDir(env));
}

/** The settings file of a config directory already resolved (a run's `configDir`). */
export function openSettingsStoreIn(dir: string): SettingsStore {
  return new Conf<Record<string, unknown>>({
    projectName: 'wsagent',
    cwd: dir,
    configName: 'config',
    configFileMode: 0o600,
    // Keys such as `sandbox.network` are names, not paths into nested objects.
    accessPropertiesByDotNotation: false,
  });
}
