// Bytes on the wire: the coding-25 scenario by the real agent (`wsagent exec`, `ws` mode, `local`),
// for each model family (GPT-5: apply_patch; others: edit_file and write_file), once with the
// simulator accepting permessage-deflate (the client always offers it) and once without. A TCP proxy between the two counts the raw bytes the client sends (frames, masks,
// headers, the upgrade); the simulator's log gives the payload bytes (the JSON of each request).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulator, type Scenario } from '../src/simulator/index.js';
import { median, round } from './stats.js';

/** What the real Codex CLI sends per request, instructions and tools included (issue 22, same run). */
export const CODEX_BYTES_PER_REQUEST = 10.9 * 1024;

/** One model per family: the family decides the tools, hence the bytes of every request. */
const FAMILIES = [
  { family: 'gpt-5', model: 'gpt-5.2' },
  { family: 'other', model: 'gpt-4.1' },
] as const;

export interface WireRow {
  family: string;
  model: string;
  deflate: boolean;
  requests: number;
  payload_bytes_up: number;
  wire_bytes_up: number;
  payload_bytes_per_incremental_median: number;
  /** The warm-up frame (instructions, tools and the request's fields, no input): what every request carries. */
  fixed_bytes_per_request: number;
  wire_bytes_per_request_mean: number;
}

/** A TCP proxy to `port` counting client → server bytes. */
async function countingProxy(port: number): Promise<{ port: number; up: () => number; close: () => Promise<void> }> {
  let up = 0;
  const server = createServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    client.on('data', (d: Buffer) => (up += d.length));
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, up: () => up, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function wireBytes(scenario: Scenario, repo: () => string, bin: string): Promise<WireRow[]> {
  const rows: WireRow[] = [];
  for (const { family, model } of FAMILIES)
    for (const deflate of [false, true]) {
      const sim = await createSimulator({ scenario, profile: 'local', perMessageDeflate: deflate });
      const proxy = await countingProxy(sim.port);
      const dir = repo();
      const config = mkdtempSync(join(tmpdir(), 'wsagent-bench-wire-'));
      const env = { ...process.env, OPENAI_API_KEY: 'sk-bench', WSAGENT_CONFIG_DIR: config, NO_COLOR: '1' };
      const args = [
        bin,
        'exec',
        '--json',
        '--approval',
        'full-auto',
        '--base-url',
        `http://127.0.0.1:${proxy.port}/v1`,
        '-C',
        dir,
        '--transport',
        'ws',
        '--model',
        model,
        scenario.prompt ?? 'go',
      ];
      await new Promise((resolve) => spawn(process.execPath, args, { env, stdio: 'ignore' }).on('close', resolve));
      const log = sim.log.responses();
      rows.push({
        family,
        model,
        deflate,
        requests: log.length,
        payload_bytes_up: log.reduce((n, e) => n + e.bytesUp, 0),
        wire_bytes_up: proxy.up(),
        payload_bytes_per_incremental_median: round(median(log.filter((e) => e.inputMode === 'incremental').map((e) => e.bytesUp))),
        fixed_bytes_per_request: log.find((e) => !e.generate)?.bytesUp ?? 0,
        wire_bytes_per_request_mean: round(proxy.up() / Math.max(1, log.length)),
      });
      await proxy.close();
      await sim.close();
      rmSync(join(dir, '..'), { recursive: true, force: true });
      rmSync(config, { recursive: true, force: true });
    }
  return rows;
}

export function printWire(rows: WireRow[]): void {
  process.stdout.write('\nbytes up on the wire (coding-25, ws, local; wire = raw TCP client → server, upgrade included)\n');
  for (const r of rows) {
    process.stdout.write(
      `  ${r.family.padEnd(6)} (${r.model}) deflate ${r.deflate ? 'on ' : 'off'}: ${r.requests} requests, payload ${(r.payload_bytes_up / 1024).toFixed(1)} KB, wire ${(r.wire_bytes_up / 1024).toFixed(1)} KB (${(r.wire_bytes_per_request_mean / 1024).toFixed(2)} KB a request); incremental payload median ${(r.payload_bytes_per_incremental_median / 1024).toFixed(1)} KB, of which instructions + tools ${(r.fixed_bytes_per_request / 1024).toFixed(1)} KB (Codex CLI: ${(CODEX_BYTES_PER_REQUEST / 1024).toFixed(1)} KB a request in all)\n`,
    );
  }
  for (const { family } of FAMILIES) {
    const off = rows.find((r) => r.family === family && !r.deflate);
    const on = rows.find((r) => r.family === family && r.deflate);
    if (off && on)
      process.stdout.write(`  ${family}: permessage-deflate saves ${round(100 * (1 - on.wire_bytes_up / off.wire_bytes_up), 1)} % of the bytes up\n`);
  }
}
