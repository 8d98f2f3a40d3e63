// Codex's `--config key=value` overrides (as @openai/codex-sdk sends them) read as wsagent settings.
// Codex parses each value as TOML and falls back to the raw text when it is not TOML; keys are
// Codex's config.toml names (`openai_base_url`, `approval_policy`, `sandbox_workspace_write.network_access`…).
// Those with a wsagent counterpart become that setting; a key that is a wsagent setting itself
// (`store`, `transport`…) applies as it is, so an SDK program can set them through its `config`
// option; anything else is ignored with a note (shown with --verbose).
import { parse as parseToml } from 'smol-toml';
import { isSettingKey } from '../config/settings.js';
import { EXIT, UserFacingError } from './exitCodes.js';

export type CodexSandboxMode = 'read-only' | 'workspace-write' | 'danger-full-access';

export interface CodexConfig {
  /** wsagent settings as `-c key=JSON` pairs, in the order given (a later one wins). */
  settings: string[];
  /** `sandbox_mode`, when given. */
  sandbox?: CodexSandboxMode;
  /** `approval_policy`, when given. */
  approvalPolicy?: 'untrusted' | 'on-failure' | 'on-request' | 'never';
  /** What was ignored, and why: one line each. */
  notes: string[];
}

const SANDBOX_MODES: readonly string[] = ['read-only', 'workspace-write', 'danger-full-access'];
const APPROVAL_POLICIES: readonly string[] = ['untrusted', 'on-failure', 'on-request', 'never'];
const EFFORTS: readonly string[] = ['minimal', 'low', 'medium', 'high', 'xhigh'];
/** Codex's `web_search` modes onto wsagent's `webSearch` (`disabled` is wsagent's `off`). */
const WEB_SEARCH: Record<string, string> = { disabled: 'off', cached: 'cached', live: 'live' };

/** Codex config keys with a wsagent setting, and how the value carries over (null: it does not). */
const SETTING_FOR: Record<string, (value: unknown) => [string, unknown] | string> = {
  openai_base_url: (v) => (typeof v === 'string' ? ['baseUrl', v] : 'expected a URL string'),
  model: (v) => (typeof v === 'string' ? ['model', v] : 'expected a model name'),
  model_reasoning_effort: (v) =>
    typeof v === 'string' && EFFORTS.includes(v) ? ['reasoningEffort', v] : `wsagent's reasoning efforts are ${EFFORTS.join(', ')}`,
  model_reasoning_summary: (v) => (typeof v === 'string' ? ['reasoningSummary', v] : 'expected auto, concise, detailed or none'),
  model_verbosity: (v) => (typeof v === 'string' ? ['verbosity', v] : 'expected low, medium or high'),
  'sandbox_workspace_write.network_access': (v) => (typeof v === 'boolean' ? ['sandbox.network', v] : 'expected true or false'),
  web_search: (v) => (typeof v === 'string' && WEB_SEARCH[v] ? ['webSearch', WEB_SEARCH[v]] : 'expected disabled, cached or live'),
  'features.web_search_request': (v) => (typeof v === 'boolean' ? ['webSearch', v ? 'live' : 'off'] : 'expected true or false'),
};

export function readCodexConfig(pairs: readonly string[]): CodexConfig {
  const out: CodexConfig = { settings: [], notes: [] };
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UserFacingError(`--config ${pair}: expected key=value, e.g. --config model="gpt-5.2"`, EXIT.usage);
    const key = pair.slice(0, eq).trim();
    const value = tomlValue(pair.slice(eq + 1));
    if (key === 'sandbox_mode') {
      if (typeof value === 'string' && SANDBOX_MODES.includes(value)) out.sandbox = value as CodexSandboxMode;
      else out.notes.push(`--config ${pair}: ignored (sandbox_mode is one of ${SANDBOX_MODES.join(', ')})`);
      continue;
    }
    if (key === 'approval_policy') {
      if (typeof value === 'string' && APPROVAL_POLICIES.includes(value)) out.approvalPolicy = value as CodexConfig['approvalPolicy'];
      else out.notes.push(`--config ${pair}: ignored (approval_policy is one of ${APPROVAL_POLICIES.join(', ')})`);
      continue;
    }
    const translate = SETTING_FOR[key];
    const translated = translate ? translate(value) : isSettingKey(key) ? ([key, value] as [string, unknown]) : null;
    if (translated === null) {
      out.notes.push(`--config ${key}: ignored (no wsagent setting corresponds to it)`);
    } else if (typeof translated === 'string') {
      out.notes.push(`--config ${pair}: ignored (${translated})`);
    } else if (!isSettingKey(translated[0])) {
      out.notes.push(`--config ${key}: ignored (this wsagent has no ${translated[0]} setting)`);
    } else {
      out.settings.push(`${translated[0]}=${JSON.stringify(translated[1])}`);
    }
  }
  return out;
}

/** A TOML value (`"text"`, `true`, `3`, `[…]`, `{…}`), or the raw text when it is not TOML, as Codex reads it. */
function tomlValue(raw: string): unknown {
  try {
    return parseToml(`value = ${raw}`).value;
  } catch {
    return raw.trim();
  }
}
