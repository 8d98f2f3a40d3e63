// list_files: the workspace tree as paths from the root, directories with a trailing slash,
// depth-limited, without .git, node_modules and gitignored paths. Bounded at MAX_ENTRIES.
import { readlinkSync } from 'node:fs';
import { stat } from 'node:fs/promises';

import { notFoundMessage } from './pathHints.js';
import { type ArgsOf, checkArguments, invalid, objectSchema, type PropertySpecs } from './schema.js';
import { failure, resolvePath } from './toolHelpers.js';
import type { Tool } from './types.js';
import { walkWorkspace } from './walkWorkspace.js';

export type ListFilesArgs = ArgsOf<typeof SPECS>;

export const LIST_DEFAULT_DEPTH = 2;
export const LIST_MAX_DEPTH = 20;
export const LIST_MAX_ENTRIES = 1000;
/** Entries counted past the cap before the walk gives up counting. */
const MAX_COUNTED = 100_000;

const SPECS = {
  path: {
    type: 'string',
    nullable: true,
    description: 'Directory to list, relative to the workspace root. null lists the workspace root.',
  },
  depth: {
    type: 'integer',
    nullable: true,
    description: `How many levels to descend: 1 lists only the directory's own entries. null means ${LIST_DEFAULT_DEPTH}; at most ${LIST_MAX_DEPTH}.`,
  },
} as const satisfies PropertySpecs;

export const listFilesTool: Tool<ListFilesArgs> = {
  name: 'list_files',
  kind: 'read',
  description:
    'List files and directories in the workspace, one path per line relative to the workspace root; directories ' +
    'end with "/", symlinks show their target. Skips .git, node_modules and everything .gitignore excludes ' +
    '(name such a directory in path to list it anyway). ' +
    `Shows at most ${LIST_MAX_ENTRIES} entries; list a subdirectory or use a smaller depth for large trees.`,
  parameters: objectSchema(SPECS),

  validate(args) {
    const checked = checkArguments('list_files', args, SPECS);
    if (!checked.ok) return checked;
    const { path, depth } = checked.args;
    if (depth !== null && (depth < 1 || depth > LIST_MAX_DEPTH)) {
      return invalid('list_files', `"depth" must be from 1 to ${LIST_MAX_DEPTH}, or null for ${LIST_DEFAULT_DEPTH} (got ${depth}).`);
    }
    return { ok: true, args: { path, depth } };
  },

  display(args) {
    const where = args.path === null || args.path === '' ? '.' : args.path;
    return `list_files ${where}${args.depth !== null ? ` (depth ${args.depth})` : ''}`;
  },

  async execute(args, ctx) {
    const given = args.path === null || args.path === '' ? '.' : args.path;
    const resolved = resolvePath(ctx.workspace, given);
    if (!resolved.ok) return resolved.result;
    const { abs, rel } = resolved;
    let info;
    try {
      info = await stat(abs);
    } catch {
      return failure(notFoundMessage(ctx.workspace, given, abs, 'Directory'));
    }
    if (!info.isDirectory()) return failure(`${rel} is a file, not a directory. Use read_file to read it.`);

    const lines: string[] = [];
    let total = 0;
    const finished = await walkWorkspace(ctx.workspace, abs, {
      maxDepth: args.depth ?? LIST_DEFAULT_DEPTH,
      signal: ctx.signal,
      onEntry(entry) {
        total++;
        if (lines.length < LIST_MAX_ENTRIES) {
          if (entry.isSymlink) lines.push(`${entry.rel} -> ${linkTarget(entry.abs)}`);
          else lines.push(entry.isDirectory ? `${entry.rel}/` : entry.rel);
        }
        return total < MAX_COUNTED;
      },
    });
    if (ctx.signal.aborted) return failure('[cancelled]');
    if (lines.length === 0) return { ok: true, output: `[${rel === '.' ? 'The workspace' : rel} is empty (or everything in it is ignored)]` };
    if (total > lines.length) {
      const more = finished ? `${total - lines.length} more` : `more than ${total - lines.length} more`;
      lines.push(`[… showing the first ${lines.length} entries; ${more} not shown. List a subdirectory (path) or use a smaller depth.]`);
    }
    return { ok: true, output: lines.join('\n') };
  },
};

function linkTarget(abs: string): string {
  try {
    return readlinkSync(abs);
  } catch {
    return '?';
  }
}
