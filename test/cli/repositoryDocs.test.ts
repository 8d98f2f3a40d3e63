// The repository explains itself (issue 19): no document points outside it, every relative link
// resolves to a file in it, the architecture document exists and is linked, and there is one Node
// minimum — the one the launcher enforces, package.json declares and the docs state.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

/** The repository's own markdown: README, docs/, bench/README.md. */
function markdownFiles(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`);
  return ['README.md', 'bench/README.md', ...docs];
}

const MINIMUM = /const MINIMUM_NODE = '(\d+\.\d+\.\d+)'/.exec(readFileSync(BIN, 'utf8'))?.[1];

/** Runs the launcher as if on another Node version (process.version faked before it loads). */
function launchAs(version: string, args: string[]) {
  const fake = `Object.defineProperty(process,"versions",{value:{...process.versions,node:"${version}"}});Object.defineProperty(process,"version",{value:"v${version}"});`;
  return spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(fake)}`, BIN, ...args], { encoding: 'utf8' });
}

describe('the repository explains itself', () => {
  it('no document links outside the repository, and every relative link resolves', () => {
    for (const file of markdownFiles()) {
      const text = read(file);
      expect(text, file).not.toMatch(/shared\/docs|\.\.\/shared/);
      for (const match of text.matchAll(/\]\(([^)\s#]+)(#[^)]*)?\)/g)) {
        const target = match[1]!;
        if (/^[a-z]+:/.test(target)) continue; // a web address
        const path = resolve(ROOT, dirname(file), target);
        expect(relative(ROOT, path).startsWith('..'), `${file} → ${target} leaves the repository`).toBe(false);
        expect(existsSync(path), `${file} → ${target} does not exist`).toBe(true);
      }
    }
  });

  it('docs/architecture.md covers what a newcomer needs and the README links it', () => {
    const doc = read('docs/architecture.md');
    for (const heading of ['## Layers', '## AgentEvent', '## What each request sends', '## Recovery', '## Where state lives', '## Adding a tool']) {
      expect(doc).toContain(heading);
    }
    // Every layer folder of src/ is in its table.
    for (const folder of readdirSync(join(ROOT, 'src'))) expect(doc, folder).toContain(`\`${folder}/\``);
    expect(read('README.md')).toContain('](docs/architecture.md)');
  });

  it('one Node minimum: the launcher enforces it, package.json and the docs state it', () => {
    expect(MINIMUM).toBeDefined();
    const [major, minor] = MINIMUM!.split('.');
    expect(JSON.parse(read('package.json')).engines.node).toBe(`>=${MINIMUM}`);
    // Every "Node X or later" / "Node ≥ X" in the docs is that version (the test runner's own, stricter need is named as Vite's).
    const stated: string[] = [];
    for (const file of markdownFiles()) {
      const text = read(file);
      for (const m of text.matchAll(/Node(?:\.js)? (?:≥|>=) ?(\d+\.\d+)|Node(?:\.js)? (\d+\.\d+) or later/g)) stated.push(`${file}: ${m[1] ?? m[2]}`);
    }
    expect(stated.length).toBeGreaterThan(0);
    for (const s of stated) expect(s).toMatch(new RegExp(`: ${major}\\.${minor}$`));
  });

  it('an older Node gets one line and exit 3; the minimum itself runs', () => {
    const [major, minor] = MINIMUM!.split('.').map(Number);
    const old = launchAs(`${major}.${minor! - 1}.9`, ['--version']);
    expect(old.status).toBe(3);
    expect(old.stdout).toBe('');
    expect(old.stderr).toBe(`wsagent: needs Node.js ${MINIMUM} or later; this is v${major}.${minor! - 1}.9. Install a newer Node.js and run it again.\n`);
    const ok = launchAs(MINIMUM!, ['--version']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
