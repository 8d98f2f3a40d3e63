// Settings: defaults < the conf store (file mode 0600) < environment < flags, validated once.
// The API key is read from the environment or the store and is never printed or logged.
import { APPROVAL_MODES, APPROVAL_MODE_CHOICES, type ApprovalMode } from './approvalModes.js';
import { nearestName } from './nearestName.js';

export type TransportMode = 'auto' | 'ws' | 'http';
export type ApprovalModeName = ApprovalMode;
export type SandboxModeName = 'read-only' | 'workspace-write' | 'danger-full-access';
export type ReasoningEffortName = 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';
export type ReasoningSummaryName = 'auto' | 'concise' | 'detailed' | 'none';
export type VerbosityName = 'low' | 'medium' | 'high';
export const REASONING_EFFORTS: readonly ReasoningEffortName[] = ['minimal', 'low', 'medium', 'high', 'xhigh'];

/** A named endpoint (`providers` setting, chosen with `--provider NAME`): Azure OpenAI, vLLM, Ollama, OpenRouter… */
export interface ProviderProfile {
  baseUrl?: string;
  /** The environment variable holding this provider's key (instead of OPENAI_API_KEY / apiKey). */
  apiKeyEnv?: string;
  /** The header the key goes in: `authorization` (default) sends `Bearer KEY`; any other name gets the key raw. */
  apiKeyHeader?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  transport?: TransportMode;
  model?: string;
}
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
  /** [lanes] Sub-agents one spawn_agents call may fork (0: no spawn_agents tool). */
  subAgentsMax: number;
  /** [lanes] Model requests each sub-agent may make. */
  subAgentsMaxRequests: number;
  /** `wsagent review`: a diff of more files than this is reviewed by sub-agents in parallel (0: always one reviewer). */
  reviewParallelFiles: number;
  /** Tools one MCP server may add to every request. */
  mcpMaxToolsPerServer: number;
  /** Bytes of tool definitions one MCP server may add to every request. */
  mcpMaxSchemaBytesPerServer: number;
  organization: string | null;
  project: string | null;
  /** Compact automatically above this many context tokens, whatever the window (0: autoCompactPercent decides). */
  compactThreshold: number;
  /** Compact automatically once the context passes this share of the model's window (0: never, unless compactThreshold). */
  autoCompactPercent: number;
  /** The model's context window in tokens, for models wsagent's table does not know (0: the table's). */
  contextWindow: number;
  /** Untracked files over this many MB are left out of undo snapshots, with a notice (0: none left out). */
  undoMaxUntrackedMb: number;
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
  /** More paths sandboxed commands cannot see, besides the credentials hidden anyway (`~/…` allowed). */
  'sandbox.hide': string[];
  /** Paths taken off the hidden list, e.g. `~/.npmrc` for a build that needs it. */
  'sandbox.unhide': string[];
  /** Environment variables commands keep although they look secret (names or `*` globs). */
  'shellEnvironment.keep': string[];
  // --- request tuning and providers (issue 10) ---
  /** Reasoning effort for reasoning models; null: the model's default (no `effort` sent). */
  reasoningEffort: ReasoningEffortName | null;
  /** Reasoning summary for reasoning models; `none` sends no `summary`. */
  reasoningSummary: ReasoningSummaryName;
  /** `text.verbosity` for GPT-5 models; null: not sent. */
  verbosity: VerbosityName | null;
  /** Per-model override of whether a model reasons, e.g. {"my-model": true, "gpt-5-chat-latest": false}. */
  reasoningModels: Record<string, boolean>;
  /** Mid-turn steering: `auto` sends `response.steer` to models that can steer, `queue` always holds steers for the next request. */
  steering: 'auto' | 'queue';
  /** Per-model override of whether a model can be steered natively, e.g. {"my-gpt-6-proxy": false}. */
  steeringModels: Record<string, boolean>;
  /** Extra request headers (values may be secrets: never printed). */
  headers: Record<string, string>;
  /** Extra query parameters on every request URL (e.g. Azure's `api-version`). */
  query: Record<string, string>;
  /** The header the API key is sent in: `authorization` (Bearer) or e.g. `api-key` (raw). */
  apiKeyHeader: string;
  /** Named provider profiles. */
  providers: Record<string, ProviderProfile>;
  /** The provider profile to use (null: none). */
  provider: string | null;
  applyPatch: ApplyPatchMode;
  /** The hosted web_search tool, Codex's modes: off, cached (no live fetching), live. */
  webSearch: 'off' | 'cached' | 'live';
  /** How the TUI gets attention: auto (by TERM_PROGRAM), bell (BEL), osc9 (a desktop notification), off. */
  notifications: 'auto' | 'bell' | 'osc9' | 'off';
  /** A program (argv) run with one JSON argument when a long turn ends or an approval waits (Codex's `notify`). */
  notify: string[];
  /** A turn counts as long (worth a notification) from this many seconds. */
  notifyAfterSeconds: number;
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
  subAgentsMax: 4,
  subAgentsMaxRequests: 20,
  reviewParallelFiles: 8,
  mcpMaxToolsPerServer: 100,
  mcpMaxSchemaBytesPerServer: 64 * 1024,
  organization: null,
  project: null,
  compactThreshold: 0,
  autoCompactPercent: 80,
  contextWindow: 0,
  undoMaxUntrackedMb: 10,
  rotateMinutes: 55,
  deadSeconds: 15,
  firstEventTimeoutSeconds: 30,
  streamIdleTimeoutSeconds: 300,
  // With every approval mode, suggest included: there each command is approved anyway, and a
  // read-only sandbox would make every approved build or test run that writes fail and ask twice.
  sandbox: 'workspace-write',
  'sandbox.network': false,
  'sandbox.hide': [],
  'sandbox.unhide': [],
  'shellEnvironment.keep': [],
  reasoningEffort: null,
  reasoningSummary: 'auto',
  verbosity: null,
  reasoningModels: {},
  steering: 'auto',
  steeringModels: {},
  headers: {},
  query: {},
  apiKeyHeader: 'authorization',
  providers: {},
  provider: null,
  applyPatch: 'auto',
  webSearch: 'off',
  notifications: 'auto',
  notify: [],
  notifyAfterSeconds: 10,
};

