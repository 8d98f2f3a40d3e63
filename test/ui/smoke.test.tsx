import { render } from 'ink-testing-library';
import { expect, test } from 'vitest';
import { App } from '../../src/ui/App.js';
import { FakeController, waitFor } from './fakeController.js';

test('smoke', async () => {
  const c = new FakeController();
  const r = render(<App controller={c} color={false} />);
  await waitFor(() => expect(c.listenerCount).toBe(1));
  r.stdin.write('hello');
  await waitFor(() => expect(r.lastFrame()).toContain('hello'));
  r.stdin.write('\r');
  await waitFor(() => expect(c.callsOf('submit')).toHaveLength(1));
  c.emit({ type: 'turn.started', turn: 1, prompt: 'hello' });
  c.emit({ type: 'assistant.delta', text: 'Hi **there**' });
  await new Promise((r) => setTimeout(r, 100));
  console.log(r.lastFrame());
  c.emit({ type: 'assistant.done', text: 'Hi **there**\n\n```ts\nconst a = 1;\n```' });
  c.emit({ type: 'tool.requested', callId: 'c1', name: 'run_command', args: { command: 'npm test' }, display: 'run_command npm test' });
  c.emit({ type: 'tool.started', callId: 'c1', name: 'run_command', display: 'run_command npm test' });
  c.emit({ type: 'tool.output', callId: 'c1', chunk: 'line1\nline2\n' });
  await new Promise((r) => setTimeout(r, 100));
  console.log(r.lastFrame());
  r.unmount();
});
