// A long turn must not hold every earlier call's outcome (issue 22, item 9: what grows over a long
// session). The runner keeps only calls not yet settled: once a response's outputs are handed
// back and the next response begins, an outcome is garbage as soon as nobody else holds it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import type { ToolCatalog } from '../../src/agent/ports.js';
import { ToolRunner } from '../../src/agent/ToolRunner.js';
import { ApprovalPolicy } from '../../src/tools/approvalPolicy.js';
import { createToolRegistry, WorkspaceGuard } from '../../src/tools/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const root = mkdtempSync(join(tmpdir(), 'wsagent-runner-memory-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the tool runner over a long turn', () => {
  it('keeps no settled outcome: earlier responses’ outputs can be collected', async () => {
    writeFileSync(join(root, 'big.txt'), `${'x'.repeat(200)}\n`.repeat(500));
    const runner = new ToolRunner(
      {
        catalog: createToolRegistry() as unknown as ToolCatalog,
        approvals: new ApprovalPolicy('full-auto'),
        changes: null,
        workspace: new WorkspaceGuard(root),
        approver: null,
        emit: () => undefined,
      },
      1,
      new AbortController().signal,
    );
    const read = (n: number) => ({ call_id: `call_${n}`, name: 'read_file', arguments: JSON.stringify({ path: 'big.txt', start_line: null, end_line: null }) });
    // One response's call at a time, in a function of its own so the test keeps no outcome alive.
    const readOnce = async (n: number): Promise<WeakRef<object>> => {
      const [outcome] = await runner.outputs([read(n)]);
      expect(outcome!.ok).toBe(true);
      runner.nextResponse();
      return new WeakRef(outcome!);
    };
    const held: Array<WeakRef<object>> = [];
    for (let n = 0; n < 20; n++) held.push(await readOnce(n));
    // A change still runs after the reads (it waited for the unsettled ones only).
    const [write] = await runner.outputs([{ call_id: 'call_w', name: 'write_file', arguments: JSON.stringify({ path: 'new.txt', content: 'x\n' }) }]);
    expect(write!.ok).toBe(true);
    runner.nextResponse();
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(held.map((ref, i) => (ref.deref() === undefined ? -1 : i)).filter((i) => i >= 0)).toEqual([]);
  });
});
