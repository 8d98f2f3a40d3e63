// search: lines matching a regular expression, as `path:line:text`, in the workspace or below a
// path, optionally only in files matching a glob. Respects .gitignore. Uses ripgrep when it is
// installed and a JavaScript walk otherwise (selectable, so both can be tested).
import { stat } from 'node:fs/promises';

import { notFoundMessage } from './pathHints.js';
import { type ArgsOf, checkArguments, invalid, objectSchema, type PropertySpecs } from './schema.js';
import { createJsSearchEngine } from './searchJs.js';
import { createRipgrepEngine, ripgrepAvailable } from './searchRipgrep.js';
import type { SearchEngine, SearchOutcome } from './searchTypes.js';
import { failure, oneLine, resolvePath } from './toolHelpers.js';
import type { Tool } from './types.js';

export type SearchArgs = ArgsOf<typeof SPECS>;

export const SEARCH_MAX_MATCHES = 200;

/** `auto`: ripgrep when it runs on this machine, the JavaScript engine otherwise. */
export type SearchEngineChoice = 'auto' | 'ripgrep' | 'js';

export interface SearchToolOptions {
  engine?: SearchEngineChoice;
  /** The ripgrep executable (default `rg` on the PATH). */
  rgPath?: string;
  maxMatches?: number;
}

const SPECS = {
  pattern: {
    type: 'string',
    description:
      'Regular expression (ripgrep / Rust syntax, close to JavaScript) matched against each line, case-sensitive. ' +
      'Escape regex characters to search for them literally, e.g. "foo\\\\(" for "foo(". Prefix "(?i)" to ignore case.',
  },
  path: {
    type: 'string',
    nullable: true,
    description: 'Directory or file to search, relative to the workspace root. null searches the whole workspace.',
  },
  glob: {
    type: 'string',
    nullable: true,
    description:
      'Only search files matching this glob: without a slash it matches file names at any depth ("*.ts", ' +
      '"*.{js,jsx}"); with one, paths from the workspace root ("src/**/*.test.js"). A leading "!" excludes. null: all files.',
  },
} as const satisfies PropertySpecs;

export function createSearchTool(options: SearchToolOptions = {}): Tool<SearchArgs> {
  const choice = options.engine ?? 'auto';
  const maxMatches = options.maxMatches ?? SEARCH_MAX_MATCHES;

  return {
    name: 'search',
    kind: 'read',
    description:
      'Search file contents for a regular expression. Prints one line per matching line as path:line:text ' +
      '(path from the workspace root, line numbers from 1), files in path order. Skips .git, node_modules, ' +
      `binary files and everything .gitignore excludes. Shows at most ${maxMatches} matches; narrow with path or glob.`,
    parameters: objectSchema(SPECS),

    validate(args) {
      const checked = checkArguments('search', args, SPECS);
      if (!checked.ok) return checked;
      const { pattern, path, glob } = checked.args;
      if (pattern === '') return invalid('search', '"pattern" is empty; give a regular expression to look for.');
      if (glob !== null && glob.trim() === '') return invalid('search', '"glob" is empty; send null to search all files.');
      return { ok: true, args: { pattern, path, glob } };
    },

    display(args) {
      const where = args.path ? ` in ${args.path}` : '';
      const glob = args.glob ? ` (${args.glob})` : '';
      return `search /${oneLine(args.pattern, 60)}/${where}${glob}`;
    },

    async execute(args, ctx) {
      const given = args.path === null || args.path === '' ? '.' : args.path;
      const resolved = resolvePath(ctx.workspace, given);
      if (!resolved.ok) return resolved.result;
      let baseIsFile: boolean;
      try {
        baseIsFile = !(await stat(resolved.abs)).isDirectory();
      } catch {
        return failure(notFoundMessage(ctx.workspace, given, resolved.abs, 'Path'));
      }
      const query = {
        pattern: args.pattern,
        base: resolved.abs,
        baseRel: resolved.rel,
        baseIsFile,
        glob: args.glob,
        maxMatches,
        signal: ctx.signal,
      };

      const js = createJsSearchEngine(ctx.workspace);
      let engine: SearchEngine = js;
      if (choice === 'ripgrep' || (choice === 'auto' && (await ripgrepAvailable(options.rgPath)))) {
        engine = createRipgrepEngine(ctx.workspace, options.rgPath);
      }
      let outcome: SearchOutcome = await engine.search(query);
      // A pattern ripgrep's engine rejects (look-around, backreferences) may be fine in JavaScript.
      let rgComplaint: string | null = null;
      if (outcome.kind === 'bad_pattern' && engine !== js) {
        rgComplaint = outcome.message;
        outcome = await js.search(query);
      }
      if (ctx.signal.aborted) return failure('[cancelled]');

      switch (outcome.kind) {
        case 'bad_pattern':
          return failure(
            `Invalid regular expression ${JSON.stringify(args.pattern)}: ${rgComplaint ?? outcome.message}` +
              '\nEscape characters such as ( ) [ ] { } . * + ? | \\ with a backslash to match them literally.',
          );
        case 'error':
          return failure(`search failed: ${outcome.message}`);
        case 'matches': {
          if (outcome.lines.length === 0) return { ok: true, output: 'No matches found.' };
          const notes = outcome.truncated
            ? [`[… stopped after ${outcome.lines.length} matches; there are more. Narrow the search with path, glob or a more specific pattern.]`]
            : [];
          return { ok: true, output: [...outcome.lines, ...notes].join('\n') };
        }
      }
    },
  };
}

export const searchTool: Tool<SearchArgs> = createSearchTool();
