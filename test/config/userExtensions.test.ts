// The pieces behind skills and prompt files: front matter, argument substitution, and discovery
// (what is skipped, and why, one line each).
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildInstructions } from '../../src/agent/instructions.js';
import { FrontMatterError, parseFrontMatter } from '../../src/config/frontMatter.js';
import { splitArguments, substituteArguments } from '../../src/config/promptArguments.js';
import { expandPromptCommand } from '../../src/config/promptCommand.js';
import { discoverPrompts, promptDirectories } from '../../src/config/promptFiles.js';
import { discoverSkills, skillDirectories, skillRoots } from '../../src/config/skills.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'wsagent-ext-unit-'));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

describe('front matter', () => {
  it('splits the YAML block from the body; a file without one is all body', () => {
    expect(parseFrontMatter('---\ndescription: "a: b"\nargument-hint: [N]\n---\nHello $1\n')).toEqual({
      data: { description: 'a: b', 'argument-hint': ['N'] },
      body: 'Hello $1\n',
    });
    expect(parseFrontMatter('---\n---\nbody')).toEqual({ data: {}, body: 'body' });
    expect(parseFrontMatter('no front matter\n---\n')).toEqual({ data: {}, body: 'no front matter\n---\n' });
  });

  it('throws a one-line FrontMatterError for bad YAML, a missing end and a list', () => {
    expect(() => parseFrontMatter('---\nname: [open\n---\n')).toThrow(FrontMatterError);
    expect(() => parseFrontMatter('---\nname: x\n')).toThrow('no closing --- line');
    expect(() => parseFrontMatter('---\n- a\n---\n')).toThrow('not a YAML mapping');
    try {
      parseFrontMatter('---\nname: [open\n---\n');
    } catch (err) {
      expect((err as Error).message).not.toContain('\n');
    }
  });
});

describe('arguments', () => {
  it('keeps quoted phrases together', () => {
    expect(splitArguments(`42 "error handling" 'a b' c\\d "say \\"hi\\""`)).toEqual(['42', 'error handling', 'a b', 'c\\d', 'say "hi"']);
    expect(splitArguments('  ')).toEqual([]);
  });

  it('substitutes $ARGUMENTS, $1…$9 (missing ones empty) and $$', () => {
    expect(substituteArguments('PR $1 ($2) [$3] all=$ARGUMENTS cost $$5', ' 42 "two words" ')).toBe('PR 42 (two words) [] all=42 "two words" cost $5');
    expect(substituteArguments('$9$1', 'a b c d e f g h i')).toBe('ia');
  });

  it("substitutes Codex's named placeholders from KEY=value words, leaving other $NAMEs alone", () => {
    expect(substituteArguments('Fix $FILE in $HOME, priority $PRIORITY', 'FILE=src/a.ts PRIORITY="very high"')).toBe(
      'Fix src/a.ts in $HOME, priority very high',
    );
  });

  it('appends the arguments to a prompt without placeholders, so none are lost', () => {
    expect(substituteArguments('Review the diff.', 'focus on tests')).toBe('Review the diff.\n\nfocus on tests');
    expect(substituteArguments('Review the diff.\n', '')).toBe('Review the diff.');
    expect(substituteArguments('Clean $HOME/tmp.', 'carefully')).toBe('Clean $HOME/tmp.\n\ncarefully');
  });
});

