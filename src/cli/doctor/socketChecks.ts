// The WebSocket side of the base URL, on one socket opened as a session opens it (same URL, headers
// and key): the upgrade, a `generate:false` warm-up (nothing is generated; its round trip is what
// every request pays before the model starts), then whether the server serves lanes and steering
// (laneProbe.ts, steerProbe.ts). The socket is closed at the end.
import type { Settings } from '../../config/settings.js';
import { ResponsesSocket, type TransportError, websocketUrl } from '../../transport/index.js';
import { type DoctorCheck, fail, ok, warn } from './doctorCheck.js';
import type { EndpointTarget } from './endpointTarget.js';
import { probeLanes } from './laneProbe.js';
import { probeSteering } from './steerProbe.js';

const UPGRADE = 'base URL: WebSocket';
const WARMUP = 'base URL: warm-up';
const TIMEOUT_MS = 10_000;

export async function checkSocket(target: EndpointTarget, settings: Settings, apiKey: string): Promise<DoctorCheck[]> {
  if (settings.transport === 'http') return [ok(UPGRADE, 'not used: the transport setting is http (every request resends its context)')];
  const socket = new ResponsesSocket({
    baseUrl: target.baseUrl,
    apiKey,
    apiKeyHeader: settings.apiKeyHeader,
    query: settings.query,
    headers: settings.headers,
    ...(settings.organization && { organization: settings.organization }),
    ...(settings.project && { project: settings.project }),
    connectTimeoutMs: TIMEOUT_MS,
    firstEventTimeoutMs: TIMEOUT_MS,
    streamIdleTimeoutMs: TIMEOUT_MS,
  });
  const shown = websocketUrl(target.shown);
  try {
    const started = performance.now();
    try {
      await socket.connect();
    } catch (err) {
      return [upgradeFailure(err as TransportError, shown, settings.transport, target)];
    }
    const checks = [ok(UPGRADE, `${shown} upgraded in ${Math.round(performance.now() - started)} ms`)];
    const body = { model: settings.model, instructions: 'wsagent doctor', input: [], store: false, generate: false };
    const stream = socket.stream(body);
    let responseId: string;
    try {
      const terminal = await stream.done;
      responseId = terminal.response.id;
    } catch (err) {
      checks.push(requestFailure(WARMUP, err as TransportError, settings));
      return checks;
    }
    const { sendAt, doneAt } = stream.timings;
    const rtt = sendAt !== null && doneAt !== null ? Math.round(doneAt - sendAt) : null;
    checks.push(ok(WARMUP, `generate:false with ${settings.model}: ${rtt === null ? 'done' : `round trip ${rtt} ms`}`));
    checks.push(await probeLanes(socket, body));
    checks.push(await probeSteering(socket, responseId, settings.model));
    return checks;
  } finally {
    await socket.close();
  }
}

function upgradeFailure(err: TransportError, shown: string, transport: Settings['transport'], target: EndpointTarget): DoctorCheck {
  const failure = err.failure;
  if (failure?.kind === 'upgrade_refused') {
    const { status } = failure;
    if (status === 401 || status === 403)
      return fail(UPGRADE, `${shown}: ${status}, the server refuses the API key`, 'check the key and its header (apiKeyHeader)');
    const detail = `${shown}: the server answered ${status} instead of upgrading (${failure.error.message})`;
    // With transport auto a session goes on over HTTP; with ws it cannot start.
    if (transport === 'auto')
      return warn(UPGRADE, `${detail}; sessions fall back to HTTP`, 'nothing to do, or use a server with WebSocket mode for faster follow-up requests');
    return fail(UPGRADE, detail, `set transport to auto or http (\`wsagent config set transport auto\`), or use a server with WebSocket mode`);
  }
  const cause = failure?.kind === 'connect_failed' ? (failure.cause ?? (failure.timedOut ? 'timed out' : 'no connection')) : err.message;
  if (transport === 'auto')
    return warn(
      UPGRADE,
      `${shown}: ${cause}; sessions fall back to HTTP`,
      `check ${target.host}:${target.port} and any proxy between (set by ${target.setBy})`,
    );
  return fail(UPGRADE, `${shown}: ${cause}`, `check ${target.host}:${target.port} and any proxy between (set by ${target.setBy})`);
}

/** A request refused by the server (model, key, quota) or lost with its connection. */
export function requestFailure(name: string, err: TransportError, settings: Settings): DoctorCheck {
  const failure = err.failure;
  if (failure?.kind === 'api_error') {
    const { error } = failure;
    const what = `${error.code ?? error.kind}: ${error.message}`;
    if (error.kind === 'model_not_found')
      return fail(name, what, `choose a model the server serves: --model NAME or \`wsagent config set model NAME\` (now ${settings.model})`);
    if (error.kind === 'auth') return fail(name, what, 'check the key (`wsagent config set apiKey`) and its header (apiKeyHeader)');
    if (error.kind === 'quota') return fail(name, what, "the account is out of credit: check your provider's billing page");
    return fail(name, what, 'see the message; `wsagent --verbose` shows more when a session hits it');
  }
  return fail(name, err.message, 'check the connection to the server; run doctor again');
}
