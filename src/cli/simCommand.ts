// `wsagent sim`: serves the simulated Responses API until interrupted.
import type { Command } from 'commander';
import { EXIT, UserFacingError } from './exitCodes.js';

export interface SimCommandOptions {
  port: string;
  host: string;
  scenario: string;
  profile: string;
  limitMs?: string;
  limitClose: string;
  limitCloseCode: string;
  limitNotifyIdle?: boolean;
  fault: string[];
  apiKey?: string;
  log?: string;
  statusField: string;
  sseDone?: boolean;
  deflate?: boolean;
  listScenarios?: boolean;
  walkthrough?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function wholeNumber(name: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UserFacingError(`${name} needs a whole number ≥ ${min}, got "${value}"`);
  return Number(value);
}

export function registerSimCommand(program: Command): void {
  program
    .command('sim')
    .description('serve a local simulator of the Responses API (WebSocket mode, HTTP streaming, compaction)')
    .option('--port <port>', 'port to listen on (0 lets the OS choose)', '0')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--scenario <name|file>', 'scripted model: a built-in scenario or a JSON file', 'coding')
    .option('--profile <name|spec>', 'network profile: local, wan, "wan,ttft_ms=100" or a JSON object', 'local')
    .option('--limit-ms <ms>', 'WebSocket connection lifetime (default 3600000, the real 60 minutes)')
    .option('--limit-close <how>', 'after the limit event: close | keep | drop', 'close')
    .option('--limit-close-code <code>', 'close code used with --limit-close close', '1000')
    .option('--limit-notify-idle', 'also send the limit event to an idle socket when its time is up')
    .option('--fault <spec>', 'schedule a fault, e.g. drop@3, close_1011@2,at=start, upgrade_426@conn:1 (repeatable)', collect, [])
    .option('--api-key <key>', 'require this key in the Authorization header')
    .option('--log <file>', 'write the request log (JSONL) to this file')
    .option('--status-field <name>', 'status field of socket error events: status | status_code', 'status')
    .option('--sse-done', 'end HTTP streams with data: [DONE]')
    .option('--deflate', 'offer permessage-deflate')
    .option('--list-scenarios', 'list the built-in scenarios and exit')
    .option('--walkthrough', 'start the simulator and run a scripted client through the scenario over one WebSocket')
    .action(async (opts: SimCommandOptions) => {
      const { runSim } = await import('./simRunner.js');
      process.exitCode = await runSim(opts);
    });
}

export function parseSimOptions(opts: SimCommandOptions) {
  const limitClose = opts.limitClose;
  if (limitClose !== 'close' && limitClose !== 'keep' && limitClose !== 'drop') {
    throw new UserFacingError(`--limit-close must be close, keep or drop, got "${limitClose}"`);
  }
  const statusField = opts.statusField;
  if (statusField !== 'status' && statusField !== 'status_code') {
    throw new UserFacingError(`--status-field must be status or status_code, got "${statusField}"`);
  }
  const port = wholeNumber('--port', opts.port);
  if (port !== undefined && port > 65535) throw new UserFacingError(`--port must be at most 65535, got ${port}`);
  return {
    host: opts.host,
    port,
    scenario: opts.scenario,
    profile: opts.profile,
    limitMs: wholeNumber('--limit-ms', opts.limitMs, 1),
    limitClose,
    limitCloseCode: wholeNumber('--limit-close-code', opts.limitCloseCode, 1000),
    limitNotifyIdle: opts.limitNotifyIdle === true,
    faults: opts.fault,
    apiKey: opts.apiKey ?? null,
    logFile: opts.log,
    errorStatusField: statusField,
    sseDone: opts.sseDone === true,
    perMessageDeflate: opts.deflate === true,
  } as const;
}

export { EXIT };
