// One editing family per model holds across a /model switch (issue 22, item 10): the app's
// setModel() swaps edit_file/write_file and apply_patch between turns, checked on the frames that
// went over the wire and on the files the edits changed.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAgentApp, type AgentApp } from '../../src/cli/agentApp.js';
import { resolveSettings } from '../../src/config/settings.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { type Gateway, startGateway } from '../helpers/gatewayProxy.js';
import { sandboxSetting } from '../helpers/sandboxAvailable.js';

let sim: Simulator | undefined;
let proxy: Gateway | undefined;
let app: AgentApp | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await app?.close();
  await proxy?.close();
  await sim?.close();
  app = proxy = sim = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const temp = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

describe('a model switch between turns', () => {
  it('swaps the editing family: gpt-4.1 edits with edit_file, back on gpt-5.2 with apply_patch', async () => {
    sim = await createSimulator({
      scenario: {
        name: 'switch',
        description: 'an edit, then a new file, across a model switch',
        steps: [
          { calls: [{ name: 'edit_file', arguments: { path: 'notes.txt', old_string: 'draft\n', new_string: 'final\n' } }] },
          { message: 'Edited.' },
          { calls: [{ name: 'write_file', arguments: { path: 'more.txt', content: 'more\n' } }] },
          { message: 'Written.' },
        ],
      },
    });
    proxy = await startGateway(sim);
    const repo = temp('wsagent-switch-repo-');
    writeFileSync(join(repo, 'notes.txt'), 'draft\n');
    const settings = {
      ...resolveSettings({}, {}, {}).settings,
      apiKey: 'sk-switch',
      baseUrl: proxy.baseUrl,
      approval: 'full-auto' as const,
      sandbox: sandboxSetting,
      model: 'gpt-5.2',
      transport: 'ws' as const,
    };
    app = await createAgentApp({ settings, cwd: repo, configDir: temp('wsagent-switch-config-'), ephemeral: true, approver: null, onEvent: () => undefined });
    const toolsOfTurn = (from: number): string[][] =>
      proxy!.bodies
        .slice(from)
        .filter((b) => b.kind === 'ws' && b.json.generate !== false)
        .map((b) => ((b.json.tools ?? []) as Array<{ name: string }>).map((t) => t.name));

    app.setModel('gpt-4.1');
    let from = proxy.bodies.length;
    expect(await app.agent.runTurn('Make the notes final.')).toMatchObject({ status: 'completed', finalMessage: 'Edited.' });
    for (const names of toolsOfTurn(from)) {
      expect(names).toEqual(expect.arrayContaining(['edit_file', 'write_file']));
      expect(names).not.toContain('apply_patch');
    }
    expect(readFileSync(join(repo, 'notes.txt'), 'utf8')).toBe('final\n');

    app.setModel('gpt-5.2');
    from = proxy.bodies.length;
    expect(await app.agent.runTurn('Add more.')).toMatchObject({ status: 'completed', finalMessage: 'Written.' });
    const second = toolsOfTurn(from);
    expect(second.length).toBeGreaterThan(0);
    for (const names of second) {
      expect(names).toContain('apply_patch');
      expect(names).not.toContain('edit_file');
    }
    expect(existsSync(join(repo, 'more.txt'))).toBe(true);
    expect(readFileSync(join(repo, 'more.txt'), 'utf8')).toBe('more\n');
  });
});
