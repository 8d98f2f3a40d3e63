// Slash commands typed at the prompt: the list (for /help and Tab completion) and a pure parser.
// A line is a command when it starts with `/` and its first word has no other `/` (so a path such as
// `/src/app.ts is broken` is sent to the model as a prompt).
import type { ReviewTarget } from '../tools/reviewDiff.js';

export interface SlashCommandSpec {
  name: string;
  args?: string;
  summary: string;
  aliases?: readonly string[];
}

export const SLASH_COMMANDS: readonly SlashCommandSpec[] = [
  { name: 'help', summary: 'show commands and keys', aliases: ['?'] },
  { name: 'clear', summary: 'start a fresh conversation in this session' },
  { name: 'new', summary: 'start a new session (this one stays resumable)' },
  { name: 'compact', args: '[FOCUS]', summary: 'compact the conversation now (FOCUS: what the summary must keep)' },
  { name: 'diff', summary: 'show the working tree diff against HEAD' },
  {
    name: 'review',
    args: '[TARGET] [FOCUS]',
    summary: 'review the uncommitted changes read-only and list the findings (TARGET: --base BRANCH or --commit SHA)',
  },
  { name: 'undo', summary: 'restore the files changed by the last turn that changed any' },
  { name: 'status', summary: 'show connection, timings and token details' },
  { name: 'mcp', summary: 'list MCP servers, their state and tools' },
  { name: 'hooks', summary: 'list the configured hooks: event, matcher, command, timeout, file' },
  { name: 'skills', summary: 'list the skills the model may read, and any skipped' },
  { name: 'model', args: '[NAME]', summary: 'show the model, or switch to NAME' },
  { name: 'effort', args: '[LEVEL]', summary: 'show the reasoning effort, or set it (minimal, low, medium, high, xhigh, default)' },
  { name: 'plan', args: '[TASK | edit | off]', summary: 'plan first: read-only tools until you approve the plan (go)' },
  { name: 'init', summary: 'write an AGENTS.md for this repository (shows the diff, asks first)' },
  { name: 'approval', args: '[MODE]', summary: 'show the approval mode, or set it (suggest, auto-edit, full-auto)' },
  { name: 'rewind', summary: 'go back to an earlier prompt: conversation, files or both (also Esc Esc)' },
  { name: 'fork', summary: 'go on in a copy of this conversation as a new session (this one stays as it is)' },
  { name: 'quit', summary: 'exit wsagent', aliases: ['exit', 'q'] },
];

export type SlashCommand =
  | { kind: 'help' }
  | { kind: 'clear' }
  | { kind: 'new' }
  /** `focus`: the words after /compact, what the compaction must keep (null: none). */
  | { kind: 'compact'; focus: string | null }
  | { kind: 'diff' }
  | { kind: 'review'; target: ReviewTarget; focus?: string }
  | { kind: 'undo' }
  | { kind: 'rewind' }
  | { kind: 'fork' }
  | { kind: 'status' }
  | { kind: 'mcp' }
  | { kind: 'hooks' }
  | { kind: 'skills' }
  | { kind: 'model'; model: string | null }
  | { kind: 'effort'; level: string | null }
  | { kind: 'approval'; mode: string | null }
  /** `/plan` alone enters plan mode, `/plan TASK` also sends the task, `edit` puts the plan in the prompt, `off` leaves. */
  | { kind: 'plan'; action: 'enter' | 'edit' | 'off'; task: string | null }
  | { kind: 'init' }
  | { kind: 'quit' }
  /** Not a known command, or wrong arguments: `message` says what to type instead. */
  | { kind: 'invalid'; message: string };

