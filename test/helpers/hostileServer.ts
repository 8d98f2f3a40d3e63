// A deliberately small Responses server for the failures the simulator does not script: it answers
// each request the way the test says (a proper response, silence, one unknown event, a 500, a cut
// socket) and counts what arrived, so tests assert on what went over the wire. Pings are answered
// (`ws` does that by itself), so the connection looks alive however silent the response is.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export type Behaviour =
  /** A complete response: response.created, the message's text delta, response.completed. */
  | 'respond'
  /** Nothing at all (HTTP: the status line and headers, then nothing). */
  | 'silent'
  /** HTTP: not even the status line. */
  | 'no_headers'
  /** One event of a type nobody knows, then nothing. */
  | 'unknown_event'
  /** response.created, then nothing. */
  | 'created_then_silent'
  /** HTTP: 500 with a JSON error body. */
  | 'error_500'
  /** HTTP: the TCP connection is destroyed without an answer. */
  | 'destroy'
  /** HTTP: a complete response whose body is never ended (until the server closes). */
  | 'respond_keep_open'
  /** A complete response with one line of invalid JSON among its events (after the first delta). */
  | 'garbled_frame';

export interface Arrival {
  transport: 'ws' | 'http';
  /** `/v1/responses` or `/v1/responses/compact` (the socket: always `/v1/responses`). */
  path: string;
  /** The socket connection (1, 2, …); 0 over HTTP. */
  connection: number;
  body: Record<string, unknown>;
  /** performance.now() when the request arrived. */
  at: number;
}

export interface HostileServer {
  baseUrl: string;
  /** Every request, warm-ups (generate:false) included, in arrival order. */
  arrivals: Arrival[];
  /** Requests that generate (not warm-ups) on /v1/responses. */
  real(): Arrival[];
  connections: number;
  close(): Promise<void>;
}

/**
 * `decide(arrival, n)` picks the behaviour of the nth (1-based) real request (warm-ups always get a
 * proper empty response, so the session's connect succeeds); compaction requests pass n = 0.
 */
export async function startHostileServer(decide: (arrival: Arrival, n: number) => Behaviour): Promise<HostileServer> {
  const arrivals: Arrival[] = [];
  const sockets = new Set<WebSocket>();
  let connections = 0;
  let real = 0;
  let ids = 0;
  const behaviourFor = (arrival: Arrival): Behaviour => {
    arrivals.push(arrival);
    if (arrival.path.endsWith('/compact')) return decide(arrival, 0);
    if (arrival.body.generate === false) return 'respond';
    return decide(arrival, ++real);
  };

  const server: Server = createServer((req, res) => {
    readBody(req).then((text) => {
      const body = JSON.parse(text || '{}') as Record<string, unknown>;
      const arrival: Arrival = { transport: 'http', path: req.url ?? '', connection: 0, body, at: performance.now() };
      const behaviour = behaviourFor(arrival);
      answerHttp(res, behaviour, arrival, `resp_${++ids}`);
    });
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = ++connections;
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => {
        const body = JSON.parse(data.toString()) as Record<string, unknown>;
        const arrival: Arrival = { transport: 'ws', path: '/v1/responses', connection, body, at: performance.now() };
        const behaviour = behaviourFor(arrival);
        for (const event of eventsFor(behaviour, arrival, `resp_${++ids}`))
          ws.send(event.type === GARBLED ? '{"type":"response.output_text.delta","delta":' : JSON.stringify(event));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    arrivals,
    real: () => arrivals.filter((a) => a.body.generate !== false && !a.path.endsWith('/compact')),
    get connections() {
      return connections;
    },
    close: async () => {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => resolve(text));
  });
}

function answerHttp(res: ServerResponse, behaviour: Behaviour, arrival: Arrival, id: string): void {
  switch (behaviour) {
    case 'no_headers':
      return;
    case 'destroy':
      res.socket?.destroy();
      return;
    case 'error_500':
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'server_error', code: 'server_error', message: 'The server had an error.', param: null } }));
      return;
  }
  if (arrival.path.endsWith('/compact')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(compactedResponse(arrival)));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
  const events = eventsFor(behaviour, arrival, id);
  for (const event of events) {
    if (event.type === GARBLED) res.write('event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":\n\n');
    else res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  }
  if (behaviour === 'respond' || behaviour === 'garbled_frame') res.end();
}

/** Stands for the line of invalid JSON in `garbled_frame`; each transport writes it its own way. */
const GARBLED = 'test.garbled';

/** The events a behaviour sends, in order; a silent behaviour simply sends fewer. */
function eventsFor(behaviour: Behaviour, arrival: Arrival, id: string): Array<{ type: string } & Record<string, unknown>> {
  const warmup = arrival.body.generate === false;
  const text = `answer ${id}`;
  const output = warmup
    ? []
    : [{ type: 'message', id: `msg_${id}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] }];
  const response = (status: string, out: unknown[]) => ({
    id,
    object: 'response',
    created_at: 0,
    status,
    model: String(arrival.body.model ?? 'gpt-5.2'),
    output: out,
    usage: { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 3, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 13 },
  });
  const created = { type: 'response.created', sequence_number: 0, response: response('in_progress', []) };
  switch (behaviour) {
    case 'silent':
    case 'no_headers':
    case 'error_500':
    case 'destroy':
      return [];
    case 'unknown_event':
      return [{ type: 'server.thinking_about_it', sequence_number: 0 }];
    case 'created_then_silent':
      return [created];
    case 'respond':
    case 'respond_keep_open':
    case 'garbled_frame': {
      const garbled = behaviour === 'garbled_frame' && !warmup;
      const half = text.length >> 1;
      const delta = (part: string, n: number) => ({
        type: 'response.output_text.delta',
        sequence_number: n,
        item_id: `msg_${id}`,
        output_index: 0,
        content_index: 0,
        delta: part,
      });
      return [
        created,
        ...(warmup ? [] : garbled ? [delta(text.slice(0, half), 1), { type: GARBLED }, delta(text.slice(half), 2)] : [delta(text, 1)]),
        ...output.map((item, index) => ({ type: 'response.output_item.done', sequence_number: 2, output_index: index, item })),
        { type: 'response.completed', sequence_number: 3, response: response('completed', output) },
      ];
    }
  }
}

function compactedResponse(arrival: Arrival): Record<string, unknown> {
  const input = (arrival.body.input as unknown[]) ?? [];
  return {
    id: 'cmp_1',
    object: 'response.compaction',
    created_at: 0,
    output: [...input.filter((i) => (i as { role?: string }).role === 'user'), { type: 'compaction', id: 'cmp_item_1', encrypted_content: 'opaque' }],
    usage: { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 3, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 13 },
  };
}