describe('discovery', () => {
  it('skills: valid ones from the user then the repository; bad front matter, missing fields and a second use of a name are skipped with a line each', () => {
    const config = tree({
      'skills/a/SKILL.md': '---\nname: alpha\ndescription: first\n---\nbody\n',
      'skills/b/SKILL.md': '---\nname: beta\n---\nno description\n',
    });
    const repo = tree({
      '.agents/skills/a/SKILL.md': '---\nname: alpha\ndescription: the same name\n---\n',
      '.agents/skills/c/SKILL.md': '---\nname: gamma\ndescription: >\n  folded\n  text\n---\n',
      '.agents/skills/d/SKILL.md': '---\nname: [bad\n---\n',
      '.agents/skills/e/README.md': 'not a skill',
    });
    const found = discoverSkills(skillDirectories(config, repo));
    expect(found.skills.map((s) => [s.name, s.description, s.source])).toEqual([
      ['alpha', 'first', 'user'],
      ['gamma', 'folded text', 'repository'],
    ]);
    expect(found.problems).toHaveLength(3);
    expect(found.problems[0]).toBe(`skill ${join(config, 'skills/b/SKILL.md')} skipped: front matter has no "description"`);
    expect(found.problems[1]).toContain(`${join(repo, '.agents/skills/a/SKILL.md')} skipped: the name "alpha" is already used by`);
    expect(found.problems[2]).toMatch(/d\/SKILL\.md skipped: front matter is not valid YAML/);
  });

  it('prompts: the file name is the command; built-in names and a second file of a name are skipped; lookup takes /NAME and /prompts:NAME', () => {
    const config = tree({ 'prompts/review.md': '---\ndescription: Review\nargument-hint: "[FILE]"\n---\nReview $1\n', 'prompts/quit.md': 'x' });
    const repo = tree({ '.wsagent/prompts/review.md': 'other', '.wsagent/prompts/bad name.md': 'x', '.wsagent/prompts/plain.md': 'Plain text' });
    const found = discoverPrompts(promptDirectories(config, repo), ['help', 'quit', 'q']);
    expect(found.commands.map((c) => [c.name, c.description, c.argumentHint, c.source])).toEqual([
      ['review', 'Review', '[FILE]', 'user'],
      ['plain', "send the repository's prompt plain.md", null, 'repository'],
    ]);
    expect(found.problems.map((p) => p.replace(/^prompt \S+(?: name\.md)? skipped: /, ''))).toEqual([
      '/quit is a built-in command',
      'a command name has only letters, digits, ".", "_" and "-"',
      `/review is already ${join(config, 'prompts/review.md')}`,
    ]);
    expect(expandPromptCommand('/review src/a.ts', found.commands)).toBe('Review src/a.ts');
    expect(expandPromptCommand('/prompts:Review x', found.commands)).toBe('Review x');
    expect(expandPromptCommand('/reviewer x', found.commands)).toBeNull();
    expect(expandPromptCommand('review x', found.commands)).toBeNull();
  });
});

describe('read-only roots', () => {
  it("are the listed skills' real folders (a user's linked skill folder too); a repository skill linking out of the repository is skipped", () => {
    const elsewhere = tree({ 'linked/SKILL.md': '---\nname: linked\ndescription: d\n---\n', 'ssh/SKILL.md': '---\nname: ssh\ndescription: d\n---\n' });
    const config = tree({ 'skills/a/SKILL.md': '---\nname: a\ndescription: d\n---\n' });
    symlinkSync(join(elsewhere, 'linked'), join(config, 'skills', 'linked'));
    const repo = tree({ '.agents/skills/b/SKILL.md': '---\nname: b\ndescription: d\n---\n' });
    symlinkSync(join(elsewhere, 'ssh'), join(repo, '.agents', 'skills', 'ssh'));
    const found = discoverSkills(skillDirectories(config, repo));
    expect(found.skills.map((s) => s.name)).toEqual(['a', 'linked', 'b']);
    expect(skillRoots(found.skills)).toEqual([
      realpathSync(join(config, 'skills/a')),
      realpathSync(join(elsewhere, 'linked')),
      realpathSync(join(repo, '.agents/skills/b')),
    ]);
    expect(found.problems).toEqual([
      `skill ${join(repo, '.agents/skills/ssh/SKILL.md')} skipped: it links out of the repository (to ${realpathSync(join(elsewhere, 'ssh'))})`,
    ]);
  });
});

describe('instructions', () => {
  it('grow by one line per skill', () => {
    const root = tree({ 'x.txt': '' });
    const without = buildInstructions({ root, cwd: root });
    const skills = [
      { name: 'a', description: 'does A', path: '.agents/skills/a/SKILL.md' },
      { name: 'b', description: 'does B', path: '/home/u/.config/wsagent/skills/b/SKILL.md' },
    ];
    const withSkills = buildInstructions({ root, cwd: root, skills });
    const added = withSkills
      .slice(without.length)
      .split('\n')
      .filter((l) => l.startsWith('- '));
    expect(added).toEqual(['- a: does A (file: .agents/skills/a/SKILL.md)', '- b: does B (file: /home/u/.config/wsagent/skills/b/SKILL.md)']);
    expect(buildInstructions({ root, cwd: root, skills: [] })).toBe(without);
  });
});
