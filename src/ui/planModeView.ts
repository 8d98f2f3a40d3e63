// Plan first in the TUI: what the transcript says when the mode changes, the hint under the prompt
// while a plan waits for approval, and which entries approve it.
import type { EventOf } from './uiTypes.js';

export function modeNotice(event: EventOf<'mode.changed'>): string {
  switch (event.mode) {
    case 'plan':
      return `plan mode: read-only tools only (${event.tools.join(', ')}); nothing changes until you approve the plan`;
    case 'init':
      return `writing AGENTS.md: read-only tools only (${event.tools.join(', ')})`;
    default:
      return 'normal mode: every tool is back';
  }
}

/** `go` (with or without a full stop or exclamation mark) approves the plan. */
export function approvesPlan(entry: string): boolean {
  return /^go[.!]?$/i.test(entry.trim());
}

/** The standing hint in plan mode while no turn runs (null otherwise). */
export function planModeHint(mode: string | undefined, busy: boolean, editing: boolean, hasPlan: boolean): string | null {
  if (editing) return 'Editing the plan: one step a line (Alt+Enter or Ctrl-J for a new line); Enter keeps it.';
  if (mode !== 'plan' || busy) return null;
  if (!hasPlan) return 'Plan mode: describe the task; the model answers with a plan and changes nothing · /plan off leaves';
  return 'Plan mode: go (or Ctrl-G) carries out the plan · /plan edit edits it · anything else asks for changes · /plan off leaves';
}
