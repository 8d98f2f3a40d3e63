// The rewind menu (Esc twice on an empty prompt, or /rewind) as a pure state machine: first this
// session's prompts, newest first; then what to take back for the chosen one. ↑ ↓ move, Enter
// chooses, Esc goes back a step (and closes from the first). The App carries out the choice.
import type { Key } from 'ink';
import type { RewindChoice, RewindMode } from './AgentController.js';

export const REWIND_MODES: ReadonlyArray<{ mode: RewindMode; label: string }> = [
  { mode: 'both', label: 'conversation and files' },
  { mode: 'conversation', label: 'conversation only' },
  { mode: 'files', label: 'files only' },
];

/** Two Esc presses closer than this, on an empty prompt with no turn running, open the menu. */
export const DOUBLE_ESC_MS = 1000;

export type RewindMenu =
  | { step: 'prompt'; choices: RewindChoice[]; selected: number }
  | { step: 'mode'; choices: RewindChoice[]; chosen: number; selected: number };

export type RewindKeyResult =
  | { kind: 'stay'; menu: RewindMenu }
  | { kind: 'close' }
  /** Carry out the rewind; the menu closes. */
  | { kind: 'rewind'; choice: RewindChoice; mode: RewindMode };

export function openRewindMenu(choices: RewindChoice[]): RewindMenu {
  return { step: 'prompt', choices, selected: 0 };
}

export function rewindKey(menu: RewindMenu, input: string, key: Key): RewindKeyResult {
  const count = menu.step === 'prompt' ? menu.choices.length : REWIND_MODES.length;
  if (key.upArrow || key.downArrow) {
    const selected = (menu.selected + (key.upArrow ? count - 1 : 1)) % count;
    return { kind: 'stay', menu: { ...menu, selected } };
  }
  if (key.escape || (key.ctrl && input === 'c')) {
    if (menu.step === 'mode' && key.escape) return { kind: 'stay', menu: { step: 'prompt', choices: menu.choices, selected: menu.chosen } };
    return { kind: 'close' };
  }
  if (key.return) {
    if (menu.step === 'prompt') return { kind: 'stay', menu: { step: 'mode', choices: menu.choices, chosen: menu.selected, selected: 0 } };
    return { kind: 'rewind', choice: menu.choices[menu.chosen]!, mode: REWIND_MODES[menu.selected]!.mode };
  }
  return { kind: 'stay', menu };
}

/** Terminal rows the menu takes (a title, the entries shown, a "more" line, the keys line). */
export function rewindMenuRows(menu: RewindMenu, maxItems: number): number {
  const count = menu.step === 'prompt' ? menu.choices.length : REWIND_MODES.length;
  return 2 + Math.min(count, maxItems) + (count > maxItems ? 1 : 0);
}
