// Runs the simulator for `wsagent sim` (loaded lazily so other commands never pay for it).
import { createSimulator, FaultSpecError, listScenarios, loadScenario, ProfileError, ScenarioError, countToolCalls } from '../simulator/index.js';
import { EXIT, UserFacingError } from './exitCodes.js';

/** What commander hands over for `wsagent sim` (see simCommand.ts). */
export interface SimCommandOptions {
  port: string;
  host: string;
  scenario?: string;
  rounds: string;
  profile: string;
  limitMs?: string;
  limitClose: string;
  limitCloseCode: string;
  limitNotifyIdle?: boolean;
  fault: string[];
  apiKey?: string;
  apiKeyHeader?: string;
  requireQuery: string[];
  encryptedReasoning: string;
  streamErrorShape: string;
  log?: string;
  statusField: string;
  sseDone?: boolean;
  deflate?: boolean;
  /** commander's `--no-lanes`: false when given. */
  lanes?: boolean;
  /** commander's `--no-steering`: false when given. */
  steering?: boolean;
  models?: string;
  anyModel?: boolean;
  contextWindow?: string;
  unknownEvents: string;
  steerableModels: string;
  steerMaxPending: string;
  steerSuccessorPrevious: string;
  steerBoundary: string;
  listScenarios?: boolean;
  walkthrough?: boolean;
}

function wholeNumber(name: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UserFacingError(`${name} needs a whole number ≥ ${min}, got "${value}"`);
  return Number(value);
}

