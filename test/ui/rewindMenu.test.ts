// The rewind menu's keys (rewindMenu.ts): ↑ ↓ wrap, Enter goes from the prompt to the choice of
// what to restore and then rewinds, Esc goes back a step and closes from the first.
import type { Key } from 'ink';
import { expect, test } from 'vitest';
import { openRewindMenu, rewindKey } from '../../src/ui/rewindMenu.js';

const key = (k: Partial<Key>): Key => k as Key;
const choices = [
  { turn: 3, prompt: 'three' },
  { turn: 2, prompt: 'two' },
  { turn: 1, prompt: 'one' },
];

test('Enter on a prompt offers the three ways back; Enter on one rewinds to that prompt that way', () => {
  let menu = openRewindMenu(choices);
  let result = rewindKey(menu, '', key({ upArrow: true }));
  expect(result).toMatchObject({ kind: 'stay', menu: { step: 'prompt', selected: 2 } });
  result = rewindKey(menu, '', key({ downArrow: true }));
  if (result.kind !== 'stay') throw new Error('closed');
  menu = result.menu;
  result = rewindKey(menu, '\r', key({ return: true }));
  expect(result).toMatchObject({ kind: 'stay', menu: { step: 'mode', chosen: 1, selected: 0 } });
  if (result.kind !== 'stay') throw new Error('closed');
  const modes = result.menu;
  expect(rewindKey(modes, '\r', key({ return: true }))).toEqual({ kind: 'rewind', choice: choices[1], mode: 'both' });
  const down = rewindKey(modes, '', key({ downArrow: true }));
  if (down.kind !== 'stay') throw new Error('closed');
  expect(rewindKey(down.menu, '\r', key({ return: true }))).toEqual({ kind: 'rewind', choice: choices[1], mode: 'conversation' });
  const up = rewindKey(modes, '', key({ upArrow: true }));
  if (up.kind !== 'stay') throw new Error('closed');
  expect(rewindKey(up.menu, '\r', key({ return: true }))).toEqual({ kind: 'rewind', choice: choices[1], mode: 'files' });
  // Esc from the ways back returns to the prompts, on the one chosen; Esc there closes.
  const back = rewindKey(modes, '', key({ escape: true }));
  expect(back).toMatchObject({ kind: 'stay', menu: { step: 'prompt', selected: 1 } });
  if (back.kind !== 'stay') throw new Error('closed');
  expect(rewindKey(back.menu, '', key({ escape: true }))).toEqual({ kind: 'close' });
  expect(rewindKey(modes, 'c', key({ ctrl: true }))).toEqual({ kind: 'close' });
});
