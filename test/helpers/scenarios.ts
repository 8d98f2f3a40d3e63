// Small inline scenarios for simulator tests, independent of the shipped fixtures.
import type { Scenario } from '../../src/simulator/scenario.js';

export const TOOLS = [
  {
    type: 'function',
    name: 'read_file',
    description: 'Read a file',
    strict: true,
    parameters: {
      type: 'object',
      properties: { path: { type: 'string' }, start_line: { type: ['integer', 'null'] }, end_line: { type: ['integer', 'null'] } },
      required: ['path', 'start_line', 'end_line'],
      additionalProperties: false,
    },
  },
  {
    type: 'function',
    name: 'run_tests',
    description: 'Run the tests',
    strict: true,
    parameters: { type: 'object', properties: {}, required: [], additionalProperties: false },
  },
];

export const TWO_STEP: Scenario = {
  name: 'two-step',
  description: 'read, run tests, answer',
  steps: [
    { calls: [{ name: 'read_file', arguments: { path: 'src/a.js', start_line: null, end_line: null } }] },
    {
      expect: { contains: 'export function' },
      reasoning: 'The file exports one function; run the tests next.',
      calls: [
        { name: 'run_tests', arguments: {} },
        { name: 'read_file', arguments: { path: 'test/a.test.js', start_line: 1, end_line: 20 } },
      ],
    },
    { expect: { contains: 'pass' }, message: 'All tests pass. The change is complete and verified by the test suite.' },
  ],
};

export const CHAT: Scenario = {
  name: 'chat',
  description: 'two plain answers',
  steps: [{ message: 'Hello! How can I help you today with this repository?' }, { message: 'Second answer.' }],
};

export const userMessage = (text: string): Record<string, unknown> => ({
  type: 'message',
  role: 'user',
  content: [{ type: 'input_text', text }],
});

/**
 * Reasoning, a plan, a command, a new file (NOTES.md), a search, the answer: every item type of
 * Codex's `exec --json` events. `command` must print `prints` (the next step expects it).
 */
export function everyCodexItem(command: string, prints: string): Scenario {
  const plan = (first: string, second: string) => ({
    name: 'update_plan',
    arguments: {
      explanation: null,
      plan: [
        { step: 'Check node', status: first },
        { step: 'Write notes', status: second },
      ],
    },
  });
  return {
    name: 'work',
    description: 'a little of everything',
    steps: [
      {
        reasoning: 'Plan first, then check the runtime.',
        calls: [plan('in_progress', 'pending'), { name: 'run_command', arguments: { command, timeout_ms: null } }],
      },
      {
        expect: { contains: prints },
        calls: [
          { name: 'write_file', arguments: { path: 'NOTES.md', content: 'node works\n' } },
          { name: 'search', arguments: { pattern: 'lookupVariable', path: 'src', glob: null } },
        ],
      },
      { calls: [plan('completed', 'completed')] },
      { message: 'Node prints 42; notes written.' },
    ],
  };
}
