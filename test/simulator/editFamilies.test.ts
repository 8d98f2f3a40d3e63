// A scripted edit is played in the editing family the request offers (issue 22, item 10): where a
// request offers apply_patch and not edit_file / write_file, the step's edit becomes the
// equivalent patch; an edit a patch cannot express (no old text to replace) is not turned into one.
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { RawSocket, responseOf } from '../helpers/rawSocket.js';
import { userMessage } from '../helpers/scenarios.js';

let sim: Simulator | undefined;
let socket: RawSocket | undefined;
afterEach(async () => {
  socket?.close();
  await sim?.close();
  sim = socket = undefined;
});

const fn = (name: string) => ({ type: 'function', name, parameters: { type: 'object', properties: {} }, strict: false });
const PATCH_TOOL = { type: 'custom', name: 'apply_patch', format: { type: 'text' } };

async function firstCall(steps: Scenario['steps'], tools: unknown[]): Promise<Record<string, any>> {
  sim = await createSimulator({ scenario: { name: 'edits', description: 'scripted edits', steps } });
  socket = await RawSocket.connect(sim.wsUrl);
  socket.create({ model: 'gpt-4.1', store: false, tools, input: [userMessage('go')] });
  return responseOf(await socket.response()).output[0];
}

describe('scripted edits in the offered family', () => {
  it('edit_file becomes an Update File patch where only apply_patch is offered', async () => {
    const call = await firstCall(
      [{ calls: [{ name: 'edit_file', arguments: { path: 'src/a.js', old_string: 'const a = 1;\nconst b = 2;\n', new_string: 'const a = 3;\n' } }] }],
      [fn('read_file'), PATCH_TOOL],
    );
    expect(call).toMatchObject({ type: 'custom_tool_call', name: 'apply_patch' });
    expect(call.input).toBe('*** Begin Patch\n*** Update File: src/a.js\n@@\n-const a = 1;\n-const b = 2;\n+const a = 3;\n*** End Patch');
  });

  it('write_file becomes an Add File patch; as a function tool the patch rides in {input}', async () => {
    const call = await firstCall([{ calls: [{ name: 'write_file', arguments: { path: 'NOTES.md', content: '# Notes\nfirst\n' } }] }], [fn('apply_patch')]);
    expect(call).toMatchObject({ type: 'function_call', name: 'apply_patch' });
    expect(JSON.parse(call.arguments)).toEqual({ input: '*** Begin Patch\n*** Add File: NOTES.md\n+# Notes\n+first\n*** End Patch' });
  });

  it('leaves edit_file alone where it is offered, and does not invent a patch for an edit without old text', async () => {
    const offered = await firstCall(
      [{ calls: [{ name: 'edit_file', arguments: { path: 'a', old_string: 'x', new_string: 'y' } }] }],
      [fn('edit_file'), PATCH_TOOL],
    );
    expect(offered).toMatchObject({ type: 'function_call', name: 'edit_file' });
    socket?.close();
    await sim?.close();
    const partial = await firstCall([{ calls: [{ name: 'edit_file', arguments: { path: 'a', old_string: '', new_string: 'y' } }] }], [PATCH_TOOL]);
    // Not offered and not expressible: the model says so instead of calling a tool it was not given.
    expect(partial.type).toBe('message');
  });
});
