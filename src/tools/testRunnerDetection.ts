// Which command runs a project's tests, decided from the files at the workspace root: a
// package.json "test" script (npm, pnpm, yarn or bun by the lockfile or packageManager), pytest,
// go test, cargo test, or a Makefile's test target, in that order.
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface TestCommand {
  command: string;
  /** Why this command: shown to the model with the output. */
  reason: string;
}

/** The script `npm init` writes: there are no tests. */
const NPM_PLACEHOLDER = /no test specified/;

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The executable `name` on the PATH, or null. */
export function findExecutable(name: string, pathEnv = process.env.PATH ?? ''): string | null {
  const extensions = process.platform === 'win32' ? ['.exe', '.cmd', '.bat', ''] : [''];
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir) continue;
    for (const ext of extensions) {
      const candidate = join(dir, name + ext);
      try {
        accessSync(candidate, constants.X_OK);
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

function nodeCommand(root: string): TestCommand | null {
  const text = readText(join(root, 'package.json'));
  if (text === null) return null;
  let pkg: { scripts?: Record<string, unknown>; packageManager?: unknown };
  try {
    pkg = JSON.parse(text) as typeof pkg;
  } catch {
    return null;
  }
  const script = pkg.scripts?.test;
  if (typeof script !== 'string' || script.trim() === '' || NPM_PLACEHOLDER.test(script)) return null;
  const declared = typeof pkg.packageManager === 'string' ? pkg.packageManager.split('@')[0] : undefined;
  const byLockfile: [string, string][] = [
    ['pnpm-lock.yaml', 'pnpm'],
    ['yarn.lock', 'yarn'],
    ['bun.lockb', 'bun'],
    ['bun.lock', 'bun'],
    ['package-lock.json', 'npm'],
  ];
  let manager = 'npm';
  let why = 'no lockfile: npm';
  if (declared && ['npm', 'pnpm', 'yarn', 'bun'].includes(declared)) {
    manager = declared;
    why = `packageManager: ${pkg.packageManager as string}`;
  } else {
    const lock = byLockfile.find(([file]) => existsSync(join(root, file)));
    if (lock) {
      manager = lock[1];
      why = lock[0];
    }
  }
  const command = manager === 'bun' ? 'bun run test' : `${manager} test`;
  return { command, reason: `package.json "test" script: ${JSON.stringify(script)}; ${why}` };
}

function hasPythonTests(dir: string): boolean {
  try {
    return readdirSync(dir).some((name) => /^test_.*\.py$|_test\.py$/.test(name));
  } catch {
    return false;
  }
}

function pytestCommand(root: string): TestCommand | null {
  const signs: string[] = [];
  if (existsSync(join(root, 'pytest.ini'))) signs.push('pytest.ini');
  if (existsSync(join(root, 'conftest.py'))) signs.push('conftest.py');
  if (/pytest/.test(readText(join(root, 'pyproject.toml')) ?? '')) signs.push('pyproject.toml');
  if (/\[tool:pytest\]/.test(readText(join(root, 'setup.cfg')) ?? '')) signs.push('setup.cfg');
  if (/\[pytest\]/.test(readText(join(root, 'tox.ini')) ?? '')) signs.push('tox.ini');
  for (const dir of ['tests', 'test']) {
    if (isDirectory(join(root, dir)) && hasPythonTests(join(root, dir))) signs.push(`${dir}/`);
  }
  if (hasPythonTests(root)) signs.push('test_*.py');
  if (signs.length === 0) return null;
  // A project virtualenv first: that is where its pytest and dependencies are.
  const venvPython = ['.venv', 'venv', 'env']
    .map((dir) => join(dir, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python'))
    .find((rel) => existsSync(join(root, rel)));
  const python = venvPython ?? (findExecutable('python3') ? 'python3' : findExecutable('python') ? 'python' : null);
  if (python === null) {
    return { command: '', reason: `pytest project (${signs.join(', ')}) but neither python3 nor python is on the PATH` };
  }
  return { command: `${python} -m pytest`, reason: `pytest (${signs.join(', ')})` };
}

function makeCommand(root: string): TestCommand | null {
  for (const name of ['GNUmakefile', 'makefile', 'Makefile']) {
    const text = readText(join(root, name));
    if (text !== null && /^test\s*:(?!=)/m.test(text)) return { command: 'make test', reason: `${name} has a test target` };
  }
  return null;
}

/** The project's test command, or null when none is recognised. */
export function detectTestCommand(root: string): TestCommand | null {
  return (
    nodeCommand(root) ??
    pytestCommand(root) ??
    (existsSync(join(root, 'go.mod')) ? { command: 'go test ./...', reason: 'go.mod' } : null) ??
    (existsSync(join(root, 'Cargo.toml')) ? { command: 'cargo test', reason: 'Cargo.toml' } : null) ??
    makeCommand(root)
  );
}

export const DETECTION_SUMMARY =
  'a package.json "test" script, pytest (pytest.ini, conftest.py, pyproject.toml, setup.cfg, tox.ini, tests/ with ' +
  'test_*.py), go.mod, Cargo.toml, or a Makefile with a test target';
