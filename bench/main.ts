// Wire benchmark for the session layer: the coding scenario played by a scripted client (tool
// outputs are the scenario's samples, so no tool time) through ModelSession, over the socket
// (incremental), HTTP resending everything (store:false) and HTTP with store:true, interleaved;
// then the cost of each fault in full replays. The end-to-end agent benchmark builds on this.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelSession, type SessionEvent } from '../src/session/index.js';
import { createSimulator, loadScenario, type RequestLogEntry } from '../src/simulator/index.js';
import { runScripted } from '../test/helpers/scriptedAgent.js';

type Mode = 'ws' | 'http-full' | 'http-store';
const MODES: Mode[] = ['ws', 'http-full', 'http-store'];
const FAULTS = ['drop@8', 'close_1011@8', 'silent@8', 'malformed_frame@8', 'binary_frame@8', 'limit@8', 'prev_not_found@8', 'failed@8', 'stream_error@8', 'rate_limit@8,retry_after=0', 'server_error@8', 'upgrade_426@conn:1,times=99'];

interface Sample {
  e2eMs: number;
  requests: number;
  fullRequests: number;
  cacheHits: number;
  bytesUp: number[];
  ttftMs: number[];
}

const median = (xs: number[]): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const kib = (b: number): string => `${(b / 1024).toFixed(1)} KiB`;

function toolsOf(scenario: ReturnType<typeof loadScenario>) {
  return [...new Set(scenario.steps.flatMap((s) => (s.calls ?? []).map((c) => c.name)))].map((name) => ({
    type: 'function' as const,
    name,
    description: `${name} tool`,
    strict: false,
    parameters: { type: 'object', properties: {}, additionalProperties: true },
  }));
}

async function runOnce(scenarioPath: string, profile: string, mode: Mode, faults: string[] = []): Promise<{ sample: Sample; log: RequestLogEntry[]; events: SessionEvent[] }> {
  const scenario = loadScenario(scenarioPath);
  const sim = await createSimulator({ scenario, profile, faults });
  const events: SessionEvent[] = [];
  const session = new ModelSession({
    endpoint: { baseUrl: sim.baseUrl, apiKey: 'sk-bench' },
    model: 'gpt-5.2',
    instructions: 'You are a careful coding agent. Explore before editing, make small verified edits, run the tests, and report what changed.',
    tools: toolsOf(scenario),
    // A server without WebSocket mode is measured the way users meet it: `auto` falls back.
    transport: mode !== 'ws' ? 'http' : faults.some((f) => f.startsWith('upgrade')) ? 'auto' : 'ws',
    store: mode === 'http-store',
    retryBaseDelayMs: 5,
    deadAfterMs: 500,
    onEvent: (e) => events.push(e),
  });
  const start = performance.now();
  await runScripted(session, scenario);
  const e2eMs = performance.now() - start;
  await session.close();
  await sim.close();
  const log = sim.log.responses();
  const completed = events.filter((e): e is Extract<SessionEvent, { type: 'request.completed' }> => e.type === 'request.completed' && !e.stats.warmup);
  return {
    log,
    events,
    sample: {
      e2eMs,
      requests: log.filter((e) => e.generate).length,
      fullRequests: log.filter((e) => e.generate && e.inputMode !== 'incremental').length,
      cacheHits: log.filter((e) => e.continuedFromCache).length,
      bytesUp: log.map((e) => e.bytesUp),
      ttftMs: completed.map((e) => (e.stats.timings.firstDeltaAt ?? 0) - (e.stats.timings.sendAt ?? 0)),
    },
  };
}

