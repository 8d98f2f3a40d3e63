// Issue 13.9: what `npm pack` makes of a fresh checkout installs and runs. The checkout's files
// (tracked and new, as a clone would have them, with the dev dependencies linked in as `npm ci`
// would install them) are packed; the tarball is installed globally into a temporary prefix, offline
// (the package has no runtime dependencies: the bundle holds them all); the installed CLI runs.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function sizeOf(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

function countPackages(dir: string): number {
  // Every installed package has a package.json directly under a node_modules/<name> (or @scope/<name>).
  let count = 0;
  const walk = (modules: string): void => {
    for (const name of readdirSync(modules)) {
      if (name.startsWith('.')) continue;
      const full = join(modules, name);
      if (name.startsWith('@')) {
        for (const inner of readdirSync(full)) visit(join(full, inner));
      } else visit(full);
    }
  };
  const visit = (pkg: string): void => {
    count++;
    try {
      walk(join(pkg, 'node_modules'));
    } catch {
      // no nested dependencies
    }
  };
  walk(dir);
  return count;
}

describe('npm pack and install (13.9)', () => {
  it('packs without source maps, with LICENSE and the demo fixtures; installs offline; --version and demo --plain run', () => {
    const clone = join(mkdtempSync(join(tmpdir(), 'wsagent-clone-')), 'wsagent');
    const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const file of files) {
      if (file === 'node_modules' || file.startsWith('dist/')) continue;
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      cpSync(join(ROOT, file), join(clone, file));
    }
    symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'));
    const out = mkdtempSync(join(tmpdir(), 'wsagent-pack-'));
    const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', out], {
      cwd: clone,
      encoding: 'utf8',
      env: { ...process.env, npm_config_loglevel: 'error' },
    });
    expect(packed.status, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; size: number; files: Array<{ path: string }> }>;
    const paths = info!.files.map((f) => f.path);
    expect(paths.filter((p) => p.endsWith('.map'))).toEqual([]);
    expect(paths).toContain('LICENSE');
    expect(paths).toContain('dist/cli.js');
    expect(paths).toContain('fixtures/repos/calc-js/package.json');
    expect(paths).toContain('fixtures/scenarios/coding.json');
    expect(paths.some((p) => p.startsWith('src/'))).toBe(false);
    const tarball = join(out, info!.filename);

    const prefix = mkdtempSync(join(tmpdir(), 'wsagent-prefix-'));
    // Warnings shown (npm's default log level): installing the package must not ask to allow any
    // install script (issue 19: a `prepare` script in the package made npm 11 warn).
    const installed = spawnSync('npm', ['install', '-g', tarball, '--prefix', prefix, '--offline', '--no-audit', '--no-fund'], {
      encoding: 'utf8',
      env: { ...process.env, npm_config_loglevel: 'warn' },
    });
    expect(installed.status, installed.stderr).toBe(0);
    expect(installed.stderr).not.toMatch(/install-scripts|prepare/);
    expect(JSON.parse(execFileSync('tar', ['-xOzf', tarball, 'package/package.json'], { encoding: 'utf8' })).scripts).not.toHaveProperty('prepare');
    const modules = join(prefix, 'lib', 'node_modules');
    const size = sizeOf(prefix);
    const packages = countPackages(modules);
    process.stdout.write(`npm pack: ${info!.filename} ${(info!.size / 1e6).toFixed(2)} MB; installed ${(size / 1e6).toFixed(2)} MB, ${packages} package(s)\n`);
    expect(size).toBeLessThanOrEqual(20e6);
    expect(packages).toBe(1);

    const bin = join(prefix, 'bin', 'wsagent');
    const env = { ...process.env, NO_COLOR: '1', WSAGENT_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'wsagent-pkg-config-')) };
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8', env, cwd: tmpdir() });
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(
      JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("./package.json").version)'], { cwd: ROOT, encoding: 'utf8' })),
    );
    const demo = spawnSync(bin, ['demo', '--plain', '--profile', 'local'], { encoding: 'utf8', env, cwd: tmpdir(), input: '', timeout: 150_000 });
    expect(demo.status, `${demo.stdout}\n${demo.stderr}`).toBe(0);
    expect(demo.stdout).toContain('npm test in the demo repository: passes');
    for (const dir of [dirname(clone), out, prefix, env.WSAGENT_CONFIG_DIR]) rmSync(dir, { recursive: true, force: true });
  }, 240_000);

  it('the README documents only install commands that work (19: a global git install cannot build dist/)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('npm install -g ./wsagent-*.tgz');
    expect(readme).not.toMatch(/npm install -g (--[\w=-]+ )*git\+/);
  });
});
