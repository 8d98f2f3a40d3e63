// `npm run bench -- --exit-delay`: how long `wsagent exec --json` stays alive after its last event,
// over each transport (issue 19: over HTTP it was ~2 s, over the socket ~40 ms). Each sample spawns
// the CLI on a fresh copy of calc-js against an in-process simulator (a one-answer scenario, the
// `local` profile) and measures from the arrival of its last stdout bytes to its exit.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulator } from '../src/simulator/index.js';

const ROOT = process.cwd();
const BIN = join(ROOT, 'bin', 'wsagent.js');

function exitGapMs(baseUrl: string, transport: string, cwd: string, configDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'exec', '--json', '--ephemeral', '--transport', transport, '--base-url', baseUrl, '-C', cwd, 'hi'], {
      env: { ...process.env, OPENAI_API_KEY: 'sk-bench', WSAGENT_CONFIG_DIR: configDir },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let last = 0;
    child.stdout.on('data', () => (last = performance.now()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - last) : reject(new Error(`exec over ${transport} exited ${code}`))));
  });
}

export async function mainExitDelay(samples: number): Promise<number> {
  const scratch = mkdtempSync(join(tmpdir(), 'wsagent-bench-exit-'));
  const repo = join(scratch, 'calc-js');
  cpSync(join(ROOT, 'fixtures', 'repos', 'calc-js'), repo, { recursive: true });
  const sim = await createSimulator({ scenario: { name: 'one-answer', description: 'one answer', steps: [{ message: 'done' }] } });
  try {
    for (const transport of ['http', 'ws']) {
      const gaps: number[] = [];
      for (let i = 0; i < samples; i++) gaps.push(await exitGapMs(sim.baseUrl, transport, repo, scratch));
      const sorted = [...gaps].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)]!;
      process.stdout.write(
        `exit after the last event, --transport ${transport}: median ${median.toFixed(0)} ms of ${samples} (${gaps.map((g) => g.toFixed(0)).join(', ')})\n`,
      );
    }
  } finally {
    await sim.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  return 0;
}
