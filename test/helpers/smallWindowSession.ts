// A long session in miniature for the context meter and compaction (issue 24.6): a plan and a new
// file in the first turn, then one read of a ~1k-token notes file per turn, against a simulator
// whose window is small enough to fill in a few turns.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario, ScenarioStep } from '../../src/simulator/index.js';
import { copyCalcJs } from './fixtureRepo.js';

/** Small enough to fill in a few turns, larger than the tool definitions every request carries. */
export const SMALL_WINDOW = 16_000;
export const NOTE_PARTS = 8;

const PATCH = ['*** Begin Patch', '*** Add File: src/parser.js', '+export const parse = (text) => text.trim().split(/\\s+/);', '*** End Patch'].join('\n');

export const PLAN = {
  explanation: null,
  plan: [
    { step: 'Write the parser', status: 'completed' },
    { step: 'Read the notes', status: 'in_progress' },
    { step: 'Summarise them', status: 'pending' },
  ],
};

export const SMALL_WINDOW_SCENARIO: Scenario = {
  name: 'long-small-window',
  description: 'a plan, an edit, then turn after turn of reading',
  steps: [
    {
      calls: [
        { name: 'update_plan', arguments: PLAN },
        { name: 'apply_patch', input: PATCH },
      ],
    },
    { message: 'The parser is written.' },
    ...Array.from({ length: NOTE_PARTS }, (_, i): ScenarioStep[] => [
      { calls: [{ name: 'read_file', arguments: { path: `notes/part${i + 1}.txt`, start_line: null, end_line: null } }] },
      { message: `Read part ${i + 1}.` },
    ]).flat(),
  ],
};

/** The prompts that play the scenario to its end, one turn each. */
export const SMALL_WINDOW_PROMPTS = ['Write the parser, plan first.', ...Array.from({ length: NOTE_PARTS }, (_, i) => `Now read notes part ${i + 1}.`)];

/** The calc-js fixture with notes/part1.txt … part8.txt of ~1k tokens each. */
export function notesRepo(): string {
  const repo = copyCalcJs();
  mkdirSync(join(repo, 'notes'));
  for (let i = 1; i <= NOTE_PARTS; i++) {
    const lines = Array.from({ length: 60 }, (_, n) => `part ${i} line ${n}: the parser splits words on whitespace and trims the ends`);
    writeFileSync(join(repo, 'notes', `part${i}.txt`), `${lines.join('\n')}\n`);
  }
  return repo;
}
