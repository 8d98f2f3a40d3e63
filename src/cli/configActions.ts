// What `wsagent config …` does. The API key can be stored but is never printed; `config set apiKey`
// with no value reads it from standard input (on a terminal, without echo).
import { findRepositoryRoot } from '../agent/instructions.js';
import { inspectStoredSettings, migrateLegacyDirs } from '../config/configDir.js';
import { openSettingsStore, type SettingsStore } from '../config/settingsStore.js';
import { nearestName } from '../config/nearestName.js';
import { findProjectConfig } from '../config/projectConfig.js';
import { ConfigError, DEFAULTS, displayValue, type ExtraLayers, KEYS, requireSettingKey, resolveSettings, type SettingKey } from '../config/settings.js';
import { EXIT, UserFacingError } from './exitCodes.js';

/**
 * The value of `config set KEY` without a value. On a terminal it is typed (or pasted) with echo
 * off, so a key never appears on the screen or in a terminal's scrollback; piped, it is read to the end.
 */
async function readValue(name: string): Promise<string> {
  if (process.stdin.isTTY) {
    const { read } = await import('read');
    try {
      const typed = await read({ prompt: `${name} (input hidden, Enter to finish): `, silent: true, replace: '', output: process.stderr });
      return String(typed).trim();
    } catch {
      // Ctrl-C or Ctrl-D at the prompt: nothing is stored.
      process.stderr.write('\n');
      return '';
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

/** The persistent store (file mode 0600), at the one path every reader uses. */
function store(): SettingsStore {
  try {
    return openSettingsStore();
  } catch (err) {
    throw new UserFacingError(`cannot open the config store: ${(err as Error).message}`, EXIT.config);
  }
}

function key(name: string): SettingKey {
  try {
    return requireSettingKey(name);
  } catch (err) {
    throw new UserFacingError((err as Error).message, EXIT.usage);
  }
}

/** The stored settings for reading; a broken file is named on stderr and read as empty, so list/get/path still work. */
function storedForReading(): Record<string, unknown> {
  migrateLegacyDirs();
  const stored = inspectStoredSettings();
  if (stored.problem) process.stderr.write(`wsagent: warning: ${stored.problem}; its settings are ignored until it is fixed or removed\n`);
  return stored.settings;
}

/** The store for writing; refuses to merge into a file that is not a JSON object (it would be mangled). */
function storeForWriting(action: string): SettingsStore {
  migrateLegacyDirs();
  const stored = inspectStoredSettings();
  if (stored.problem) throw new UserFacingError(`${stored.problem}; \`config ${action}\` will not write into it: fix or remove it first`, EXIT.config);
  return store();
}

export function configPath(): void {
  // Computed, not opened: it must work when the file itself is broken.
  process.stdout.write(`${inspectStoredSettings().file}\n`);
}

/** The repository's .wsagent/config.json seen from the current directory, so `config list` shows what a run here gets. */
function projectLayer(): ExtraLayers {
  const project = findProjectConfig(process.cwd(), findRepositoryRoot(process.cwd()));
  return project ? { project: { values: project.values, where: project.path } } : {};
}

export function configList(): void {
  let resolved;
  try {
    resolved = resolveSettings(storedForReading(), process.env, {}, projectLayer());
  } catch (err) {
    throw new UserFacingError((err as Error).message, EXIT.config);
  }
  for (const k of Object.keys(KEYS) as SettingKey[]) {
    const value = displayValue(k, resolved.settings[k]);
    process.stdout.write(`${k.padEnd(17)} ${value.padEnd(30)} ${resolved.sources[k].padEnd(8)} ${KEYS[k].describe}\n`);
  }
}

/** `wsagent config` with no subcommand lists the settings; an unknown word is named, with the nearest subcommand. */
export function configAlone(words: string[], subcommands: string[]): void {
  const [word] = words;
  if (word === undefined) {
    configList();
    return;
  }
  const near = nearestName(word, subcommands);
  throw new UserFacingError(`unknown command 'config ${word}'${near ? ` (did you mean config ${near}?)` : ''}; see \`wsagent config --help\``, EXIT.usage);
}

export function configGet(name: string): void {
  const k = key(name);
  let resolved;
  try {
    resolved = resolveSettings(storedForReading(), process.env, {}, projectLayer());
  } catch (err) {
    throw new UserFacingError((err as Error).message, EXIT.config);
  }
  process.stdout.write(`${displayValue(k, resolved.settings[k])}\n`);
}

export async function configSet(name: string, value: string | undefined): Promise<void> {
  const k = key(name);
  if (value !== undefined && KEYS[k].secret) {
    process.stderr.write(`note: a ${k} given on the command line may stay in your shell history; \`wsagent config set ${k}\` reads it from stdin instead\n`);
  }
  const raw = value ?? (await readValue(k));
  if (!raw) throw new UserFacingError(`no value given for ${k}`, EXIT.usage);
  let parsed: unknown;
  try {
    parsed = KEYS[k].parse(raw);
  } catch (err) {
    if (err instanceof ConfigError) throw new UserFacingError(err.message, EXIT.usage);
    throw err;
  }
  storeForWriting('set').set(k, parsed);
  process.stdout.write(`${k} = ${displayValue(k, parsed)}\n`);
}

export function configUnset(name: string): void {
  const k = key(name);
  migrateLegacyDirs();
  const stored = inspectStoredSettings();
  if (stored.problem) {
    // Nothing can be removed from a file that cannot be read; say so, and what the setting is now.
    process.stderr.write(`wsagent: warning: ${stored.problem}; nothing was removed from it, and its settings are ignored until it is fixed or removed\n`);
  } else {
    store().delete(k);
  }
  process.stdout.write(`${k} = ${displayValue(k, DEFAULTS[k])} (default)\n`);
}
