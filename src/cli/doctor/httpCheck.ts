// The base URL answers HTTP: `GET /models` with the key, as the TUI's /model does. Any answer means
// the server is reachable; 401/403 means it refuses the key; the list says whether the configured
// model is served. A server without /models (some gateways) is a warning: only /model's pick list needs it.
import type { Settings } from '../../config/settings.js';
import { extraHeaders, keyHeader, splitBaseUrl } from '../../transport/endpoint.js';
import { connectCause, hostPort } from '../../transport/failureText.js';
import { type DoctorCheck, fail, ok, warn } from './doctorCheck.js';
import type { EndpointTarget } from './endpointTarget.js';

const NAME = 'base URL: HTTP';
const TIMEOUT_MS = 10_000;

/** The headers every request of a session carries: the key in its header, organisation, project, extras. */
export function requestHeaders(settings: Settings, apiKey: string): Record<string, string> {
  return {
    ...extraHeaders({ headers: settings.headers, apiKeyHeader: settings.apiKeyHeader }),
    ...keyHeader({ apiKey, apiKeyHeader: settings.apiKeyHeader }),
    ...(settings.organization && { 'OpenAI-Organization': settings.organization }),
    ...(settings.project && { 'OpenAI-Project': settings.project }),
  };
}

export interface HttpOutcome {
  check: DoctorCheck;
  /** False when nothing answered at all (the socket checks would only say the same). */
  reachable: boolean;
}

export async function checkHttp(target: EndpointTarget, settings: Settings, apiKey: string): Promise<HttpOutcome> {
  const { base, query } = splitBaseUrl(target.baseUrl, settings.query);
  const url = new URL(`${base}/models`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(url, { headers: requestHeaders(settings, apiKey), signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    const cause = (err as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : connectCause(err);
    return {
      reachable: false,
      check: fail(
        NAME,
        `GET ${target.shown}/models: ${cause} (${hostPort(target.baseUrl)})`,
        `start the server or correct the base URL (set by ${target.setBy})`,
      ),
    };
  }
  const ms = Math.round(performance.now() - started);
  const status = `GET /models → ${response.status} in ${ms} ms`;
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    // Asked without a key (the key row already says so), a refusal only shows the server is there.
    if (apiKey === '') return { reachable: true, check: ok(NAME, `${status}: the server is there and wants a key`) };
    return {
      reachable: true,
      check: fail(
        NAME,
        `${status}: the server refuses the API key`,
        'check the key (a new one from your provider; `wsagent config set apiKey`) and its header (apiKeyHeader)',
      ),
    };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return { reachable: true, check: warn(NAME, `${status}: the server answers, but lists no models`, 'nothing to do unless /model should offer a list') };
  }
  const ids = modelIds(await response.json().catch(() => null));
  if (ids === null)
    return {
      reachable: true,
      check: warn(NAME, `${status}, but not a model list`, `check that the base URL is the API's (it usually ends in /v1; set by ${target.setBy})`),
    };
  if (!ids.includes(settings.model)) {
    return {
      reachable: true,
      check: warn(
        NAME,
        `${status}, ${ids.length} models; ${settings.model} is not among them`,
        `choose a listed model: --model NAME or \`wsagent config set model NAME\``,
      ),
    };
  }
  return { reachable: true, check: ok(NAME, `${status}, ${ids.length} models, ${settings.model} among them`) };
}

function modelIds(body: unknown): string[] | null {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return null;
  return data.map((m) => (m as { id?: unknown }).id).filter((id): id is string => typeof id === 'string');
}