export async function main(args: string[]): Promise<number> {
  const quick = args.includes('--quick');
  const samples = quick ? 1 : 5;
  const profiles = quick ? ['local'] : ['local', 'wan'];
  const scenarioPath = join(process.cwd(), 'fixtures', 'scenarios', 'coding.json');
  const scenario = loadScenario(scenarioPath);
  const toolCalls = scenario.steps.reduce((n, s) => n + (s.calls?.length ?? 0), 0);
  const results: Record<string, unknown>[] = [];
  const ratios: Record<string, unknown>[] = [];

  for (const profile of profiles) {
    const byMode = new Map<Mode, Sample[]>(MODES.map((m) => [m, []]));
    // Interleaved (A B C A B C …) so drift on a shared machine hits every mode alike.
    for (let i = 0; i < samples; i++) for (const mode of MODES) byMode.get(mode)!.push((await runOnce(scenarioPath, profile, mode)).sample);
    process.stdout.write(`\ncoding (${toolCalls} tool calls), profile ${profile}, ${samples} sample(s) per mode, interleaved\n`);
    process.stdout.write(`${'mode'.padEnd(11)}${'e2e median'.padStart(12)}${'ttft median'.padStart(13)}${'requests'.padStart(10)}${'full'.padStart(6)}${'cached'.padStart(8)}${'up/request (median, max)'.padStart(28)}${'up total'.padStart(12)}\n`);
    for (const mode of MODES) {
      const runs = byMode.get(mode)!;
      const last = runs.at(-1)!;
      const row = {
        scenario: 'coding',
        tool_calls: toolCalls,
        profile,
        mode,
        samples,
        e2e_ms_median: Math.round(median(runs.map((r) => r.e2eMs))),
        ttft_ms_median: Math.round(median(runs.flatMap((r) => r.ttftMs))),
        requests: last.requests,
        cache_hits: last.cacheHits,
        full_requests: last.fullRequests,
        bytes_up_total: last.bytesUp.reduce((a, b) => a + b, 0),
        bytes_up_per_request: last.bytesUp,
      };
      results.push(row);
      process.stdout.write(
        `${mode.padEnd(11)}${`${row.e2e_ms_median} ms`.padStart(12)}${`${row.ttft_ms_median} ms`.padStart(13)}${String(row.requests).padStart(10)}${String(row.full_requests).padStart(6)}${String(row.cache_hits).padStart(8)}${`${kib(median(last.bytesUp))}, ${kib(Math.max(...last.bytesUp))}`.padStart(28)}${kib(row.bytes_up_total).padStart(12)}\n`,
      );
    }
    const e2e = (m: Mode) => median(byMode.get(m)!.map((r) => r.e2eMs));
    const ratio = { scenario: 'coding', profile, ws_over_http_full: +(e2e('ws') / e2e('http-full')).toFixed(3), ws_over_http_store: +(e2e('ws') / e2e('http-store')).toFixed(3) };
    ratios.push(ratio);
    process.stdout.write(`ws / http-full = ${ratio.ws_over_http_full}, ws / http-store = ${ratio.ws_over_http_store}\n`);
  }

  process.stdout.write(`\nrecovery cost per fault (coding, local, fault on request 8; the warm-up is request 1)\n`);
  process.stdout.write(`${'fault'.padEnd(30)}${'recoveries'.padEnd(40)}${'full replays'.padStart(13)}${'requests'.padStart(10)}\n`);
  const faultRows: Record<string, unknown>[] = [];
  for (const fault of FAULTS) {
    const { sample, events } = await runOnce(scenarioPath, 'local', 'ws', [fault]);
    const recoveries = events.filter((e) => e.type === 'recovery').map((e) => (e as { kind: string }).kind);
    faultRows.push({ fault, recoveries, full_replays: sample.fullRequests, requests: sample.requests });
    process.stdout.write(`${fault.padEnd(30)}${recoveries.join(', ').padEnd(40)}${String(sample.fullRequests).padStart(13)}${String(sample.requests).padStart(10)}\n`);
  }

  mkdirSync(join(process.cwd(), 'bench', 'results'), { recursive: true });
  const file = join(process.cwd(), 'bench', 'results', 'latest.json');
  writeFileSync(file, `${JSON.stringify({ kind: 'wire', runs: results, ratios, faults: faultRows }, null, 2)}\n`);
  process.stdout.write(`\nwrote ${file}\n`);
  return 0;
}
