// Settings: defaults < the conf store (file mode 0600) < environment < flags, validated once.
// The API key is read from the environment or the store and is never printed or logged.

export type TransportMode = 'auto' | 'ws' | 'http';
export type ApprovalModeName = 'suggest' | 'auto-edit' | 'full-auto';
/** How apply_patch is offered: auto = the freeform custom tool for gpt-5* models, none for others. */
export type ApplyPatchMode = 'auto' | 'custom' | 'function' | 'off';

export interface Settings {
  apiKey: string | null;
  baseUrl: string;
  model: string;
  transport: TransportMode;
  approval: ApprovalModeName;
  store: boolean;
  maxTurns: number;
  organization: string | null;
  project: string | null;
  /** Compact automatically above this many estimated context tokens (0 disables). */
  compactThreshold: number;
  /** Rotate the socket between turns after this many minutes. */
  rotateMinutes: number;
  /** Declare a silent socket dead after this many seconds. */
  deadSeconds: number;
  applyPatch: ApplyPatchMode;
}

export type SettingKey = keyof Settings;

export class ConfigError extends Error {}

export const DEFAULTS: Settings = {
  apiKey: null,
  baseUrl: 'https://api.openai.com/v1',
  model: 'gpt-5.2',
  transport: 'auto',
  approval: 'suggest',
  store: false,
  maxTurns: 100,
  organization: null,
  project: null,
  compactThreshold: 200_000,
  rotateMinutes: 55,
  deadSeconds: 15,
  applyPatch: 'auto',
};

interface KeySpec {
  describe: string;
  parse: (raw: string) => unknown;
  secret?: boolean;
  env?: string[];
}

const oneOf =
  <T extends string>(name: string, values: readonly T[]) =>
  (raw: string): T => {
    if ((values as readonly string[]).includes(raw)) return raw as T;
    throw new ConfigError(`${name} must be one of ${values.join(', ')}; got "${raw}"`);
  };
const positiveInt = (name: string, min = 1) => (raw: string): number => {
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min) throw new ConfigError(`${name} must be a whole number ≥ ${min}; got "${raw}"`);
  return Number(raw);
};
const bool = (name: string) => (raw: string): boolean => {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(`${name} must be true or false; got "${raw}"`);
};
const url = (name: string) => (raw: string): string => {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL such as https://api.openai.com/v1; got "${raw}"`);
  }
  if (!['http:', 'https:'].includes(parsed.protocol)) throw new ConfigError(`${name} must be an http(s) URL; got "${raw}"`);
  return raw.replace(/\/+$/, '');
};
const text = (name: string) => (raw: string): string => {
  if (!raw.trim()) throw new ConfigError(`${name} must not be empty`);
  return raw.trim();
};

export const KEYS: Record<SettingKey, KeySpec> = {
  apiKey: { describe: 'OpenAI API key (secret; never printed)', parse: text('apiKey'), secret: true, env: ['OPENAI_API_KEY'] },
  baseUrl: { describe: 'API base URL', parse: url('baseUrl'), env: ['WSAGENT_BASE_URL', 'OPENAI_BASE_URL'] },
  model: { describe: 'model name', parse: text('model'), env: ['WSAGENT_MODEL'] },
  transport: { describe: 'auto | ws | http', parse: oneOf('transport', ['auto', 'ws', 'http'] as const), env: ['WSAGENT_TRANSPORT'] },
  approval: { describe: 'suggest | auto-edit | full-auto', parse: oneOf('approval', ['suggest', 'auto-edit', 'full-auto'] as const), env: ['WSAGENT_APPROVAL'] },
  store: { describe: 'store responses server-side (true/false)', parse: bool('store'), env: ['WSAGENT_STORE'] },
  maxTurns: { describe: 'model requests allowed per turn', parse: positiveInt('maxTurns'), env: ['WSAGENT_MAX_TURNS'] },
  organization: { describe: 'OpenAI-Organization header', parse: text('organization'), env: ['OPENAI_ORG_ID', 'WSAGENT_ORGANIZATION'] },
  project: { describe: 'OpenAI-Project header', parse: text('project'), env: ['OPENAI_PROJECT_ID', 'WSAGENT_PROJECT'] },
  compactThreshold: { describe: 'compact above this many context tokens (0: never)', parse: positiveInt('compactThreshold', 0), env: ['WSAGENT_COMPACT_THRESHOLD'] },
  rotateMinutes: { describe: 'rotate the socket between turns after this many minutes', parse: positiveInt('rotateMinutes'), env: ['WSAGENT_ROTATE_MINUTES'] },
  deadSeconds: { describe: 'declare a silent socket dead after this many seconds', parse: positiveInt('deadSeconds'), env: ['WSAGENT_DEAD_SECONDS'] },
  applyPatch: {
    describe: 'apply_patch tool: auto (custom for gpt-5*) | custom | function | off',
    parse: oneOf('applyPatch', ['auto', 'custom', 'function', 'off'] as const),
    env: ['WSAGENT_APPLY_PATCH'],
  },
};

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(KEYS, key);
}

export function requireSettingKey(key: string): SettingKey {
  if (!isSettingKey(key)) throw new ConfigError(`unknown setting "${key}" (known: ${Object.keys(KEYS).join(', ')})`);
  return key;
}

export type SettingSource = 'default' | 'config' | 'env' | 'flag';

export interface ResolvedSettings {
  settings: Settings;
  sources: Record<SettingKey, SettingSource>;
}

/**
 * Merges the layers. Flags are already-parsed strings from the command line (undefined: absent).
 * Every value is validated here, once; errors name the layer they came from.
 */
export function resolveSettings(store: Record<string, unknown>, env: NodeJS.ProcessEnv, flags: Partial<Record<SettingKey, string | boolean | number>>): ResolvedSettings {
  const settings = { ...DEFAULTS } as Record<SettingKey, unknown>;
  const sources = Object.fromEntries(Object.keys(KEYS).map((k) => [k, 'default'])) as Record<SettingKey, SettingSource>;
  const apply = (key: SettingKey, raw: unknown, source: SettingSource, where: string): void => {
    if (raw === undefined || raw === null || raw === '') return;
    try {
      settings[key] = typeof raw === 'string' ? KEYS[key].parse(raw) : KEYS[key].parse(String(raw));
      sources[key] = source;
    } catch (err) {
      throw new ConfigError(`${where}: ${(err as Error).message}`);
    }
  };
  for (const key of Object.keys(KEYS) as SettingKey[]) {
    apply(key, store[key], 'config', `config file (${key})`);
    for (const name of [...(KEYS[key].env ?? [])].reverse()) apply(key, env[name], 'env', `environment variable ${name}`);
    apply(key, flags[key], 'flag', `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  }
  return { settings: settings as unknown as Settings, sources };
}

/** How a value is shown to a user: secrets never appear, only whether they are set. */
export function displayValue(key: SettingKey, value: unknown): string {
  if (KEYS[key].secret) return value ? '(set, hidden)' : '(not set)';
  if (value === null || value === undefined) return '(not set)';
  return String(value);
}

export function missingKeyMessage(): string {
  return (
    'no API key. Set OPENAI_API_KEY in the environment, or store one with `wsagent config set apiKey` ' +
    '(it reads the key from standard input, so it stays out of your shell history). ' +
    'To try wsagent without a key, run `wsagent demo`.'
  );
}
