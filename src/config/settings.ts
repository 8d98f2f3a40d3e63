// Settings: defaults < the conf store (file mode 0600) < environment < flags, validated once.
// The API key is read from the environment or the store and is never printed or logged.
import { APPROVAL_MODES, APPROVAL_MODE_CHOICES, type ApprovalMode } from './approvalModes.js';

export type TransportMode = 'auto' | 'ws' | 'http';
export type ApprovalModeName = ApprovalMode;
export type SandboxModeName = 'read-only' | 'workspace-write' | 'danger-full-access';

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
  /** Replay a request whose response has not started this many seconds after the send. */
  firstEventTimeoutSeconds: number;
  /** Replay a request whose response has sent nothing for this many seconds. */
  streamIdleTimeoutSeconds: number;
  /** Where the model's commands run (Codex's names). */
  sandbox: SandboxModeName;
  /** Let sandboxed commands reach the network. */
  'sandbox.network': boolean;
  /** Environment variables commands keep although they look secret (names or `*` globs). */
  'shellEnvironment.keep': string[];
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
  firstEventTimeoutSeconds: 30,
  streamIdleTimeoutSeconds: 300,
  // With every approval mode, suggest included: there each command is approved anyway, and a
  // read-only sandbox would make every approved build or test run that writes fail and ask twice.
  sandbox: 'workspace-write',
  'sandbox.network': false,
  'shellEnvironment.keep': [],
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
const positiveSeconds = (name: string) => (raw: string): number => {
  if (!/^\d+(\.\d+)?$/.test(raw.trim()) || Number(raw) <= 0) throw new ConfigError(`${name} must be a number of seconds > 0; got "${raw}"`);
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
/** A JSON array of strings (`["A","B"]`) or a comma-separated list (`A,B`). */
const list = (name: string) => (raw: string): string[] => {
  const trimmed = raw.trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new ConfigError(`${name} must be a JSON array of strings or a comma-separated list; got "${raw}"`);
    }
    if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) throw new ConfigError(`${name} must be a list of strings; got "${raw}"`);
    return parsed.map((v: string) => v.trim()).filter(Boolean);
  }
  return trimmed.split(',').map((v) => v.trim()).filter(Boolean);
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
  approval: { describe: APPROVAL_MODE_CHOICES, parse: oneOf('approval', APPROVAL_MODES), env: ['WSAGENT_APPROVAL'] },
  store: { describe: 'store responses server-side (true/false)', parse: bool('store'), env: ['WSAGENT_STORE'] },
  maxTurns: { describe: 'model requests allowed per turn', parse: positiveInt('maxTurns'), env: ['WSAGENT_MAX_TURNS'] },
  organization: { describe: 'OpenAI-Organization header', parse: text('organization'), env: ['OPENAI_ORG_ID', 'WSAGENT_ORGANIZATION'] },
  project: { describe: 'OpenAI-Project header', parse: text('project'), env: ['OPENAI_PROJECT_ID', 'WSAGENT_PROJECT'] },
  compactThreshold: { describe: 'compact above this many context tokens (0: never)', parse: positiveInt('compactThreshold', 0), env: ['WSAGENT_COMPACT_THRESHOLD'] },
  rotateMinutes: { describe: 'rotate the socket between turns after this many minutes', parse: positiveInt('rotateMinutes'), env: ['WSAGENT_ROTATE_MINUTES'] },
  deadSeconds: { describe: 'declare a silent socket dead after this many seconds', parse: positiveInt('deadSeconds'), env: ['WSAGENT_DEAD_SECONDS'] },
  firstEventTimeoutSeconds: {
    describe: 'replay a request when no event of its response came this many seconds after the send',
    parse: positiveSeconds('firstEventTimeoutSeconds'),
    env: ['WSAGENT_FIRST_EVENT_TIMEOUT_SECONDS'],
  },
  streamIdleTimeoutSeconds: {
    describe: 'replay a request when its response sent nothing for this many seconds',
    parse: positiveSeconds('streamIdleTimeoutSeconds'),
    env: ['WSAGENT_STREAM_IDLE_TIMEOUT_SECONDS'],
  },
  sandbox: { describe: 'read-only | workspace-write | danger-full-access', parse: oneOf('sandbox', ['read-only', 'workspace-write', 'danger-full-access'] as const), env: ['WSAGENT_SANDBOX'] },
  'sandbox.network': { describe: 'sandboxed commands may use the network (true/false)', parse: bool('sandbox.network'), env: ['WSAGENT_SANDBOX_NETWORK'] },
  'shellEnvironment.keep': { describe: 'secret-looking env vars commands keep (JSON list or A,B)', parse: list('shellEnvironment.keep'), env: ['WSAGENT_SHELL_ENV_KEEP'] },
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
      settings[key] = typeof raw === 'string' ? KEYS[key].parse(raw) : KEYS[key].parse(Array.isArray(raw) ? JSON.stringify(raw) : String(raw));
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
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.join(',');
  return String(value);
}

export function missingKeyMessage(): string {
  return (
    'no API key. Set OPENAI_API_KEY in the environment, or store one with `wsagent config set apiKey` ' +
    '(it reads the key from standard input, so it stays out of your shell history). ' +
    'To try wsagent without a key, run `wsagent demo`.'
  );
}
