// git_status: `git status --short --branch` for the workspace.
import { runGit } from './gitClient.js';
import { type ArgsOf, checkArguments, objectSchema, type PropertySpecs } from './schema.js';
import { failure } from './toolHelpers.js';
import type { Tool } from './types.js';

export type GitStatusArgs = ArgsOf<typeof SPECS>;

const MAX_LINES = 300;
const SPECS = {} as const satisfies PropertySpecs;

export const gitStatusTool: Tool<GitStatusArgs> = {
  name: 'git_status',
  kind: 'read',
  description:
    'The workspace\'s `git status --short --branch`: "## branch...upstream", then "XY path" per changed path ' +
    '(X staged, Y unstaged; M modified, A added, D deleted, R renamed, ?? untracked). Only "## branch": a clean tree.',
  parameters: objectSchema(SPECS),

  validate(args) {
    const checked = checkArguments('git_status', args, SPECS);
    if (!checked.ok) return checked;
    return { ok: true, args: {} };
  },

  display() {
    return 'git_status';
  },

  async execute(_args, ctx) {
    const result = await runGit(ctx.workspace.root, ['status', '--short', '--branch', '--', '.'], ctx.signal);
    if (!result.ok) return failure(result.message);
    const lines = result.stdout.trimEnd().split('\n');
    if (lines.length > MAX_LINES) {
      const more = lines.length - MAX_LINES;
      return {
        ok: true,
        output: [...lines.slice(0, MAX_LINES), `[… ${more} more paths not shown; use git_diff with a path, or run_command]`].join('\n'),
      };
    }
    return { ok: true, output: lines.join('\n') };
  },
};