interface KeySpec {
  describe: string;
  parse: (raw: string) => unknown;
  secret?: boolean;
  env?: string[];
  /** How the value is shown (default String(value)); must never reveal a secret. */
  display?: (value: unknown) => string;
}

const oneOf =
  <T extends string>(name: string, values: readonly T[]) =>
  (raw: string): T => {
    if ((values as readonly string[]).includes(raw)) return raw as T;
    throw new ConfigError(`${name} must be one of ${values.join(', ')}; got "${raw}"`);
  };
const positiveInt =
  (name: string, min = 1) =>
  (raw: string): number => {
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < min) throw new ConfigError(`${name} must be a whole number ≥ ${min}; got "${raw}"`);
    return Number(raw);
  };
const percent =
  (name: string) =>
  (raw: string): number => {
    if (!/^\d+$/.test(raw.trim()) || Number(raw) > 100) throw new ConfigError(`${name} must be a whole number from 0 to 100; got "${raw}"`);
    return Number(raw);
  };
const positiveSeconds =
  (name: string) =>
  (raw: string): number => {
    if (!/^\d+(\.\d+)?$/.test(raw.trim()) || Number(raw) <= 0) throw new ConfigError(`${name} must be a number of seconds > 0; got "${raw}"`);
    return Number(raw);
  };
const bool =
  (name: string) =>
  (raw: string): boolean => {
    const v = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    throw new ConfigError(`${name} must be true or false; got "${raw}"`);
  };
