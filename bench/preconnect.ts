// Pre-connect under `wan`: the first turn's time to first token (respond() called → first delta)
// when the session connected and warmed up beforehand (as the TUI does while the user types), and
// when it did not (the first turn pays the handshake and the warm-up). In-process, the real
// ModelSession against the simulator, alternating the two, `samples` each.
import { join } from 'node:path';
import { ModelSession, userMessage } from '../src/session/index.js';
import { createSimulator, loadScenario } from '../src/simulator/index.js';
import { median, round } from './stats.js';

export interface PreconnectResult {
  profile: string;
  samples: number;
  ttft_ms_cold_median: number;
  ttft_ms_preconnected_median: number;
  saving_ms: number;
}

async function firstTurnTtft(preconnect: boolean): Promise<number> {
  // The bundled benchmark runs from a temp dir: the scenario by path, from the package root (cwd).
  const chat = loadScenario(join(process.cwd(), 'fixtures', 'scenarios', 'chat.json'));
  const sim = await createSimulator({ scenario: chat, profile: 'wan' });
  const tools = [
    {
      type: 'function' as const,
      name: 'read_file',
      description: 'Read a file.',
      strict: false,
      parameters: { type: 'object', properties: { path: { type: 'string' } } },
    },
  ];
  const session = new ModelSession({
    endpoint: { baseUrl: sim.baseUrl, apiKey: 'sk-bench' },
    model: 'gpt-5.2',
    instructions: 'You are a coding agent.'.repeat(200),
    tools,
  });
  try {
    if (preconnect) await session.connect(); // done while the user types
    session.addItems([userMessage(chat.prompt!)], 'user');
    const t0 = performance.now();
    const stream = session.respond();
    let first = -1;
    for (;;) {
      const next = await stream.next();
      if (next.done) break;
      if (first < 0 && next.value.kind === 'event' && next.value.event.type.endsWith('.delta')) first = performance.now() - t0;
    }
    return first;
  } finally {
    await session.close();
    await sim.close();
  }
}

export async function preconnectSaving(samples: number): Promise<PreconnectResult> {
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < samples; i++) {
    cold.push(await firstTurnTtft(false));
    warm.push(await firstTurnTtft(true));
  }
  const c = median(cold);
  const w = median(warm);
  return { profile: 'wan', samples, ttft_ms_cold_median: round(c), ttft_ms_preconnected_median: round(w), saving_ms: round(c - w) };
}
