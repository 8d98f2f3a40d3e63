import { describe, expect, test } from 'vitest';
import { SLASH_COMMANDS, completeSlashCommand, isSlashCommand, parseSlashCommand, suggestCommand } from '../../src/ui/slashCommands.js';

describe('parseSlashCommand', () => {
  test.each([
    ['/help', { kind: 'help' }],
    ['/?', { kind: 'help' }],
    ['/clear', { kind: 'clear' }],
    ['/new', { kind: 'new' }],
    ['/compact', { kind: 'compact', focus: null }],
    ['/compact   the parser  and its tests ', { kind: 'compact', focus: 'the parser  and its tests' }],
    ['/diff', { kind: 'diff' }],
    ['/undo', { kind: 'undo' }],
    ['/status', { kind: 'status' }],
    ['/quit', { kind: 'quit' }],
    ['/exit', { kind: 'quit' }],
    ['/q', { kind: 'quit' }],
    ['  /STATUS  ', { kind: 'status' }],
    ['/model', { kind: 'model', model: null }],
    ['/model gpt-5.2-codex', { kind: 'model', model: 'gpt-5.2-codex' }],
    ['/effort', { kind: 'effort', level: null }],
    ['/effort high', { kind: 'effort', level: 'high' }],
    ['/approval', { kind: 'approval', mode: null }],
    ['/approval auto-edit', { kind: 'approval', mode: 'auto-edit' }],
  ])('%s', (line, expected) => {
    expect(parseSlashCommand(line)).toEqual(expected);
  });

  test('ordinary prompts are not commands', () => {
    expect(parseSlashCommand('fix the tests')).toBeNull();
    expect(parseSlashCommand('/src/app.ts throws on start')).toBeNull();
    expect(parseSlashCommand('//comment')).toBeNull();
    expect(isSlashCommand('explain /help')).toBe(false);
  });

  test('unknown command: a helpful message with a suggestion', () => {
    const parsed = parseSlashCommand('/modle x');
    expect(parsed).toEqual({ kind: 'invalid', message: 'Unknown command /modle. Did you mean /model? Type /help for the list.' });
    const far = parseSlashCommand('/frobnicate');
    expect(far).toEqual({ kind: 'invalid', message: 'Unknown command /frobnicate. Type /help for the list.' });
  });

  test('wrong arguments', () => {
    expect(parseSlashCommand('/clear now')).toEqual({ kind: 'invalid', message: '/clear takes no arguments.' });
    expect(parseSlashCommand('/model a b')).toEqual({ kind: 'invalid', message: 'Usage: /model [NAME]' });
  });
});

test('suggestions: unique prefixes and near misses', () => {
  expect(suggestCommand('comp')).toBe('compact');
  expect(suggestCommand('stauts')).toBe('status');
  expect(suggestCommand('zzzzzz')).toBeNull();
});

test('tab completion of an unambiguous prefix', () => {
  expect(completeSlashCommand('/com')).toBe('/compact '); // it takes a focus
  expect(completeSlashCommand('/mo')).toBe('/model ');
  expect(completeSlashCommand('/c')).toBeNull(); // clear, compact
  expect(completeSlashCommand('hello')).toBeNull();
});

test('every command the issue asks for is listed', () => {
  expect(SLASH_COMMANDS.map((c) => c.name)).toEqual([
    'help',
    'clear',
    'new',
    'compact',
    'diff',
    'review',
    'undo',
    'status',
    'mcp',
    'hooks',
    'skills',
    'model',
    'effort',
    'plan',
    'init',
    'approval',
    'rewind',
    'fork',
    'quit',
  ]);
});

test('/rewind and /fork parse, and take no arguments', () => {
  expect(parseSlashCommand('/rewind')).toEqual({ kind: 'rewind' });
  expect(parseSlashCommand('/fork')).toEqual({ kind: 'fork' });
  expect(parseSlashCommand('/fork now')).toMatchObject({ kind: 'invalid' });
});

test('/hooks parses, and takes no arguments', () => {
  expect(parseSlashCommand('/hooks')).toEqual({ kind: 'hooks' });
  expect(parseSlashCommand('/hooks all')).toMatchObject({ kind: 'invalid' });
});

test('/skills is parsed and takes no arguments', () => {
  expect(parseSlashCommand('/skills')).toEqual({ kind: 'skills' });
  expect(parseSlashCommand('/skills x')).toEqual({ kind: 'invalid', message: '/skills takes no arguments.' });
});

test('/review takes one target — none (the uncommitted changes), --base BRANCH or --commit SHA — and what to focus on', () => {
  expect(parseSlashCommand('/review')).toEqual({ kind: 'review', target: { kind: 'uncommitted' } });
  expect(parseSlashCommand('/review --base main')).toEqual({ kind: 'review', target: { kind: 'base', branch: 'main' } });
  expect(parseSlashCommand('/review --commit abc123 the parser')).toEqual({ kind: 'review', target: { kind: 'commit', sha: 'abc123' }, focus: 'the parser' });
  expect(parseSlashCommand('/review error handling')).toEqual({ kind: 'review', target: { kind: 'uncommitted' }, focus: 'error handling' });
  for (const bad of ['/review --base', '/review --base a --commit b', '/review --commit --base'])
    expect(parseSlashCommand(bad)).toEqual({ kind: 'invalid', message: 'Usage: /review [--base BRANCH | --commit SHA] [what to focus on]' });
});