function lookup(name: string): SlashCommandSpec | undefined {
  const lower = name.toLowerCase();
  return SLASH_COMMANDS.find((c) => c.name === lower || c.aliases?.includes(lower));
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The closest command name, when one is close enough to be a likely typo. */
export function suggestCommand(name: string): string | null {
  const lower = name.toLowerCase();
  const byPrefix = SLASH_COMMANDS.filter((c) => c.name.startsWith(lower));
  if (lower.length > 0 && byPrefix.length === 1) return byPrefix[0]!.name;
  let best: { name: string; d: number } | null = null;
  for (const c of SLASH_COMMANDS) {
    const d = distance(lower, c.name);
    if (!best || d < best.d) best = { name: c.name, d };
  }
  return best && best.d <= Math.max(1, Math.ceil(lower.length / 3)) ? best.name : null;
}

/** Whether the line would be read as a slash command. */
export function isSlashCommand(line: string): boolean {
  return /^\/[^\s/]*(\s|$)/.test(line.trim());
}

/** Parses a slash command; null when the line is an ordinary prompt. */
export function parseSlashCommand(line: string): SlashCommand | null {
  const text = line.trim();
  if (!isSlashCommand(text)) return null;
  const [head = '/', ...rest] = text.split(/\s+/);
  const name = head.slice(1);
  const args = rest.filter((a) => a !== '');
  const spec = lookup(name);
  if (!spec) {
    const suggestion = suggestCommand(name);
    return {
      kind: 'invalid',
      message: `Unknown command /${name}.${suggestion ? ` Did you mean /${suggestion}?` : ''} Type /help for the list.`,
    };
  }
  switch (spec.name) {
    case 'plan': {
      const rest = text.slice(head.length).trim();
      if (/^(edit|off)$/i.test(rest)) return { kind: 'plan', action: rest.toLowerCase() as 'edit' | 'off', task: null };
      return { kind: 'plan', action: 'enter', task: rest === '' ? null : rest };
    }
    case 'compact': {
      const focus = text.slice(head.length).trim();
      return { kind: 'compact', focus: focus === '' ? null : focus };
    }
    case 'review':
      return reviewCommand(args);
    case 'model':
    case 'effort':
    case 'approval': {
      if (args.length > 1) return { kind: 'invalid', message: `Usage: /${spec.name} ${spec.args ?? ''}`.trim() };
      const value = args[0] ?? null;
      if (spec.name === 'effort') return { kind: 'effort', level: value };
      return spec.name === 'model' ? { kind: 'model', model: value } : { kind: 'approval', mode: value };
    }
    default:
      if (args.length > 0) return { kind: 'invalid', message: `/${spec.name} takes no arguments.` };
      return {
        kind: spec.name as 'help' | 'clear' | 'new' | 'diff' | 'undo' | 'rewind' | 'fork' | 'status' | 'mcp' | 'hooks' | 'skills' | 'init' | 'quit',
      };
  }
}

/** `/review [--base BRANCH | --commit SHA] [what to focus on…]`. */
function reviewCommand(args: string[]): SlashCommand {
  const [flag, value] = args;
  let target: ReviewTarget = { kind: 'uncommitted' };
  let rest = args;
  if (flag === '--base' || flag === '--commit') {
    if (value === undefined || value.startsWith('--')) return { kind: 'invalid', message: REVIEW_USAGE };
    target = flag === '--base' ? { kind: 'base', branch: value } : { kind: 'commit', sha: value };
    rest = args.slice(2);
  } else if (flag === '--uncommitted') {
    rest = args.slice(1);
  }
  if (rest.some((a) => a.startsWith('--'))) return { kind: 'invalid', message: REVIEW_USAGE };
  const focus = rest.join(' ');
  return { kind: 'review', target, ...(focus && { focus }) };
}

const REVIEW_USAGE = 'Usage: /review [--base BRANCH | --commit SHA] [what to focus on]';

/** Tab completion: the full command for an unambiguous prefix such as `/com`, else null. */
export function completeSlashCommand(line: string): string | null {
  const match = /^\/(\w*)$/.exec(line);
  if (!match) return null;
  const prefix = match[1]!.toLowerCase();
  const found = SLASH_COMMANDS.filter((c) => c.name.startsWith(prefix));
  if (found.length !== 1) return null;
  const spec = found[0]!;
  return `/${spec.name}${spec.args ? ' ' : ''}`;
}
