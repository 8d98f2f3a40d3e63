// Where wsagent keeps its files: the `conf` store's directory (~/.config/wsagent-nodejs on Linux,
// the same path conf itself computes), or WSAGENT_CONFIG_DIR when set (tests, portable installs).
// Computed without loading conf, which costs ~50 ms of startup.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import envPaths from 'env-paths';

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.WSAGENT_CONFIG_DIR;
  if (override) return override;
  return envPaths('wsagent', { suffix: 'nodejs' }).config;
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
