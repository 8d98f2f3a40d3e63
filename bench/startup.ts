// Startup figures for the benchmark: `node -e 0`, `wsagent --version` and the TUI's first frame,
// spawned one after another (medians), with the load average around them.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, round } from './stats.js';

const BIN = join(process.cwd(), 'bin', 'wsagent.js');

function spawnQuiet(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve) => spawn(cmd, args, { stdio: 'ignore' }).on('close', () => resolve()));
}

export interface Startup {
  version_ms_median: number;
  node_ms_median: number;
  /** A start on a machine wsagent has run on before (its bwrap probe remembered): how users start it. */
  first_frame_ms_median: number | null;
  /** A first start ever (a fresh config and data directory). */
  first_frame_cold_ms_median: number | null;
  version_over_node: number;
  load_avg_start: number[];
  load_avg_end: number[];
}

/** The 1-, 5- and 15-minute load averages, rounded: the machine's business beside each measurement. */
export const loadAverages = (): number[] => loadavg().map((v) => round(v, 2));

export async function startup(samples: number): Promise<Startup> {
  const time = async (cmd: string, args: string[]): Promise<number> => {
    const t0 = performance.now();
    await spawnQuiet(cmd, args);
    return performance.now() - t0;
  };
  const version: number[] = [];
  const node: number[] = [];
  const warm: number[] = [];
  const cold: number[] = [];
  const load_avg_start = loadAverages();
  // One directory kept across the warm starts, as a user's is; a first start fills it.
  const machine = mkdtempSync(join(tmpdir(), 'wsagent-bench-frame-'));
  await firstFrame(machine);
  for (let i = 0; i < samples; i++) {
    node.push(await time(process.execPath, ['-e', '0']));
    version.push(await time(process.execPath, [BIN, '--version']));
    warm.push(await firstFrame(machine));
    cold.push(await firstFrame(null));
  }
  rmSync(machine, { recursive: true, force: true });
  const medianOf = (xs: number[]): number | null => (xs.some((v) => v > 0) ? round(median(xs.filter((v) => v > 0))) : null);
  return {
    version_ms_median: round(median(version)),
    node_ms_median: round(median(node)),
    first_frame_ms_median: medianOf(warm),
    first_frame_cold_ms_median: medianOf(cold),
    version_over_node: round(median(version) / median(node), 2),
    load_avg_start,
    load_avg_end: loadAverages(),
  };
}

export function printStartup(start: Startup, samples: number): void {
  process.stdout.write(
    `\nstartup (medians of ${samples}): node -e 0 ${start.node_ms_median} ms, --version ${start.version_ms_median} ms (×${start.version_over_node}), first TUI frame ${start.first_frame_ms_median ?? 'n/a'} ms (a first start ever: ${start.first_frame_cold_ms_median ?? 'n/a'} ms); load average ${start.load_avg_start.join(' ')} → ${start.load_avg_end.join(' ')}\n`,
  );
}

/** Spawn to the first TUI frame (the prompt line) in a pseudo-terminal made by `script`; `machine`: a config directory kept across starts, null for a fresh one. */
function firstFrame(machine: string | null): Promise<number> {
  return new Promise((resolve) => {
    const config = machine ?? mkdtempSync(join(tmpdir(), 'wsagent-bench-frame-'));
    const t0 = performance.now();
    const child = spawn('script', ['-qfec', `${process.execPath} ${BIN} --base-url http://127.0.0.1:9/v1`, '/dev/null'], {
      env: { ...process.env, OPENAI_API_KEY: 'sk-bench', WSAGENT_CONFIG_DIR: config, COLUMNS: '100', LINES: '30', TERM: 'xterm-256color' },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let out = '';
    const done = (ms: number): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      if (!machine) rmSync(config, { recursive: true, force: true });
      resolve(ms);
    };
    const timer = setTimeout(() => done(-1), 10_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('›')) done(performance.now() - t0);
    });
    child.on('error', () => done(-1));
  });
}
