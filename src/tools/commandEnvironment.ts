// The environment the model's commands run in: the user's, without the API key, wsagent's own
// settings variables and anything whose name looks like a secret (like Codex's
// shell_environment_policy), except the names the user chose to keep (`shellEnvironment.keep`).
// The values of the secrets taken out are registered with the redactor, so a command that finds
// one some other way (a dotfile, /proc) still cannot get it into the model's context or the logs.
import { registerSecret } from '../config/secretRedactor.js';
import { KEYS } from '../config/settings.js';

/** Names that look like they hold a secret (case-insensitive). */
const SECRET_NAME_PATTERNS: readonly RegExp[] = [
  /(^|_)API_?KEY$/i,
  /(^|_)TOKEN$/i,
  /(^|_)TOKEN_/i,
  /SECRET/i,
  /PASSWORD|PASSWD/i,
  /_(PRIVATE|ACCESS|AUTH)_KEY/i,
  // Model providers that name a plain `…_KEY`.
  /^(OPENAI|AZURE_OPENAI|ANTHROPIC|GEMINI|GOOGLE|MISTRAL|GROQ|COHERE|HF|HUGGINGFACE|DEEPSEEK|XAI|TOGETHER|REPLICATE|PERPLEXITY|FIREWORKS|OPENROUTER)_\w*KEY$/i,
];

/** Environment variables wsagent itself reads (its settings, its test hooks). */
function isWsagentVariable(name: string): boolean {
  if (/^WSAGENT_/i.test(name)) return true;
  return Object.values(KEYS).some((spec) => (spec.env ?? []).includes(name));
}

export function isSecretName(name: string): boolean {
  return SECRET_NAME_PATTERNS.some((p) => p.test(name));
}

/** A keep entry is a name or a glob with `*` (`AWS_*`). */
function keepMatcher(keep: readonly string[]): (name: string) => boolean {
  const patterns = keep
    .map((k) => k.trim())
    .filter(Boolean)
    .map(
      (k) =>
        new RegExp(
          `^${k
            .split('*')
            .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('.*')}$`,
        ),
    );
  return (name) => patterns.some((p) => p.test(name));
}

export interface CommandEnvironmentOptions {
  /** Names (or `*` globs) kept even though they look secret or belong to wsagent. */
  keep?: readonly string[];
  /** Variables set on top (TMPDIR inside the sandbox). */
  extra?: Record<string, string>;
}

/** Names withheld from commands, for messages and tests. */
export function withheldNames(env: NodeJS.ProcessEnv = process.env, keep: readonly string[] = []): string[] {
  const kept = keepMatcher(keep);
  return Object.keys(env).filter((name) => (isSecretName(name) || isWsagentVariable(name)) && !kept(name));
}

/** Registers the values of every secret-looking variable (kept ones too: a kept token is still never shown). */
export function registerEnvironmentSecrets(env: NodeJS.ProcessEnv = process.env): void {
  for (const [name, value] of Object.entries(env)) if (value && (isSecretName(name) || name === 'OPENAI_API_KEY')) registerSecret(value);
}

/**
 * The environment commands run in: scrubbed as above, minus what would make tools misbehave when
 * wsagent itself runs under a test runner, and with colours off (the model reads plain text).
 */
export function commandEnv(options: CommandEnvironmentOptions = {}, source: NodeJS.ProcessEnv = process.env): Record<string, string> {
  registerEnvironmentSecrets(source);
  const kept = keepMatcher(options.keep ?? []);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    // NODE_TEST_CONTEXT makes a nested `node --test` report over a private channel instead of
    // printing; FORCE_COLOR would fight NO_COLOR (and make node warn about it).
    if (key === 'NODE_TEST_CONTEXT' || key === 'FORCE_COLOR') continue;
    if ((isSecretName(key) || isWsagentVariable(key)) && !kept(key)) continue;
    env[key] = value;
  }
  env.NO_COLOR = '1';
  env.GIT_PAGER = 'cat';
  env.PAGER = 'cat';
  env.GIT_TERMINAL_PROMPT = '0';
  return { ...env, ...options.extra };
}
