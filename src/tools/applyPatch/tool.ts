// apply_patch: Codex's patch format (parser.ts), applied atomically (stage.ts, commit.ts). The
// model sends the patch as a freeform custom tool input where the server has custom tools, or as
// the `input` string of a JSON function call otherwise; both arrive here as `{ input }`.
import { editorFilesOf } from '../editorFiles.js';
import { checkArguments, invalid, objectSchema, type PropertySpecs } from '../schema.js';
import { failure, oneLine, plural } from '../toolHelpers.js';
import type { Tool, ToolContext } from '../types.js';
import { unifiedFileDiff } from '../unifiedDiff.js';
import { commitStaged, writtenInPlace } from './commit.js';
import { APPLY_PATCH_LARK_GRAMMAR, PATCH_FORMAT_HELP } from './grammar.js';
import { parsePatch, type PatchOperation } from './parser.js';
import { type StagedFile, stagePatch } from './stage.js';

/** Written as a plain interface for now; schema.ts's ArgsOf<> can derive it later. */
export interface ApplyPatchArgs {
  input: string;
}

/** The operations of a patch validate() accepted (parsing is cheap; args stay plain JSON). */
function operationsOf(args: ApplyPatchArgs): PatchOperation[] {
  const parsed = parsePatch(args.input);
  return parsed.ok ? parsed.operations : [];
}

const SPECS: PropertySpecs = {
  input: { type: 'string', description: 'The whole patch, from "*** Begin Patch" to "*** End Patch".' },
};

const NOT_APPLIED = 'The patch was not applied; no file was changed.';

export const applyPatchTool: Tool<ApplyPatchArgs> = {
  name: 'apply_patch',
  kind: 'edit',
  description: `Edit files with a patch: add, update, move and delete files in one call. ${PATCH_FORMAT_HELP}`,
  parameters: objectSchema(SPECS),
  freeform: {
    description: `Use the apply_patch tool to edit files. This is a FREEFORM tool: send the patch itself as the input, do not wrap it in JSON. ${PATCH_FORMAT_HELP}`,
    format: { type: 'grammar', syntax: 'lark', definition: APPLY_PATCH_LARK_GRAMMAR },
  },

  validate(args) {
    const checked = checkArguments('apply_patch', args, SPECS);
    if (!checked.ok) return checked;
    const input = checked.args.input as string;
    const parsed = parsePatch(input);
    if (!parsed.ok) return invalid('apply_patch', `${parsed.message}. ${NOT_APPLIED}`);
    if (parsed.operations.length === 0) return invalid('apply_patch', `the patch has no file sections. ${NOT_APPLIED}`);
    return { ok: true, args: { input } };
  },

  display(args) {
    const paths = operationsOf(args).map((op) => (op.kind === 'update' && op.movePath ? `${op.path} → ${op.movePath}` : op.path));
    const shown = paths.length <= 3 ? paths.join(', ') : `${paths.slice(0, 3).join(', ')} +${paths.length - 3} more`;
    return oneLine(`apply_patch ${shown}`, 120);
  },

  paths(args) {
    return operationsOf(args).flatMap((op) => (op.kind === 'update' && op.movePath ? [op.path, op.movePath] : [op.path]));
  },

  async preview(args, ctx) {
    const staged = await stagePatch(operationsOf(args), ctx.workspace);
    return staged.ok ? patchDiff(staged.files) : null;
  },

  async execute(args, ctx: ToolContext) {
    const staged = await stagePatch(operationsOf(args), ctx.workspace, ctx.signal);
    if (!staged.ok) return failure(`${NOT_APPLIED} ${capitalize(staged.message)}`);
    if (ctx.signal.aborted) return failure(`${NOT_APPLIED} The call was cancelled.`);
    const problem = await commitStaged(staged.files, ctx.signal, editorFilesOf(ctx.workspace));
    if (problem) return failure(capitalize(problem));
    const { lines, fuzzy } = staged.summary;
    const notes: string[] = [];
    if (fuzzy.length > 0) {
      const kinds = [...new Set(fuzzy)].map((f) => (f === 'punctuation' ? 'Unicode punctuation' : f.replace('-', ' ')));
      notes.push(`(${plural(fuzzy.length, 'hunk')} matched only when ignoring ${kinds.join(' and ')}.)`);
    }
    if (staged.files.length === 0) notes.push('(The patch left every file as it was.)');
    for (const file of staged.files.filter(writtenInPlace)) {
      notes.push(`(${file.rel} has ${file.hardLinks} hard links: it was written in place, so every link sees the change.)`);
    }
    for (const file of staged.files.filter((f) => f.after === null && f.hardLinks > 1)) {
      notes.push(`(${file.rel} had ${file.hardLinks} hard links: only this name is gone; the other names keep the old content.)`);
    }
    return {
      ok: true,
      output: [`Success. Applied the patch to ${plural(lines.length, 'file')}:`, ...lines, ...notes].join('\n'),
      diff: patchDiff(staged.files),
      changedPaths: staged.files.map((f) => f.rel),
    };
  },
};

/** The unified diff of every staged file, real line numbers; a move is shown as one rename diff. */
export function patchDiff(files: readonly StagedFile[]): string {
  const renamedSources = new Set(files.map((f) => f.movedFrom).filter((r): r is string => r !== null));
  const parts: string[] = [];
  for (const file of files) {
    let before = file.before === null ? null : file.before.toString('utf8');
    let oldName = before === null ? '/dev/null' : `a/${file.rel}`;
    if (file.after === null && renamedSources.has(file.rel)) continue;
    if (file.movedFrom !== null) {
      const source = files.find((f) => f.rel === file.movedFrom);
      before = source?.before ? source.before.toString('utf8') : before;
      oldName = `a/${file.movedFrom}`;
    }
    const newName = file.after === null ? '/dev/null' : `b/${file.rel}`;
    if (file.overwritten) parts.push(`! ${file.rel} exists and will be overwritten by ${file.movedFrom ?? 'the moved file'} (its current content is lost)\n`);
    const oldText = before ?? '';
    const newText = file.after ?? '';
    parts.push(unifiedFileDiff(oldName, newName, oldText, newText));
  }
  return parts.join('');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
