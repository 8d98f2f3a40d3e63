// git_diff: the unified diff of the working tree against the index (or of the index against
// HEAD with staged: true), for the whole workspace or one path.
import { runGit } from './gitClient.js';
import { type ArgsOf, checkArguments, objectSchema, type PropertySpecs } from './schema.js';
import { failure, resolvePath } from './toolHelpers.js';
import type { Tool } from './types.js';

export type GitDiffArgs = ArgsOf<typeof SPECS>;

const MAX_DIFF_BYTES = 64 * 1024;
const MAX_LISTED_UNTRACKED = 20;

const SPECS = {
  path: {
    type: 'string',
    nullable: true,
    description: 'Limit the diff to this file or directory (relative to the workspace root). null: everything.',
  },
  staged: {
    type: 'boolean',
    nullable: true,
    description: 'true: show what is staged for the next commit (git diff --staged). null or false: unstaged changes.',
  },
} as const satisfies PropertySpecs;

export const gitDiffTool: Tool<GitDiffArgs> = {
  name: 'git_diff',
  kind: 'read',
  description:
    'Show changes as a unified diff (git diff): by default what is modified in the working tree and not yet ' +
    'staged; with staged: true, what is staged. Untracked (new) files are not in a diff; they are listed after it. ' +
    'Use it to review your edits before finishing.',
  parameters: objectSchema(SPECS),

  validate(args) {
    const checked = checkArguments('git_diff', args, SPECS);
    if (!checked.ok) return checked;
    const { path, staged } = checked.args;
    return { ok: true, args: { path, staged } };
  },

  display(args) {
    return `git_diff${args.staged ? ' --staged' : ''}${args.path ? ` ${args.path}` : ''}`;
  },

  async execute(args, ctx) {
    const root = ctx.workspace.root;
    // The workspace may be a subdirectory of a larger repository: stay inside it.
    let pathspec: string[] = ['--', '.'];
    if (args.path !== null && args.path !== '') {
      const resolved = resolvePath(ctx.workspace, args.path);
      if (!resolved.ok) return resolved.result;
      if (resolved.rel !== '.') pathspec = ['--', `:(literal)${resolved.rel}`];
    }
    const staged = args.staged === true;
    const diff = await runGit(root, ['diff', '--no-ext-diff', ...(staged ? ['--staged'] : []), ...pathspec], ctx.signal);
    if (!diff.ok) return failure(diff.message);

    const parts: string[] = [];
    let text = diff.stdout.trimEnd();
    if (text === '') {
      let other = '';
      const opposite = await runGit(root, ['diff', '--no-ext-diff', '--name-only', ...(staged ? [] : ['--staged']), ...pathspec]);
      if (opposite.ok && opposite.stdout.trim() !== '') {
        other = staged
          ? ' There are unstaged changes: call git_diff with staged null to see them.'
          : ' There are staged changes: call git_diff with staged true to see them.';
      }
      parts.push(`No ${staged ? 'staged ' : ''}changes.${other}`);
    } else {
      if (Buffer.byteLength(text) > MAX_DIFF_BYTES) {
        const cutAt = text.lastIndexOf('\n', MAX_DIFF_BYTES);
        const shown = text.slice(0, cutAt > 0 ? cutAt : MAX_DIFF_BYTES);
        const files = await runGit(root, ['diff', '--no-ext-diff', '--stat=200', ...(staged ? ['--staged'] : []), ...pathspec]);
        const stat = files.ok ? `\nAll changed files:\n${files.stdout.trimEnd()}` : '';
        text = `${shown}\n[… diff cut at ${MAX_DIFF_BYTES / 1024} KB of ${Math.round(Buffer.byteLength(text) / 1024)} KB; pass path to see one file.]${stat}`;
      }
      parts.push(text);
    }

    if (!staged) {
      const untracked = await runGit(root, ['ls-files', '--others', '--exclude-standard', ...pathspec]);
      const names = untracked.ok ? untracked.stdout.split('\n').filter(Boolean) : [];
      if (names.length > 0) {
        const listed = names.slice(0, MAX_LISTED_UNTRACKED).join(', ');
        const more = names.length > MAX_LISTED_UNTRACKED ? `, … (${names.length - MAX_LISTED_UNTRACKED} more)` : '';
        parts.push(`[Untracked files, not in the diff: ${listed}${more}]`);
      }
    }
    return { ok: true, output: parts.join('\n') };
  },
};
