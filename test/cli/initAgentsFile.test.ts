// /init's last step in the TUI, in-process on a real directory: the proposal as a diff and a
// yes/no question; the file written on yes only, never over a file changed meanwhile, and no
// question when the file already says exactly that.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TurnResult } from '../../src/agent/Agent.js';
import type { AgentEvent, ApprovalDecision } from '../../src/agent/events.js';
import { offerAgentsFile } from '../../src/cli/initAgentsFile.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wsagent-init-'));
  dirs.push(dir);
  return dir;
}

const answer = (text: string): TurnResult => ({ status: 'completed', finalMessage: text, timings: { wallMs: 1, requests: 1, toolMs: 0, overheadMs: 0 } });
const PROPOSAL = 'Here it is:\n\n```markdown\n# AGENTS.md\n\n- `npm test`\n```\n';

function question(decision: ApprovalDecision | 'cancel', onAsk: () => void = () => undefined) {
  const events: AgentEvent[] = [];
  return {
    events,
    emit: (e: AgentEvent) => events.push(e),
    ask: async () => {
      onAsk();
      if (decision === 'cancel') throw new Error('cancelled');
      return decision;
    },
  };
}

describe('/init in the TUI: the question before writing', () => {
  it('a new file: the diff from nothing, n writes nothing, y writes it', async () => {
    const root = workspace();
    const no = question({ decision: 'deny' });
    expect(await offerAgentsFile(root, answer(PROPOSAL), no)).toBe('AGENTS.md was not written');
    expect(existsSync(join(root, 'AGENTS.md'))).toBe(false);
    const asked = no.events.find((e) => e.type === 'tool.approval_required');
    expect(asked).toMatchObject({
      display: 'create AGENTS.md',
      question: true,
      diff: expect.stringMatching(/^--- \/dev\/null\n\+\+\+ b\/AGENTS\.md\n@@ -0,0 \+1,3 @@\n\+# AGENTS\.md/),
    });
    expect(no.events.at(-1)).toMatchObject({ type: 'tool.completed', ok: false });

    const yes = question({ decision: 'approve' });
    expect(await offerAgentsFile(root, answer(PROPOSAL), yes)).toBe('wrote AGENTS.md (3 lines)');
    expect(readFileSync(join(root, 'AGENTS.md'), 'utf8')).toBe('# AGENTS.md\n\n- `npm test`\n');
  });

  it('leaves a file changed while the question was open as it is; asks nothing when the file already says it; writes nothing for a cancelled or failed turn', async () => {
    const root = workspace();
    writeFileSync(join(root, 'AGENTS.md'), 'old\n');
    const raced = question({ decision: 'approve' }, () => writeFileSync(join(root, 'AGENTS.md'), 'edited meanwhile\n'));
    expect(await offerAgentsFile(root, answer(PROPOSAL), raced)).toMatch(/^cannot write AGENTS\.md: AGENTS\.md changed on disk/);
    expect(readFileSync(join(root, 'AGENTS.md'), 'utf8')).toBe('edited meanwhile\n');
    expect(raced.events.find((e) => e.type === 'tool.approval_required')).toMatchObject({ display: 'replace AGENTS.md' });

    writeFileSync(join(root, 'AGENTS.md'), '# AGENTS.md\n\n- `npm test`\n');
    const same = question({ decision: 'approve' });
    expect(await offerAgentsFile(root, answer(PROPOSAL), same)).toBe('AGENTS.md already holds exactly the proposal; nothing to write');
    expect(same.events).toEqual([]);

    const cancelled = question('cancel');
    expect(await offerAgentsFile(root, { ...answer(PROPOSAL), status: 'cancelled' }, cancelled)).toBe('/init ended (cancelled); AGENTS.md was not written');
    expect(await offerAgentsFile(root, answer('  '), cancelled)).toBe('the answer held no AGENTS.md; nothing was written');
    expect(cancelled.events).toEqual([]);
  });
});