const url =
  (name: string) =>
  (raw: string): string => {
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
const list =
  (name: string) =>
  (raw: string): string[] => {
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
    return trimmed
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  };
const text =
  (name: string) =>
  (raw: string): string => {
    if (!raw.trim()) throw new ConfigError(`${name} must not be empty`);
    return raw.trim();
  };

/** A JSON object (from `config set KEY '{…}'`, an env variable, or a real object in the config file). */
const jsonObject = (name: string, raw: string): Record<string, unknown> => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(`${name} must be a JSON object such as {"name":"value"}; got ${JSON.stringify(raw.length > 60 ? `${raw.slice(0, 59)}…` : raw)}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(`${name} must be a JSON object such as {"name":"value"}`);
  return parsed as Record<string, unknown>;
};
const stringMap = (name: string, value: unknown): Record<string, string> => {
  const object = typeof value === 'string' ? jsonObject(name, value) : value;
  if (!object || typeof object !== 'object' || Array.isArray(object)) throw new ConfigError(`${name} must be a JSON object of strings`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(object)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new ConfigError(`${name}.${k} must be a string`);
    out[k] = String(v);
  }
  return out;
};
const boolMap =
  (name: string) =>
  (raw: string): Record<string, boolean> => {
    const out: Record<string, boolean> = {};
    for (const [k, v] of Object.entries(jsonObject(name, raw))) {
      if (typeof v !== 'boolean') throw new ConfigError(`${name}.${k} must be true or false`);
      out[k] = v;
    }
    return out;
  };
const headerName =
  (name: string) =>
  (raw: string): string => {
    const v = raw.trim().toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(v)) throw new ConfigError(`${name} must be an HTTP header name such as api-key; got "${raw}"`);
    return v;
  };
const PROFILE_FIELDS = new Set(['baseUrl', 'apiKeyEnv', 'apiKeyHeader', 'headers', 'query', 'transport', 'model']);
const providerProfiles = (raw: string): Record<string, ProviderProfile> => {
  const out: Record<string, ProviderProfile> = {};
  for (const [name, value] of Object.entries(jsonObject('providers', raw))) {
    const where = `providers.${name}`;
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(`${where} must be an object such as {"baseUrl":"…"}`);
    const p = value as Record<string, unknown>;
    for (const field of Object.keys(p)) {
      if (!PROFILE_FIELDS.has(field)) throw new ConfigError(`${where}: unknown field "${field}" (known: ${[...PROFILE_FIELDS].join(', ')})`);
    }
    const str = (field: string): string => {
      if (typeof p[field] !== 'string') throw new ConfigError(`${where}.${field} must be a string`);
      return p[field] as string;
    };
    const profile: ProviderProfile = {};
    if (p.baseUrl !== undefined) profile.baseUrl = url(`${where}.baseUrl`)(str('baseUrl'));
    if (p.apiKeyEnv !== undefined) profile.apiKeyEnv = text(`${where}.apiKeyEnv`)(str('apiKeyEnv'));
    if (p.apiKeyHeader !== undefined) profile.apiKeyHeader = headerName(`${where}.apiKeyHeader`)(str('apiKeyHeader'));
    if (p.headers !== undefined) profile.headers = stringMap(`${where}.headers`, p.headers);
    if (p.query !== undefined) profile.query = stringMap(`${where}.query`, p.query);
    if (p.transport !== undefined) profile.transport = oneOf(`${where}.transport`, ['auto', 'ws', 'http'] as const)(str('transport'));
    if (p.model !== undefined) profile.model = text(`${where}.model`)(str('model'));
    out[name] = profile;
  }
  return out;
};
const hiddenMap = (value: unknown): string => {
  const names = Object.keys((value ?? {}) as object);
  return names.length === 0 ? '(not set)' : `${names.join(', ')} (values hidden)`;
};

export const KEYS: Record<SettingKey, KeySpec> = {
  apiKey: { describe: 'OpenAI API key (secret; never printed)', parse: text('apiKey'), secret: true, env: ['OPENAI_API_KEY'] },
  baseUrl: { describe: 'API base URL', parse: url('baseUrl'), env: ['WSAGENT_BASE_URL', 'OPENAI_BASE_URL'] },
  model: { describe: 'model name', parse: text('model'), env: ['WSAGENT_MODEL'] },
  transport: { describe: 'auto | ws | http', parse: oneOf('transport', ['auto', 'ws', 'http'] as const), env: ['WSAGENT_TRANSPORT'] },
  approval: { describe: APPROVAL_MODE_CHOICES, parse: oneOf('approval', APPROVAL_MODES), env: ['WSAGENT_APPROVAL'] },
  store: { describe: 'store responses server-side (true/false)', parse: bool('store'), env: ['WSAGENT_STORE'] },
  maxTurns: { describe: 'model requests allowed per turn', parse: positiveInt('maxTurns'), env: ['WSAGENT_MAX_TURNS'] },
  subAgentsMax: { describe: 'sub-agents one spawn_agents call may fork (0: none)', parse: positiveInt('subAgentsMax', 0), env: ['WSAGENT_SUB_AGENTS_MAX'] },
  subAgentsMaxRequests: {
    describe: 'model requests each sub-agent may make',
    parse: positiveInt('subAgentsMaxRequests'),
    env: ['WSAGENT_SUB_AGENTS_MAX_REQUESTS'],
  },
  reviewParallelFiles: {
    describe: 'review: more changed files than this are reviewed in parallel by sub-agents (0: one reviewer)',
    parse: positiveInt('reviewParallelFiles', 0),
  },
  mcpMaxToolsPerServer: { describe: 'tools one MCP server may add to every request', parse: positiveInt('mcpMaxToolsPerServer', 0) },
  mcpMaxSchemaBytesPerServer: {
    describe: 'bytes of tool definitions one MCP server may add to every request',
    parse: positiveInt('mcpMaxSchemaBytesPerServer', 0),
  },
  organization: { describe: 'OpenAI-Organization header', parse: text('organization'), env: ['OPENAI_ORG_ID', 'WSAGENT_ORGANIZATION'] },
  project: { describe: 'OpenAI-Project header', parse: text('project'), env: ['OPENAI_PROJECT_ID', 'WSAGENT_PROJECT'] },
  compactThreshold: {
    describe: 'compact above this many context tokens, whatever the window (0: autoCompactPercent decides)',
    parse: positiveInt('compactThreshold', 0),
    env: ['WSAGENT_COMPACT_THRESHOLD'],
  },
  autoCompactPercent: {
    describe: "compact once the context passes this share of the model's window, in percent (0: never)",
    parse: percent('autoCompactPercent'),
    env: ['WSAGENT_AUTO_COMPACT_PERCENT'],
  },
  contextWindow: {
    describe: "the model's context window in tokens, for models wsagent does not know (0: its own table)",
    parse: positiveInt('contextWindow', 0),
    env: ['WSAGENT_CONTEXT_WINDOW'],
  },
  undoMaxUntrackedMb: {
    describe: 'leave untracked files over this many MB out of undo snapshots, with a notice (0: keep all)',
    parse: positiveInt('undoMaxUntrackedMb', 0),
    env: ['WSAGENT_UNDO_MAX_UNTRACKED_MB'],
  },
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
  sandbox: {
    describe: 'read-only | workspace-write | danger-full-access',
    parse: oneOf('sandbox', ['read-only', 'workspace-write', 'danger-full-access'] as const),
    env: ['WSAGENT_SANDBOX'],
  },
  'sandbox.network': { describe: 'sandboxed commands may use the network (true/false)', parse: bool('sandbox.network'), env: ['WSAGENT_SANDBOX_NETWORK'] },
  'sandbox.hide': { describe: 'more paths sandboxed commands cannot see (JSON list or A,B; ~/ allowed)', parse: list('sandbox.hide') },
  'sandbox.unhide': { describe: 'hidden paths sandboxed commands may see after all, e.g. ~/.npmrc (JSON list or A,B)', parse: list('sandbox.unhide') },
  'shellEnvironment.keep': {
    describe: 'secret-looking env vars commands keep (JSON list or A,B)',
    parse: list('shellEnvironment.keep'),
    env: ['WSAGENT_SHELL_ENV_KEEP'],
  },
  reasoningEffort: {
    describe: 'minimal | low | medium | high | xhigh (reasoning models; unset: the model default)',
    parse: oneOf('reasoningEffort', REASONING_EFFORTS),
    env: ['WSAGENT_REASONING_EFFORT'],
  },
  reasoningSummary: {
    describe: 'auto | concise | detailed | none (reasoning summaries)',
    parse: oneOf('reasoningSummary', ['auto', 'concise', 'detailed', 'none'] as const),
    env: ['WSAGENT_REASONING_SUMMARY'],
  },
  verbosity: {
    describe: 'low | medium | high (GPT-5 text verbosity; unset: the model default)',
    parse: oneOf('verbosity', ['low', 'medium', 'high'] as const),
    env: ['WSAGENT_VERBOSITY'],
  },
  reasoningModels: {
    describe: 'JSON {"model": true|false}: which models reason (default: gpt-5*, o<digit>*)',
    parse: boolMap('reasoningModels'),
    display: (v) => (Object.keys(v as object).length === 0 ? '(not set)' : JSON.stringify(v)),
  },
  steering: {
    describe: 'auto (native response.steer where the model can) | queue (steers go with the next request)',
    parse: oneOf('steering', ['auto', 'queue'] as const),
    env: ['WSAGENT_STEERING'],
  },
  steeringModels: {
    describe: 'JSON {"model": true|false}: which models can be steered natively (default: gpt-6*)',
    parse: boolMap('steeringModels'),
    display: (v) => (Object.keys(v as object).length === 0 ? '(not set)' : JSON.stringify(v)),
  },
  headers: { describe: 'JSON {"Header": "value"}: extra request headers (values hidden)', parse: (raw) => stringMap('headers', raw), display: hiddenMap },
  query: { describe: 'JSON {"name": "value"}: extra query parameters (e.g. api-version)', parse: (raw) => stringMap('query', raw), display: hiddenMap },
  apiKeyHeader: { describe: 'header the key is sent in: authorization (Bearer) or e.g. api-key', parse: headerName('apiKeyHeader') },
  providers: {
    describe: 'JSON {"NAME": {baseUrl, apiKeyEnv, apiKeyHeader, headers, query, transport, model}}',
    parse: providerProfiles,
    display: (v) => hiddenMap(v).replace('values hidden', 'details hidden'),
  },
  provider: { describe: 'the provider profile to use (--provider)', parse: text('provider'), env: ['WSAGENT_PROVIDER'] },
  applyPatch: {
    describe: 'apply_patch tool: auto (custom for gpt-5*) | custom | function | off',
    parse: oneOf('applyPatch', ['auto', 'custom', 'function', 'off'] as const),
    env: ['WSAGENT_APPLY_PATCH'],
  },
  webSearch: {
    describe: 'hosted web search: off | cached (indexed results only) | live',
    parse: oneOf('webSearch', ['off', 'cached', 'live'] as const),
    env: ['WSAGENT_WEB_SEARCH'],
  },
  notifications: {
    describe: 'TUI attention signal: auto (by terminal) | bell | osc9 | off',
    parse: oneOf('notifications', ['auto', 'bell', 'osc9', 'off'] as const),
    env: ['WSAGENT_NOTIFICATIONS'],
  },
  notify: {
    describe: 'program run with a JSON argument when a long turn ends or an approval waits (JSON argv list)',
    parse: list('notify'),
    display: (v) => ((v as string[]).length === 0 ? '(not set)' : JSON.stringify(v)),
  },
  notifyAfterSeconds: {
    describe: 'a turn this long or longer notifies when it ends (seconds, 0: every turn)',
    parse: (raw) => {
      if (!/^\d+(\.\d+)?$/.test(raw.trim())) throw new ConfigError(`notifyAfterSeconds must be a number of seconds ≥ 0; got "${raw}"`);
      return Number(raw);
    },
    env: ['WSAGENT_NOTIFY_AFTER_SECONDS'],
  },
};

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(KEYS, key);
}

export function requireSettingKey(key: string): SettingKey {
  if (!isSettingKey(key)) {
    const near = nearestName(key, Object.keys(KEYS));
    throw new ConfigError(`unknown setting "${key}" (${near ? `did you mean ${near}? ` : ''}known: ${Object.keys(KEYS).join(', ')})`);
  }
  return key;
}

export type SettingSource = 'default' | 'project' | 'config' | 'profile' | 'env' | 'flag';

/** The layers beside the config file and the environment (see resolveSettings). */
export interface ExtraLayers {
  /** The repository's `.wsagent/config.json` (already checked against PROJECT_KEYS), lowest of all. */
  project?: { values: Record<string, unknown>; where: string };
  /** `profiles.NAME` of the config file (`--profile NAME`), above the config file, below the environment. */
  profile?: { values: Record<string, unknown>; name: string };
}

export interface ResolvedSettings {
  settings: Settings;
  sources: Record<SettingKey, SettingSource>;
}

/**
 * Merges the layers. Flags are already-parsed strings from the command line (undefined: absent).
 * Every value is validated here, once; errors name the layer they came from.
 */
export function resolveSettings(
  store: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  flags: Partial<Record<SettingKey, unknown>>,
  layers: ExtraLayers = {},
): ResolvedSettings {
  const settings = { ...DEFAULTS } as Record<SettingKey, unknown>;
  const sources = Object.fromEntries(Object.keys(KEYS).map((k) => [k, 'default'])) as Record<SettingKey, SettingSource>;
  const apply = (key: SettingKey, raw: unknown, source: SettingSource, where: string): void => {
    if (raw === undefined || raw === null || raw === '') return;
    try {
      // The config file may hold real JSON objects (the object-valued keys): parse them as their JSON.
      const rawText = typeof raw === 'string' ? raw : typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
      settings[key] = KEYS[key].parse(rawText);
      sources[key] = source;
    } catch (err) {
      throw new ConfigError(`${where}: ${(err as Error).message}`);
    }
  };
  for (const key of Object.keys(KEYS) as SettingKey[]) {
    if (layers.project) apply(key, layers.project.values[key], 'project', `${layers.project.where} (${key})`);
    apply(key, store[key], 'config', `config file (${key})`);
    if (layers.profile) apply(key, layers.profile.values[key], 'profile', `profile "${layers.profile.name}" (${key})`);
    for (const name of [...(KEYS[key].env ?? [])].reverse()) apply(key, env[name], 'env', `environment variable ${name}`);
    apply(key, flags[key], 'flag', `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  }
  return { settings: settings as unknown as Settings, sources };
}

/** How a value is shown to a user: secrets never appear, only whether they are set. */
export function displayValue(key: SettingKey, value: unknown): string {
  if (KEYS[key].secret) return value ? '(set, hidden)' : '(not set)';
  if (value === null || value === undefined) return '(not set)';
  if (KEYS[key].display) return KEYS[key].display(value);
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
