// A model edits with the editing tools it is given. Codex offers the GPT-5 family `apply_patch`
// alone and other models `edit_file`/`write_file`; a scripted step that edits with `edit_file`
// (or writes with `write_file`) is played as the equivalent `apply_patch` patch when the request
// offers only that family, so one scenario serves both families.
import type { PlannedCall } from './scriptedModel.js';

const PATCH_TOOL = 'apply_patch';

/** The lines of a text, without the empty string a trailing newline leaves. */
function lines(text: string): string[] {
  const all = text.split('\n');
  return all.at(-1) === '' ? all.slice(0, -1) : all;
}

/**
 * The Codex-format patch doing what an edit_file / write_file call does, or null when it cannot be
 * written as one (no old text to replace). A patch replaces whole lines and the simulator never
 * sees the files, so a scenario's edits must name whole lines (the shipped ones do).
 */
export function patchFor(call: PlannedCall): string | null {
  let args: Record<string, unknown>;
  try {
    args = JSON.parse(call.arguments) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (typeof args.path !== 'string') return null;
  if (call.name === 'write_file' && typeof args.content === 'string') {
    return ['*** Begin Patch', `*** Add File: ${args.path}`, ...lines(args.content).map((l) => `+${l}`), '*** End Patch'].join('\n');
  }
  if (call.name !== 'edit_file' || typeof args.old_string !== 'string' || typeof args.new_string !== 'string' || args.old_string === '') return null;
  return [
    '*** Begin Patch',
    `*** Update File: ${args.path}`,
    '@@',
    ...lines(args.old_string).map((l) => `-${l}`),
    ...lines(args.new_string).map((l) => `+${l}`),
    '*** End Patch',
  ].join('\n');
}

/**
 * The call as the offered tools let the model make it: an edit_file / write_file call becomes an
 * apply_patch call when apply_patch is offered and the scripted tool is not. Other calls, and
 * edits that a patch cannot express, are left as they are.
 */
export function inOfferedEditFamily(call: PlannedCall, offered: ReadonlyMap<string, 'function' | 'custom'>): PlannedCall {
  if ((call.name !== 'edit_file' && call.name !== 'write_file') || offered.has(call.name) || !offered.has(PATCH_TOOL)) return call;
  const patch = patchFor(call);
  if (patch === null) return call;
  return { name: PATCH_TOOL, arguments: JSON.stringify({ input: patch }), input: patch };
}