function queryPairs(pairs: string[]): Record<string, string> {
  const query: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UserFacingError(`--require-query needs KEY=VALUE, got "${pair}"`);
    query[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return query;
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
  const encryptedReasoning = opts.encryptedReasoning;
  if (encryptedReasoning !== 'include' && encryptedReasoning !== 'always') {
    throw new UserFacingError(`--encrypted-reasoning must be include or always, got "${encryptedReasoning}"`);
  }
  const streamErrorShape = opts.streamErrorShape;
  if (streamErrorShape !== 'flat' && streamErrorShape !== 'nested') {
    throw new UserFacingError(`--stream-error-shape must be flat or nested, got "${streamErrorShape}"`);
  }
  const unknownEvents = opts.unknownEvents;
  if (unknownEvents !== 'ignore' && unknownEvents !== 'error') {
    throw new UserFacingError(`--unknown-events must be ignore or error, got "${unknownEvents}"`);
  }
  const models = opts.models
    ?.split(',')
    .map((m) => m.trim())
    .filter((m) => m !== '');
  if (models !== undefined && models.length === 0) throw new UserFacingError('--models needs at least one model name');
  const steerSuccessorPrevious = opts.steerSuccessorPrevious;
  if (steerSuccessorPrevious !== 'parent' && steerSuccessorPrevious !== 'null') {
    throw new UserFacingError(`--steer-successor-previous must be parent or null, got "${steerSuccessorPrevious}"`);
  }
  const steerBoundary = opts.steerBoundary;
  if (steerBoundary !== 'item' && steerBoundary !== 'token') throw new UserFacingError(`--steer-boundary must be item or token, got "${steerBoundary}"`);
  const port = wholeNumber('--port', opts.port);
  if (port !== undefined && port > 65535) throw new UserFacingError(`--port must be at most 65535, got ${port}`);
  if (opts.apiKeyHeader !== undefined && !/^[A-Za-z0-9-]+$/.test(opts.apiKeyHeader)) {
    throw new UserFacingError(`--api-key-header must be a header name, got "${opts.apiKeyHeader}"`);
  }
  return {
    host: opts.host,
    port,
    // The walkthrough plays a script; a plain `wsagent sim` serves the model for any client.
    scenario: opts.scenario ?? (opts.walkthrough ? 'coding' : null),
    rounds: wholeNumber('--rounds', opts.rounds),
    profile: opts.profile,
    limitMs: wholeNumber('--limit-ms', opts.limitMs, 1),
    limitClose,
    limitCloseCode: wholeNumber('--limit-close-code', opts.limitCloseCode, 1000),
    limitNotifyIdle: opts.limitNotifyIdle === true,
    faults: opts.fault,
    apiKey: opts.apiKey ?? null,
    apiKeyHeader: opts.apiKeyHeader ?? null,
    requireQuery: queryPairs(opts.requireQuery),
    encryptedReasoning,
    streamErrorShape,
    logFile: opts.log,
    errorStatusField: statusField,
    sseDone: opts.sseDone === true,
    perMessageDeflate: opts.deflate === true,
    lanes: opts.lanes !== false,
    steering: opts.steering !== false,
    ...(models && { models }),
    anyModel: opts.anyModel === true,
    contextWindow: wholeNumber('--context-window', opts.contextWindow, 1) ?? null,
    unknownEvents,
    steerableModels: opts.steerableModels
      .split(',')
      .map((glob) => glob.trim())
      .filter((glob) => glob !== ''),
    steerMaxPending: wholeNumber('--steer-max-pending', opts.steerMaxPending, 1),
    steerSuccessorPrevious,
    steerBoundary,
  } as const;
}

/**
 * A command that works as pasted into a shell: wsagent refuses to start without an API key, so the
 * line carries one (the simulator accepts any key unless --api-key names one), and the settings
 * that --api-key-header and --require-query demand of a client.
 */
export function tryLine(baseUrl: string, opts: Pick<SimCommandOptions, 'apiKey' | 'apiKeyHeader' | 'requireQuery'>): string {
  const words = [`OPENAI_API_KEY=${shellWord(opts.apiKey ?? 'sim')}`, `OPENAI_BASE_URL=${shellWord(baseUrl)}`, 'wsagent'];
  if (opts.apiKeyHeader) words.push('-c', shellWord(`apiKeyHeader=${opts.apiKeyHeader}`));
  const query = queryPairs(opts.requireQuery);
  if (Object.keys(query).length > 0) words.push('-c', shellWord(`query=${JSON.stringify(query)}`));
  words.push('-p', shellWord('Say hello'));
  return words.join(' ');
}

/** One word for sh: bare when it is safe, else single-quoted. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

export async function runSim(opts: SimCommandOptions): Promise<number> {
  if (opts.listScenarios) {
    for (const name of listScenarios()) {
      const s = loadScenario(name);
      process.stdout.write(`${name.padEnd(12)} ${String(countToolCalls(s)).padStart(3)} tool calls  ${s.description}\n`);
    }
    return EXIT.ok;
  }
  let sim;
  try {
    sim = await createSimulator(parseSimOptions(opts));
  } catch (err) {
    if (err instanceof ScenarioError || err instanceof ProfileError || err instanceof FaultSpecError) {
      throw new UserFacingError(err.message);
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UserFacingError(`port ${opts.port} is already in use`, EXIT.network);
    if (code === 'EACCES' || code === 'EADDRNOTAVAIL') throw new UserFacingError(`cannot listen on ${opts.host}:${opts.port} (${code})`, EXIT.network);
    throw err;
  }
  const { state } = sim;
  const out = process.stdout;
  const model = state.scenario ? `scenario "${state.scenario.name}"` : `model: uses the offered tools (${state.settings.rounds} rounds, then answers)`;
  out.write(`wsagent simulator — ${model}, profile "${state.profile.name}"\n`);
  out.write(`  base URL:      ${sim.baseUrl}\n`);
  out.write(`  WebSocket URL: ${sim.wsUrl}${state.settings.lanes ? '' : '   (no lanes: stream_id is rejected)'}\n`);
  out.write(`  models:        ${state.settings.anyModel ? 'any name' : state.settings.models.join(', ')}\n`);
  if (state.settings.contextWindow !== null) out.write(`  context window: ${state.settings.contextWindow} tokens for every model\n`);
  if (opts.log) out.write(`  request log:   ${opts.log}\n`);

  if (opts.walkthrough) {
    const { runWalkthrough } = await import('./walkthrough.js');
    try {
      return await runWalkthrough(sim, out);
    } finally {
      await sim.close();
    }
  }

  out.write(`Try: ${tryLine(sim.baseUrl, opts)}\n`);
  out.write('  (any wsagent command works with those two variables; Ctrl-C stops the simulator)\n');
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await sim.close();
  // Successors and the steer entries are not requests.
  const requests = sim.log.entries.filter((e) => e.kind === 'response' || e.kind === 'compact' || e.kind === 'upgrade').length;
  const steers = sim.log.entries.filter((e) => e.kind === 'steer').length;
  out.write(`\nsimulator stopped after ${requests} requests${steers > 0 ? ` and ${steers} steers` : ''}\n`);
  return EXIT.ok;
}
