// A prompt file as a command, and turning a typed line into the text it sends. Kept apart from the
// file discovery (promptFiles.ts) so the TUI can expand commands without loading the YAML parser
// before its first frame.
import { substituteArguments } from './promptArguments.js';

export type PromptSource = 'user' | 'repository';

export interface PromptCommand {
  name: string;
  description: string;
  /** e.g. `[PR number]`; null when the file gives none. */
  argumentHint: string | null;
  /** The prompt, front matter removed, placeholders still in it. */
  template: string;
  file: string;
  source: PromptSource;
}

/** Codex spells a custom prompt `/prompts:NAME`; both spellings work. */
const CODEX_PREFIX = 'prompts:';

/** The prompt command a line names (`/NAME …` or `/prompts:NAME …`), or null. */
export function findPromptCommand(line: string, commands: readonly PromptCommand[]): { command: PromptCommand; argumentText: string } | null {
  const match = /^\/(\S+)(?:\s+([\s\S]*))?$/.exec(line.trim());
  if (!match) return null;
  let name = match[1]!.toLowerCase();
  if (name.startsWith(CODEX_PREFIX)) name = name.slice(CODEX_PREFIX.length);
  const command = commands.find((c) => c.name.toLowerCase() === name);
  return command ? { command, argumentText: match[2] ?? '' } : null;
}

/** The text a line sends: the prompt file with the line's arguments substituted; null when it names none. */
export function expandPromptCommand(line: string, commands: readonly PromptCommand[]): string | null {
  const found = findPromptCommand(line, commands);
  return found ? substituteArguments(found.command.template, found.argumentText) : null;
}
