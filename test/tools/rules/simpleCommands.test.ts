import { describe, expect, it } from 'vitest';
import { splitSimpleCommands } from '../../../src/tools/rules/simpleCommands.js';

const argvs = (line: string): string[][] => splitSimpleCommands(line).parts.map((p) => p.argv);

describe('splitSimpleCommands', () => {
  it('splits lists, pipes and subshells into the simple commands they run', () => {
    expect(argvs('npm test && rm x')).toEqual([
      ['npm', 'test'],
      ['rm', 'x'],
    ]);
    expect(argvs('a | b; (cd d || ls -la) & c')).toEqual([['a'], ['b'], ['cd', 'd'], ['ls', '-la'], ['c']]);
  });

  it('finds the commands inside $( ) and <( ) and marks the outer command uncertain', () => {
    const split = splitSimpleCommands('echo $(rm -rf x) ok');
    expect(split.parts.map((p) => [p.argv, p.uncertain])).toEqual([
      [['echo'], true],
      [['rm', '-rf', 'x'], false],
      [['ok'], false],
    ]);
    expect(argvs('diff <(ls a) b')).toEqual([['diff'], ['ls', 'a'], ['b']]);
  });

  it('drops redirections and their targets, keeps quoted words whole', () => {
    expect(argvs('echo "a b" > out 2>&1')).toEqual([['echo', 'a b']]);
  });

  it('strips keywords and assignments but marks such parts uncertain', () => {
    const split = splitSimpleCommands('if true; then rm -rf /; fi');
    expect(split.parts.map((p) => [p.argv, p.uncertain])).toEqual([
      [['true'], true],
      [['rm', '-rf', '/'], true],
    ]);
    expect(splitSimpleCommands('PATH=/tmp npm test').parts[0]).toEqual({ argv: ['npm', 'test'], uncertain: true });
  });

  it('marks variables and globs uncertain, and backticks or quoted substitutions make the line uncertain', () => {
    expect(splitSimpleCommands('npm test -- $FILE').parts[0]!.uncertain).toBe(true);
    expect(splitSimpleCommands('ls *.ts').parts[0]!.uncertain).toBe(true);
    expect(splitSimpleCommands('echo `rm x`').uncertain).toBe(true);
    expect(splitSimpleCommands('echo "$(rm y)"').uncertain).toBe(true);
    expect(splitSimpleCommands('npm test').uncertain).toBe(false);
  });
});
