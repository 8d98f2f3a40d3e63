// Completion menus of the prompt, as pure functions: `/` at the start of the entry lists the slash
// commands (filtered by the typed prefix), `@` after a space or at the start lists workspace files
// (fuzzy-matched on what follows it), and `/model ` lists the server's models. The App keeps which entry is highlighted and whether Esc closed
// the menu; choosing an entry replaces the typed token.
import type { EditorState } from './promptEditor.js';
import type { PromptCommand } from '../config/promptCommand.js';
import { hasPlaceholders } from '../config/promptArguments.js';
import { SLASH_COMMANDS } from './slashCommands.js';

export type CompletionKind = 'slash' | 'file' | 'model';

/** The token being completed: `[start, end)` of the editor's text, the query typed after the trigger. */
export interface CompletionTarget {
  kind: CompletionKind;
  query: string;
  start: number;
  end: number;
}

export interface CompletionItem {
  /** What the menu shows. */
  label: string;
  /** A one-line description (slash commands). */
  detail?: string;
  /** What replaces the token. */
  insert: string;
  /** A prompt command that takes arguments: Enter completes it instead of sending it bare. */
  takesArguments?: boolean;
}

/** Entries a menu shows at most. */
export const MENU_ITEMS = 8;

export function completionTarget(state: EditorState): CompletionTarget | null {
  const before = state.text.slice(0, state.cursor);
  const after = /^\S*/.exec(state.text.slice(state.cursor))![0];
  const model = /^\/model\s+(\S*)$/i.exec(before);
  if (model && !state.text.includes('\n')) return { kind: 'model', query: model[1]!, start: state.cursor - model[1]!.length, end: state.cursor + after.length };
  const slash = /^\/([^\s/]*)$/.exec(before);
  if (slash) return { kind: 'slash', query: slash[1]!, start: 0, end: state.cursor + after.length };
  const file = /(?:^|\s)@([^\s@]*)$/.exec(before);
  if (file) return { kind: 'file', query: file[1]!, start: state.cursor - file[1]!.length - 1, end: state.cursor + after.length };
  return null;
}

/** Identifies a token across keystrokes (Esc closes the menu of this one only). */
export function targetKey(target: CompletionTarget): string {
  return `${target.kind}:${target.start}`;
}

/** The built-in commands, then the user's prompt commands (their description and argument hint). */
export function slashItems(query: string, prompts: readonly PromptCommand[] = []): CompletionItem[] {
  const q = query.toLowerCase();
  const builtIn = SLASH_COMMANDS.filter((c) => c.name.startsWith(q) || c.aliases?.some((a) => a.startsWith(q) && q !== '')).map((c) => ({
    label: `/${c.name}${c.args ? ` ${c.args}` : ''}`,
    detail: c.summary,
    insert: `/${c.name}${c.args ? ' ' : ''}`,
  }));
  const own = prompts
    .filter((p) => p.name.toLowerCase().startsWith(q))
    .map((p) => {
      const takesArguments = p.argumentHint !== null || hasPlaceholders(p.template);
      return {
        label: `/${p.name}${p.argumentHint ? ` ${p.argumentHint}` : ''}`,
        detail: p.description,
        insert: `/${p.name}${takesArguments ? ' ' : ''}`,
        takesArguments,
      };
    });
  return [...builtIn, ...own];
}

const BOUNDARY = /[/._\-\s]/;

/**
 * A fuzzy score of `query` against `path` (higher is better), or null when the query's characters
 * do not all appear in order. Consecutive characters, characters at a word or path-segment start,
 * and matches in the file name count more; long paths a little less.
 */
export function fuzzyScore(path: string, query: string): number | null {
  if (query === '') return -path.length / 100;
  const p = path.toLowerCase();
  const q = query.toLowerCase();
  const nameStart = path.lastIndexOf('/') + 1;
  let score = 0;
  let at = 0;
  let previous = -2;
  for (const ch of q) {
    const found = p.indexOf(ch, at);
    if (found === -1) return null;
    score += 1;
    if (found === previous + 1) score += 3;
    if (found === 0 || BOUNDARY.test(p[found - 1]!)) score += 2;
    if (found >= nameStart) score += 1;
    previous = found;
    at = found + 1;
  }
  // A contiguous occurrence in the file name beats a scattered one.
  if (p.slice(nameStart).includes(q)) score += q.length * 2;
  return score - path.length / 100;
}

export function fileItems(files: readonly string[], query: string, max = MENU_ITEMS): CompletionItem[] {
  const scored: Array<{ path: string; score: number }> = [];
  for (const path of files) {
    const score = fuzzyScore(path, query);
    if (score !== null) scored.push({ path, score });
  }
  scored.sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return scored.slice(0, max).map(({ path }) => ({ label: path, insert: `${path} ` }));
}

export function modelItems(models: readonly string[], query: string): CompletionItem[] {
  return fileItems(models, query, models.length).map((item) => ({ label: item.label, insert: item.label }));
}

/** The editor after choosing `item` for `target`: the token replaced, the cursor after it. */
export function applyCompletion(state: EditorState, target: CompletionTarget, item: CompletionItem): EditorState {
  const rest = state.text.slice(target.end);
  const text = state.text.slice(0, target.start) + item.insert + (item.insert.endsWith(' ') && rest.startsWith(' ') ? rest.slice(1) : rest);
  return { ...state, text, cursor: target.start + item.insert.length, historyIndex: null };
}
