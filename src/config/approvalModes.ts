// The approval modes (docs/architecture.md, "Commands, approvals and the sandbox"): the one list
// every flag, setting, help text, policy and slash command derives from. Config is the lowest
// layer, so all of them may import it.

export const APPROVAL_MODES = ['suggest', 'auto-edit', 'full-auto'] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

/** What each mode lets run without asking (read-only tools never ask). */
export const APPROVAL_MODE_HELP: Record<ApprovalMode, string> = {
  suggest: 'ask before any edit or command',
  'auto-edit': 'edits allowed, commands asked',
  'full-auto': 'everything allowed inside the workspace',
};

/** `suggest | auto-edit | full-auto`, for flag and setting descriptions. */
export const APPROVAL_MODE_CHOICES = APPROVAL_MODES.join(' | ');

export function isApprovalMode(value: unknown): value is ApprovalMode {
  return typeof value === 'string' && (APPROVAL_MODES as readonly string[]).includes(value);
}

/** One indented line per mode with what it allows, for listings in messages and /approval. */
export function approvalModeListing(indent = '  '): string {
  return APPROVAL_MODES.map((mode) => `${indent}${mode.padEnd(10)} ${APPROVAL_MODE_HELP[mode]}`).join('\n');
}
