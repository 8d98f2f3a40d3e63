// The user's own slash commands: Markdown files in `<config dir>/prompts/` and the repository's
// `.wsagent/prompts/` (Codex's custom prompts and Claude Code's commands, copied as they are).
// `review-pr.md` becomes `/review-pr ARGS` (also `/prompts:review-pr`, Codex's spelling); front
// matter `description` and `argument-hint` show in the `/` menu. A repository's prompts need no
// trust: they are text the user chooses to send, never run.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FrontMatterError, parseFrontMatter, textField } from './frontMatter.js';

import type { PromptCommand, PromptSource } from './promptCommand.js';

export type { PromptCommand, PromptSource } from './promptCommand.js';

export interface DiscoveredPrompts {
  commands: PromptCommand[];
  /** One line per skipped file (bad front matter, a name a built-in command or another file has). */
  problems: string[];
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const MAX_PROMPT_BYTES = 256 * 1024;

export function promptDirectories(configDir: string, repoRoot: string): Array<{ dir: string; source: PromptSource }> {
  return [
    { dir: join(configDir, 'prompts'), source: 'user' },
    { dir: join(repoRoot, '.wsagent', 'prompts'), source: 'repository' },
  ];
}

function markdownFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.toLowerCase().endsWith('.md'))
      .sort();
  } catch {
    return [];
  }
}

function readPrompt(file: string, source: PromptSource): PromptCommand {
  if (statSync(file).size > MAX_PROMPT_BYTES) throw new FrontMatterError(`larger than ${MAX_PROMPT_BYTES / 1024} KiB`);
  const { data, body } = parseFrontMatter(readFileSync(file, 'utf8'));
  const name = basename(file).replace(/\.md$/i, '');
  const description = textField(data, 'description') ?? `send ${source === 'user' ? 'your' : "the repository's"} prompt ${basename(file)}`;
  return { name, description, argumentHint: textField(data, 'argument-hint'), template: body.trim(), file, source };
}

/**
 * Every usable prompt file, user files first (a user's file wins over a repository's of the same
 * name); `reserved` are the built-in commands' names and aliases, which always win.
 */
export function discoverPrompts(dirs: ReturnType<typeof promptDirectories>, reserved: readonly string[]): DiscoveredPrompts {
  const commands: PromptCommand[] = [];
  const problems: string[] = [];
  const builtins = new Set(reserved.map((r) => r.toLowerCase()));
  for (const { dir, source } of dirs) {
    for (const entry of markdownFiles(dir)) {
      const file = join(dir, entry);
      const name = entry.replace(/\.md$/i, '');
      if (!NAME.test(name)) {
        problems.push(`prompt ${file} skipped: a command name has only letters, digits, ".", "_" and "-"`);
        continue;
      }
      if (builtins.has(name.toLowerCase())) {
        problems.push(`prompt ${file} skipped: /${name} is a built-in command`);
        continue;
      }
      const earlier = commands.find((c) => c.name.toLowerCase() === name.toLowerCase());
      if (earlier) {
        problems.push(`prompt ${file} skipped: /${name} is already ${earlier.file}`);
        continue;
      }
      try {
        commands.push(readPrompt(file, source));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EISDIR') continue;
        problems.push(`prompt ${file} skipped: ${err instanceof FrontMatterError ? err.message : (code ?? (err as Error).message)}`);
      }
    }
  }
  return { commands, problems };
}
