// Where wsagent keeps its files. Settings live in the config directory (~/.config/wsagent on Linux,
// the `conf` store's own path with no `-nodejs` suffix); sessions, the workspace registry and other
// state in the data directory (~/.local/share/wsagent). WSAGENT_CONFIG_DIR moves both (tests,
// portable installs), WSAGENT_DATA_DIR the data alone. Computed without loading conf, which costs
// ~50 ms of startup.
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import envPaths from 'env-paths';

const paths = (): ReturnType<typeof envPaths> => envPaths('wsagent', { suffix: '' });

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.WSAGENT_CONFIG_DIR;
  if (override) return override;
  return paths().config;
}

export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WSAGENT_DATA_DIR) return env.WSAGENT_DATA_DIR;
  if (env.WSAGENT_CONFIG_DIR) return env.WSAGENT_CONFIG_DIR;
  return paths().data;
}

/**
 * Once: earlier versions kept everything in ~/.config/wsagent-nodejs. That directory becomes the
 * new config directory, and its sessions move to the data directory. Nothing happens with
 * WSAGENT_CONFIG_DIR set, or when the new config directory already exists.
 */
export function migrateLegacyDirs(env: NodeJS.ProcessEnv = process.env): void {
  if (env.WSAGENT_CONFIG_DIR) return;
  const legacy = envPaths('wsagent', { suffix: 'nodejs' }).config;
  const config = configDir(env);
  if (!existsSync(legacy) || existsSync(config)) return;
  mkdirSync(dirname(config), { recursive: true });
  renameSync(legacy, config);
  const oldSessions = join(config, 'sessions');
  const newSessions = join(dataDir(env), 'sessions');
  if (existsSync(oldSessions) && !existsSync(newSessions)) {
    mkdirSync(dirname(newSessions), { recursive: true, mode: 0o700 });
    try {
      renameSync(oldSessions, newSessions);
    } catch {
      // Another file system: the sessions stay readable where they are only by moving them by hand.
    }
  }
}

export function configFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'config.json');
}

export interface StoredSettings {
  file: string;
  settings: Record<string, unknown>;
  /** Why the file cannot be used (not JSON, not an object), naming it; null when it is fine or absent. */
  problem: string | null;
}

/** The config file as it is: its settings, or what is wrong with it (never throws for a bad file). */
export function inspectStoredSettings(env: NodeJS.ProcessEnv = process.env): StoredSettings {
  const file = configFilePath(env);
  if (!existsSync(file)) return { file, settings: {}, problem: null };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { file, settings: {}, problem: `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
  if (!text.trim()) return { file, settings: {}, problem: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { file, settings: {}, problem: `${file} is not valid JSON (${(err as Error).message})` };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    const what = Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : `a ${typeof parsed}`;
    return { file, settings: {}, problem: `${file} does not hold a JSON object (its top level is ${what})` };
  }
  return { file, settings: parsed as Record<string, unknown>, problem: null };
}

/** The stored settings, read directly (conf writes plain JSON); {} when there are none. Throws, naming the file, when it is unusable. */
export function readStoredSettings(env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const stored = inspectStoredSettings(env);
  if (stored.problem) throw new Error(`${stored.problem}; fix or remove it`);
  return stored.settings;
}
