// Hooks: the user's own commands run around prompts, tool calls and the end of a turn, written in
// the settings shape Claude Code and Codex share:
//   "hooks": { "PreToolUse": [ { "matcher": "Bash", "hooks": [ { "type": "command", "command": "…", "timeout": 60 } ] } ] }
// They come from the user settings and from the repository's `.wsagent/config.json`; the
// repository's count only once the user trusts it as it is (projectTrust.ts: `hooks` is a trust
// key), because they run outside the sandbox. Events and hook types the others have and wsagent
// does not (Notification, `prompt` hooks, …) are set aside with a notice, so a settings file written
// for them still loads.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { type TrustState, trustState, untrustedMessage } from './projectTrust.js';
import { trustSubject } from './rules/repositoryTrust.js';
import { ConfigError } from './settings.js';

export const HOOK_EVENTS = ['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'Stop', 'PreCompact'] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

/** Seconds a hook may run before it is killed, unless it says otherwise (as Claude Code and Codex). */
export const DEFAULT_HOOK_TIMEOUT_SECONDS = 60;

export interface HookCommand {
  event: HookEvent;
  /** As written ('' and '*' match every tool); only tool events use it. */
  matcher: string;
  command: string;
  timeoutSeconds: number;
  /** The settings file it came from. */
  source: string;
}

export interface LoadedHooks {
  hooks: HookCommand[];
  /** One-line notices: an untrusted repository's hooks, events or hook types wsagent does not run. */
  notices: string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
}

/** The `hooks` value of one settings file, validated; `notices` collects what is set aside. */
export function parseHooks(raw: unknown, source: string, notices: string[]): HookCommand[] {
  if (raw === undefined || raw === null) return [];
  if (!isObject(raw)) throw new ConfigError(`${source}: "hooks" must be an object mapping events to lists of matchers`);
  const hooks: HookCommand[] = [];
  for (const [event, groups] of Object.entries(raw)) {
    if (!(HOOK_EVENTS as readonly string[]).includes(event)) {
      notices.push(`${source}: hooks for ${event} are not run by wsagent (it runs ${HOOK_EVENTS.join(', ')})`);
      continue;
    }
    if (!Array.isArray(groups)) throw new ConfigError(`${source}: hooks.${event} must be a list of {"matcher", "hooks"} entries`);
    groups.forEach((group, g) => {
      const where = `hooks.${event}[${g}]`;
      if (!isObject(group)) throw new ConfigError(`${source}: ${where} must be an object with "hooks"`);
      const matcher = group.matcher ?? '';
      if (typeof matcher !== 'string') throw new ConfigError(`${source}: ${where}.matcher must be a string`);
      checkMatcher(matcher, `${source}: ${where}.matcher`);
      if (!Array.isArray(group.hooks)) throw new ConfigError(`${source}: ${where}.hooks must be a list of {"type": "command", "command"} entries`);
      group.hooks.forEach((hook, h) => {
        const at = `${where}.hooks[${h}]`;
        if (!isObject(hook)) throw new ConfigError(`${source}: ${at} must be an object`);
        if (hook.type !== undefined && hook.type !== 'command') {
          notices.push(`${source}: ${at} is a "${String(hook.type)}" hook; wsagent runs only "command" hooks`);
          return;
        }
        if (typeof hook.command !== 'string' || hook.command.trim() === '') throw new ConfigError(`${source}: ${at}.command must be a non-empty string`);
        const timeout = hook.timeout ?? DEFAULT_HOOK_TIMEOUT_SECONDS;
        if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0) {
          throw new ConfigError(`${source}: ${at}.timeout must be a positive number of seconds`);
        }
        hooks.push({ event: event as HookEvent, matcher, command: hook.command, timeoutSeconds: timeout, source });
      });
    });
  }
  return hooks;
}

/** A matcher is a regular expression over tool names (Claude Code's rule); a bad one is a config error, not a silent miss. */
function checkMatcher(matcher: string, where: string): void {
  if (matcher === '' || matcher === '*') return;
  try {
    new RegExp(matcher);
  } catch (err) {
    throw new ConfigError(`${where}: not a valid regular expression (${(err as Error).message})`);
  }
}

function readSettingsFile(path: string): Record<string, unknown> | null {
  if (!existsSync(path)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  if (!isObject(parsed)) throw new ConfigError(`${path} must hold a JSON object`);
  return parsed;
}

function canonical(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

/**
 * The hooks of a session: the user's (`<configDir>/config.json`), then the repository's when it
 * is trusted with the settings it has now. Both sets run; neither replaces the other.
 */
export function loadHooks(configDir: string, repositoryRoot: string | null): LoadedHooks {
  const notices: string[] = [];
  const userFile = join(configDir, 'config.json');
  const user = readSettingsFile(userFile);
  const hooks = parseHooks(user?.hooks, userFile, notices);
  if (repositoryRoot) {
    const projectFile = join(repositoryRoot, '.wsagent', 'config.json');
    const project = readSettingsFile(projectFile);
    if (project?.hooks !== undefined) {
      // Parsed even when untrusted: a malformed file is reported the same way in both cases.
      const projectHooks = parseHooks(project.hooks, projectFile, notices);
      const root = canonical(repositoryRoot);
      const trust: TrustState = trustState(user, root, trustSubject(root, project));
      if (trust.trusted) hooks.push(...projectHooks);
      else if (projectHooks.length > 0) notices.push(untrustedMessage(trust, projectFile, `hooks (${projectHooks.length})`));
    }
  }
  return { hooks, notices };
}
