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

/** The stored settings, read directly (conf writes plain JSON); {} when there are none. */
export function readStoredSettings(env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const file = configFilePath(env);
  if (!existsSync(file)) return {};
  const text = readFileSync(file, 'utf8');
  if (!text.trim()) return {};
  const parsed: unknown = JSON.parse(text);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${file} does not hold a JSON object`);
  return parsed as Record<string, unknown>;
}
