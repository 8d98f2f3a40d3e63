import { describe, expect, it } from 'vitest';

import { isAlive } from '../../src/tools/processTree.js';
import { runCommandTool } from '../../src/tools/runCommand.js';
import { context, run, workspace } from './helpers.js';

const pidsIn = (text: string): number[] => [...text.matchAll(/pid:(\d+)/g)].map((m) => Number(m[1]));

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

describe('run_command', () => {
  it('runs in the workspace root with stdout and stderr interleaved, then [exit code N]', async () => {
    const { root, guard } = workspace({ 'hello.txt': 'hi\n' });
    const result = await run(runCommandTool, { command: 'pwd; cat hello.txt; echo oops >&2; echo after', timeout_ms: null }, context(guard));
    expect(result).toEqual({ ok: true, output: `${root}\nhi\noops\nafter\n[exit code 0]` });
  });

  it('is not ok for a non-zero exit and adds a newline when the output lacks one', async () => {
    const { guard } = workspace();
    const result = await run(runCommandTool, { command: 'printf partial; exit 3', timeout_ms: null }, context(guard));
    expect(result).toEqual({ ok: false, output: 'partial\n[exit code 3]' });
    const silent = await run(runCommandTool, { command: 'true', timeout_ms: null }, context(guard));
    expect(silent).toEqual({ ok: true, output: '[exit code 0]' });
    const missing = await run(runCommandTool, { command: 'definitely-not-a-command-xyz', timeout_ms: null }, context(guard));
    expect(missing.ok).toBe(false);
    expect(missing.output).toMatch(/not found\n\[exit code 127\]$/);
  });

  it('matches the scenario sample for a node one-liner', async () => {
    const { guard } = workspace();
    const result = await run(runCommandTool, { command: 'node -p "[3 * 0.345, 3 * 0.345 * 100, 1.005 * 100]"', timeout_ms: null }, context(guard));
    expect(result.output).toBe('[ 1.035, 103.49999999999999, 100.49999999999999 ]\n[exit code 0]');
  });

  it('streams output through onOutput as it arrives', async () => {
    const { guard } = workspace();
    const chunks: string[] = [];
    const result = await run(
      runCommandTool,
      { command: 'echo one; sleep 0.2; echo two', timeout_ms: null },
      context(guard, { onOutput: (c) => chunks.push(c) }),
    );
    expect(chunks.join('')).toBe('one\ntwo\n');
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(result.output).toBe('one\ntwo\n[exit code 0]');
  });

  it('keeps the head and tail of long output with a note of what was cut', async () => {
    const { guard } = workspace();
    const result = await run(runCommandTool, { command: 'seq 1 100000', timeout_ms: null }, context(guard));
    const total = Array.from({ length: 100000 }, (_, i) => `${i + 1}\n`).join('').length;
    expect(result.ok).toBe(true);
    expect(result.output.startsWith('1\n2\n3\n')).toBe(true);
    expect(result.output.endsWith('99999\n100000\n[exit code 0]')).toBe(true);
    const note = /\n\[… (\d+) bytes cut …\]\n/.exec(result.output);
    expect(note).not.toBeNull();
    const kept = result.output.replace(note?.[0] ?? '', '\n').replace('[exit code 0]', '');
    // Every byte is either kept or counted as cut; the cut is at line boundaries.
    expect(Number(note?.[1]) + kept.length).toBe(total);
    expect(Buffer.byteLength(result.output)).toBeLessThan(16 * 1024 + 200);
    for (const line of kept.trim().split('\n')) expect(line).toMatch(/^\d+$/);
  });

  it('strips ANSI colour codes from what the model reads', async () => {
    const { guard } = workspace();
    const result = await run(runCommandTool, { command: "printf '\\033[31mred\\033[0m plain\\n'", timeout_ms: null }, context(guard));
    expect(result.output).toBe('red plain\n[exit code 0]');
  });

  it('times out, killing the command and its children', async () => {
    const { guard } = workspace();
    const started = Date.now();
    const result = await run(runCommandTool, { command: 'sleep 30 & echo "pid:$!"; sleep 30 & echo "pid:$!"; wait', timeout_ms: 500 }, context(guard));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/\[timed out after 500 ms; the command and its child processes were killed\. Pass a larger timeout_ms/);
    const pids = pidsIn(result.output);
    expect(pids).toHaveLength(2);
    expect(await waitFor(() => !pids.some(isAlive), 3000)).toBe(true);
  });

  it('uses SIGKILL when the tree ignores SIGTERM', async () => {
    const { guard } = workspace();
    const started = Date.now();
    const result = await run(
      runCommandTool,
      { command: `trap '' TERM; sh -c "trap '' TERM; sleep 30" & echo "pid:$!"; wait`, timeout_ms: 300 },
      context(guard),
    );
    expect(result.output).toContain('[timed out after 300 ms');
    expect(Date.now() - started).toBeLessThan(8000);
    const pids = pidsIn(result.output);
    expect(pids).toHaveLength(1);
    expect(await waitFor(() => !pids.some(isAlive), 3000)).toBe(true);
  });

  it('on cancel kills the whole process tree, including a child in a session of its own', async () => {
    const { guard } = workspace();
    const controller = new AbortController();
    let seen = '';
    const pending = run(
      runCommandTool,
      {
        command: 'sh -c \'sleep 30 & echo "pid:$!"; sleep 30\' & echo "pid:$!"; setsid sleep 30 & echo "pid:$!"; wait',
        timeout_ms: null,
      },
      context(guard, {
        signal: controller.signal,
        onOutput: (chunk) => {
          seen += chunk;
          if (pidsIn(seen).length === 3) controller.abort();
        },
      }),
    );
    const started = Date.now();
    const result = await pending;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('[cancelled by the user; the command and its child processes were stopped]');
    const pids = pidsIn(result.output);
    expect(pids).toHaveLength(3);
    expect(await waitFor(() => !pids.some(isAlive), 3000)).toBe(true);
  });

  it('returns at once when cancelled before it starts', async () => {
    const { guard } = workspace();
    const controller = new AbortController();
    controller.abort();
    const result = await run(runCommandTool, { command: 'echo never', timeout_ms: null }, context(guard, { signal: controller.signal }));
    expect(result.ok).toBe(false);
    expect(result.output).toContain('[cancelled');
    expect(result.output).not.toContain('never');
  });

  it('does not wait for background processes that keep the output open', async () => {
    const { guard } = workspace();
    const started = Date.now();
    const result = await run(runCommandTool, { command: 'sleep 30 & echo "pid:$!"; echo done', timeout_ms: null }, context(guard));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.ok).toBe(true);
    expect(result.output).toContain('done\n[exit code 0]\n[background processes were still writing');
    const pids = pidsIn(result.output);
    expect(await waitFor(() => !pids.some(isAlive), 3000)).toBe(true);
  });

  it('leaves alone background processes whose output is redirected', async () => {
    const { root, guard } = workspace();
    const result = await run(runCommandTool, { command: 'sleep 2 > /dev/null 2>&1 & echo "pid:$!"', timeout_ms: null }, context(guard));
    expect(result.output).toMatch(/^pid:\d+\n\[exit code 0\]$/);
    const [pid] = pidsIn(result.output);
    expect(isAlive(pid as number)).toBe(true);
    expect(root).toBeTruthy();
  });
});
