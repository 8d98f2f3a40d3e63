// createSimulator(): one loopback port serving the Responses API as protocol.md describes —
// WebSocket mode on /v1/responses, HTTP streaming, compaction, models — with a scripted model,
// a network profile, scheduled faults and a request log.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { invalidApiKey, type ApiError } from './apiErrors.js';
import { FaultSchedule, type FaultSpec, parseFault } from './faults.js';
import { handleHttp, sendApiError, sendJson } from './httpApi.js';
import { type NetworkProfile, resolveProfile } from './profiles.js';
import { RequestLog, type RequestLogEntry } from './requestLog.js';
import { DEFAULT_MODELS } from './modelList.js';
import { loadScenario, type Scenario } from './scenario.js';
import type { SimulatorSettings, SimulatorState } from './simulatorState.js';
import { SimSocketConnection } from './socketConnection.js';
import { ResponseStore } from './stateStores.js';

export interface SimulatorOptions extends Partial<SimulatorSettings> {
  host?: string;
  /** 0 (default) lets the OS choose. */
  port?: number;
  /**
   * A built-in scenario name, a path to a scenario file, or a scenario object; null for the model
   * that uses the tools each request offers (`rounds` of calls, then an answer). Default `coding`.
   */
  scenario?: string | Scenario | null;
  profile?: string | Partial<NetworkProfile>;
  /** Fault specs (see faults.ts) or parsed faults. */
  faults?: Array<string | FaultSpec>;
  /** Write the request log as JSONL to this file too. */
  logFile?: string;
  /** Offer permessage-deflate to clients that ask for it. */
  perMessageDeflate?: boolean;
}

export interface Simulator {
  /** HTTP base URL, e.g. http://127.0.0.1:41234/v1 */
  baseUrl: string;
  /** WebSocket URL, e.g. ws://127.0.0.1:41234/v1/responses */
  wsUrl: string;
  port: number;
  log: RequestLog;
  state: SimulatorState;
  /** Schedules another fault while running (request numbers count from the start). */
  injectFault(fault: string | FaultSpec): void;
  /** Open WebSocket connections. */
  connections(): SimSocketConnection[];
  close(): Promise<void>;
}

export const DEFAULT_SETTINGS: SimulatorSettings = {
  limitMs: 60 * 60 * 1000,
  limitClose: 'close',
  limitCloseCode: 1000,
  limitNotifyIdle: false,
  errorStatusField: 'status',
  sseDone: false,
  apiKey: null,
  apiKeyHeader: null,
  requireQuery: {},
  encryptedReasoning: 'include',
  streamErrorShape: 'flat',
  rounds: 2,
  lanes: true,
  steering: true,
  laneMaxInFlight: 16,
  laneMaxStreams: 32,
  models: DEFAULT_MODELS,
  anyModel: false,
  contextWindow: null,
  unknownEvents: 'ignore',
  steerableModels: ['gpt-6*'],
  steerMaxPending: 8,
  steerSuccessorPrevious: 'parent',
  steerBoundary: 'item',
};

function authorised(state: SimulatorState, req: IncomingMessage): boolean {
  const { apiKey, apiKeyHeader } = state.settings;
  if (apiKeyHeader) {
    // As Azure: the key travels verbatim in its own header; one sent as a bearer token is not read.
    const given = req.headers[apiKeyHeader.toLowerCase()];
    if (typeof given !== 'string' || given === '') return false;
    return apiKey ? given === apiKey : true;
  }
  if (!apiKey) return true;
  return req.headers.authorization === `Bearer ${apiKey}`;
}

/** Azure's answer to a request without its required query parameters (e.g. `api-version`). */
const AZURE_NOT_FOUND = { error: { code: '404', message: 'Resource not found' } };

function hasRequiredQuery(state: SimulatorState, req: IncomingMessage): boolean {
  const query = new URL(req.url ?? '/', 'http://sim').searchParams;
  return Object.entries(state.settings.requireQuery).every(([key, value]) => query.get(key) === value);
}

/** Refuses an upgrade with a plain HTTP response on the raw socket. */
function refuseUpgrade(socket: Socket, status: number, reason: string, body: unknown): void {
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
  );
}

const UPGRADE_REFUSALS: Record<string, [number, string]> = {
  upgrade_426: [426, 'Upgrade Required'],
  upgrade_404: [404, 'Not Found'],
  upgrade_405: [405, 'Method Not Allowed'],
  upgrade_403: [403, 'Forbidden'],
};

