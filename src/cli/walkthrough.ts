// `wsagent sim --walkthrough`: a scripted client plays the scenario against the simulator over
// one WebSocket, using the official `openai` SDK's ResponsesWS (a client nobody here wrote), and
// answers each tool call with the scenario's sample output. It shows the wire behaviour —
// warm-up, incremental continuations, bytes and latency — until the real agent's demo exists.
import OpenAI from 'openai';
import { ResponsesWS } from 'openai/resources/responses/ws';
import type { ResponsesServerEvent } from 'openai/resources/responses/responses';
import type {
  FunctionTool,
  Response,
  ResponseCreateFrame,
  ResponseFunctionToolCall,
  ResponseInputItem,
  ResponseOutputItem,
  ResponseOutputMessage,
} from '../protocol/index.js';
import type { Simulator } from '../simulator/index.js';
import { EXIT } from './exitCodes.js';

/** What a turn's frame adds to the fixed part (model, instructions, tools). */
type FrameBody = Pick<ResponseCreateFrame, 'generate' | 'previous_response_id'> & { input: ResponseInputItem[] };

interface Turn {
  response: Response;
  sentAt: number;
  firstDeltaAt: number | null;
  doneAt: number;
  bytesUp: number;
}

const fmtMs = (ms: number | null): string => (ms === null ? '—' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);
const fmtBytes = (b: number): string => (b < 1024 ? `${b} B` : `${(b / 1024).toFixed(1)} KiB`);

export async function runWalkthrough(sim: Simulator, out: NodeJS.WritableStream): Promise<number> {
  const scenario = sim.state.scenario;
  if (!scenario) throw new Error('the walkthrough plays a scenario; start the simulator with one');
  const toolNames = [...new Set(scenario.steps.flatMap((s) => (s.calls ?? []).map((c) => c.name)))];
  const tools = toolNames.map(
    (name): FunctionTool => ({
      type: 'function',
      name,
      description: `${name} (walkthrough)`,
      strict: false,
      parameters: { type: 'object', properties: {}, additionalProperties: true },
    }),
  );
  const client = new OpenAI({ apiKey: sim.state.settings.apiKey ?? 'sk-simulator', baseURL: sim.baseUrl, maxRetries: 0 });
  const ws = new ResponsesWS(client);
  const base = { model: 'gpt-5.2', store: false, instructions: 'You are a careful coding agent.', tools };

  let pending: { resolve: (t: Turn) => void; reject: (e: Error) => void; turn: Partial<Turn> } | null = null;
  ws.on('error', (err) => pending?.reject(err));
  ws.on('event', (event: ResponsesServerEvent) => {
    if (!pending) return;
    if (event.type.endsWith('.delta') && pending.turn.firstDeltaAt === null) pending.turn.firstDeltaAt = performance.now();
    if (event.type === 'response.completed' || event.type === 'response.incomplete' || event.type === 'response.failed') {
      const done = pending;
      pending = null;
      done.resolve({ ...(done.turn as Turn), response: event.response, doneAt: performance.now() });
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.socket.once('open', () => resolve());
    ws.socket.once('error', reject);
  });

  const send = (body: FrameBody): Promise<Turn> =>
    new Promise((resolve, reject) => {
      const frame: ResponseCreateFrame = { type: 'response.create', ...base, ...body };
      pending = { resolve, reject, turn: { sentAt: performance.now(), firstDeltaAt: null, bytesUp: Buffer.byteLength(JSON.stringify(frame)) } };
      ws.send(frame);
    });

  out.write(`\nScenario "${scenario.name}": ${scenario.description}\n\n`);
  const userItem = (text: string): ResponseInputItem => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] });
  const prompt = scenario.prompt ?? 'Go ahead.';
  out.write(`user      ${prompt}\n`);
  const warm = await send({ generate: false, input: [userItem(prompt)] });
  out.write(`warm-up   generate:false → ${warm.response.id.slice(0, 14)}…  ${fmtBytes(warm.bytesUp)} up\n`);

  let previous = warm.response.id;
  let input: ResponseInputItem[] = [];
  let step = 0;
  let totalUp = warm.bytesUp;
  let finalText = '';
  const started = performance.now();
  for (let guard = 0; guard < scenario.steps.length + 2; guard++) {
    const turn = await send({ previous_response_id: previous, input });
    totalUp += turn.bytesUp;
    const calls = turn.response.output.filter((i): i is ResponseFunctionToolCall => i.type === 'function_call');
    const usage = turn.response.usage;
    const figures = `${fmtBytes(turn.bytesUp).padStart(9)} up  ttft ${fmtMs(turn.firstDeltaAt && turn.firstDeltaAt - turn.sentAt).padStart(7)}  total ${fmtMs(turn.doneAt - turn.sentAt).padStart(7)}  cached ${usage?.input_tokens_details.cached_tokens ?? 0}/${usage?.input_tokens ?? 0} tok`;
    const what = calls.length > 0 ? calls.map((c) => `${String(c.name)}(${summariseArgs(String(c.arguments))})`).join(', ') : 'message';
    out.write(`step ${String(step + 1).padStart(2)}  ${figures}  ${what}\n`);
    previous = turn.response.id;
    if (calls.length === 0) {
      const message = turn.response.output.find((i: ResponseOutputItem): i is ResponseOutputMessage => i.type === 'message');
      finalText = message?.content.map((p) => (p.type === 'output_text' ? p.text : '')).join('') ?? '';
      // A chat scenario goes on with the next user turn; a task ends with its answer.
      const nextUser = scenario.steps[step + 1]?.user;
      if (nextUser === undefined) break;
      out.write(`\nassistant ${finalText.split('\n')[0]!.slice(0, 100)}…\nuser      ${nextUser}\n`);
      input = [userItem(nextUser)];
      step++;
      continue;
    }
    const samples = scenario.steps[step]?.calls ?? [];
    input = calls.map((c, j) => ({ type: 'function_call_output', call_id: c.call_id, output: samples[j]?.sample_output ?? 'ok' }));
    step++;
  }
  const elapsed = performance.now() - started;
  ws.close();

  const log = sim.log.responses();
  const incremental = log.filter((e) => e.inputMode === 'incremental').length;
  const fromCache = log.filter((e) => e.continuedFromCache).length;
  const calls = log.reduce((n, e) => n + e.functionCallOutputIds.length, 0);
  out.write(`\nFinal answer:\n${finalText}\n\n`);
  out.write(
    `${log.length} requests on ${new Set(log.map((e) => e.connectionId)).size} WebSocket connection(s), ${calls} tool outputs sent; ` +
      `${incremental} incremental (${fromCache} continued from the connection cache); ${fmtBytes(totalUp)} sent in all; ${fmtMs(elapsed)} end to end.\n`,
  );
  out.write('This was a scripted client replaying sample tool outputs; the real agent is the next step.\n');
  return finalText && !finalText.startsWith('[scenario') ? EXIT.ok : EXIT.taskFailed;
}

function summariseArgs(json: string): string {
  try {
    const args = JSON.parse(json) as Record<string, unknown>;
    const first = Object.values(args).find((v) => typeof v === 'string') as string | undefined;
    return first ? (first.length > 40 ? `${first.slice(0, 37)}…` : first) : '';
  } catch {
    return '';
  }
}
