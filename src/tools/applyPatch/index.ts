export { applyPatchTool, patchDiff, type ApplyPatchArgs } from './tool.js';
export { APPLY_PATCH_LARK_GRAMMAR } from './grammar.js';
export { parsePatch, type PatchOperation, type UpdateHunk } from './parser.js';
export { seekSequence, normalisePunctuation } from './matcher.js';