export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const settings: SimulatorSettings = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as Array<keyof SimulatorSettings>) {
    if (options[key] !== undefined) (settings as unknown as Record<string, unknown>)[key] = options[key];
  }
  const scenario = options.scenario === null ? null : typeof options.scenario === 'object' ? options.scenario : loadScenario(options.scenario ?? 'coding');
  const startedAt = performance.now();
  let requestNo = 0;
  let connectionNo = 0;
  const laneRequests = new Map<string, number>();
  let steerNo = 0;
  const laneSteers = new Map<string, number>();
  const countIn = (counts: Map<string, number>, key: string): number => {
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    return n;
  };
  const faults = (options.faults ?? []).map((f) => (typeof f === 'string' ? parseFault(f) : f));
  const state: SimulatorState = {
    settings,
    scenario,
    profile: resolveProfile(options.profile),
    store: new ResponseStore(),
    faults: new FaultSchedule(faults),
    log: new RequestLog(options.logFile),
    startedAt,
    nextRequestNo: () => ++requestNo,
    nextConnectionNo: () => ++connectionNo,
    nextLaneRequestNo: (streamId) => countIn(laneRequests, streamId),
    nextSteerNo: () => ++steerNo,
    nextLaneSteerNo: (streamId) => countIn(laneSteers, streamId),
    elapsed: () => performance.now() - startedAt,
  };

  const open = new Set<SimSocketConnection>();
  // Pongs are sent by SimSocketConnection, so that a `silent` connection can stop answering.
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: options.perMessageDeflate ?? false, autoPong: false });
  const server: Server = createServer((req, res) => {
    if (!hasRequiredQuery(state, req)) {
      const entry = refusalEntry(state, null);
      entry.transport = 'http';
      entry.kind = req.url?.includes('/compact') ? 'compact' : 'response';
      entry.httpStatus = 404;
      sendJson(res, 404, AZURE_NOT_FOUND);
      state.log.record(entry);
      return;
    }
    if (!authorised(state, req)) {
      const entry = refusalEntry(state, null);
      entry.transport = 'http';
      entry.kind = req.url?.includes('/compact') ? 'compact' : 'response';
      entry.httpStatus = 401;
      entry.errorCode = 'invalid_api_key';
      sendApiError(res, invalidApiKey());
      state.log.record(entry);
      return;
    }
    handleHttp(state, req, res).catch((err: unknown) => {
      const error: ApiError = {
        status: 500,
        error: { type: 'server_error', code: 'server_error', message: `simulator: ${(err as Error).message}`, param: null },
      };
      if (!res.headersSent) sendApiError(res, error);
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => undefined);
    const path = new URL(req.url ?? '/', 'http://sim').pathname.replace(/\/+$/, '');
    const id = state.nextConnectionNo();
    const refuseAndLog = (status: number, reason: string, body: unknown, code: string | null, fault: string | null): void => {
      refuseUpgrade(socket, status, reason, body);
      state.log.record({ ...refusalEntry(state, id), httpStatus: status, errorCode: code, fault });
    };
    if (path !== '/v1/responses') {
      refuseAndLog(404, 'Not Found', { error: { type: 'invalid_request_error', code: null, message: `Invalid URL (GET ${path})`, param: null } }, null, null);
      return;
    }
    if (!hasRequiredQuery(state, req)) {
      refuseAndLog(404, 'Not Found', AZURE_NOT_FOUND, null, null);
      return;
    }
    if (!authorised(state, req)) {
      refuseAndLog(401, 'Unauthorized', { error: invalidApiKey().error }, 'invalid_api_key', null);
      return;
    }
    const fault = state.faults.forUpgrade(id, state.elapsed());
    const refusal = fault ? UPGRADE_REFUSALS[fault.kind] : undefined;
    if (refusal) {
      const [status, reason] = refusal;
      const message = status === 426 ? 'WebSocket mode is not available on this endpoint; use HTTP.' : reason;
      refuseAndLog(status, reason, { error: { type: 'invalid_request_error', code: null, message, param: null } }, null, fault!.kind);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (fault?.kind === 'accept_close') {
        ws.close(1011, 'server closed the connection');
        state.log.record({ ...refusalEntry(state, id), httpStatus: 101, fault: fault.kind });
        return;
      }
      const connection = new SimSocketConnection(state, ws, id);
      open.add(connection);
      ws.on('close', () => open.delete(connection));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const baseUrl = `http://${host}:${address.port}/v1`;

  return {
    baseUrl,
    wsUrl: `ws://${host}:${address.port}/v1/responses`,
    port: address.port,
    log: state.log,
    state,
    injectFault: (fault) => state.faults.add(typeof fault === 'string' ? parseFault(fault) : fault),
    connections: () => [...open],
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A log line for an upgrade or request refused before any response ran. */
function refusalEntry(state: SimulatorState, connectionId: number | null): RequestLogEntry {
  return {
    seq: 0,
    kind: 'upgrade',
    transport: 'ws',
    connectionId,
    receivedAt: Math.round(state.elapsed()),
    bytesUp: 0,
    bytesDown: 0,
    model: null,
    store: null,
    generate: false,
    previousResponseId: null,
    responseId: null,
    inputMode: 'full',
    cache: 'none',
    continuedFromCache: false,
    streamId: null,
    forked: false,
    forkedFrom: null,
    inputItems: 0,
    inputTypes: [],
    functionCallOutputIds: [],
    step: null,
    branch: null,
    status: 'refused',
    httpStatus: null,
    errorCode: null,
    fault: null,
    usage: null,
    timings: { uplinkMs: 0, serverMs: 0, firstEventMs: null, firstDeltaMs: null, doneMs: null },
  };
}
