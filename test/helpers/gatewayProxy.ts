// An Azure-style gateway in front of the simulator: every request (HTTP POST or WebSocket upgrade)
// must carry the query parameter and the key header it requires, and no Authorization header; it
// records what each request carried, refuses the rest with 401, and forwards the others unchanged.
// Without requirements it only records: every HTTP body and every frame a client sends, as sent.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import type { Simulator } from '../../src/simulator/index.js';

export interface SeenRequest {
  kind: 'http' | 'upgrade';
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  accepted: boolean;
}

/** A request body as it went over the wire: an HTTP POST's JSON, or a client's WebSocket frame. */
export interface SeenBody {
  kind: 'http' | 'ws';
  path: string;
  json: Record<string, unknown>;
}

export interface GatewayRequirements {
  query: Record<string, string>;
  keyHeader: string;
  key: string;
}

export interface Gateway {
  baseUrl: string;
  seen: SeenRequest[];
  bodies: SeenBody[];
  close(): Promise<void>;
}

export async function startGateway(sim: Simulator, must?: GatewayRequirements): Promise<Gateway> {
  const seen: SeenRequest[] = [];
  const bodies: SeenBody[] = [];
  const keep = (kind: SeenBody['kind'], path: string, data: Buffer | string): void => {
    try {
      bodies.push({ kind, path, json: JSON.parse(data.toString()) as Record<string, unknown> });
    } catch {
      // not JSON: nothing to record
    }
  };
  const check = (req: IncomingMessage, kind: SeenRequest['kind']): boolean => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    const query = Object.fromEntries(url.searchParams);
    const accepted =
      must === undefined ||
      (Object.entries(must.query).every(([k, v]) => query[k] === v) &&
        req.headers[must.keyHeader.toLowerCase()] === must.key &&
        req.headers.authorization === undefined);
    seen.push({ kind, method: req.method ?? '', path: url.pathname, query, headers: req.headers, accepted });
    return accepted;
  };
  const refusal = JSON.stringify({
    error: { message: 'Access denied due to missing subscription key or api-version.', type: 'invalid_request_error', code: '401' },
  });
  const upstreamOrigin = new URL(sim.baseUrl).origin;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (!check(req, 'http')) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(refusal);
        return;
      }
      // The gateway serves under /openai/v1; the simulator under /v1.
      const path = new URL(req.url ?? '/', 'http://gateway').pathname.replace(/^\/openai/, '');
      keep('http', path, Buffer.concat(chunks));
      void fetch(`${upstreamOrigin}${path}`, {
        method: req.method ?? 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-upstream' },
        body: Buffer.concat(chunks),
      }).then(
        async (upstream) => {
          res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
          if (upstream.body) for await (const chunk of upstream.body) res.write(chunk);
          res.end();
        },
        () => res.writeHead(502).end(),
      );
    });
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (!check(req, 'upgrade')) {
      socket.end(
        `HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(refusal)}\r\nconnection: close\r\n\r\n${refusal}`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (client) => {
      const upstream = new WebSocket(sim.wsUrl, { headers: { authorization: 'Bearer sk-upstream' } });
      const pending: Array<[WebSocket.RawData, boolean]> = [];
      client.on('message', (data, isBinary) => {
        if (!isBinary) keep('ws', '/v1/responses', Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]));
        if (upstream.readyState === WebSocket.OPEN) upstream.send(data, { binary: isBinary });
        else pending.push([data, isBinary]);
      });
      upstream.on('open', () => {
        for (const [data, isBinary] of pending.splice(0)) upstream.send(data, { binary: isBinary });
      });
      upstream.on('message', (data, isBinary) => client.send(data, { binary: isBinary }));
      upstream.on('close', () => client.close());
      upstream.on('error', () => client.terminate());
      client.on('close', () => upstream.close());
      client.on('error', () => upstream.terminate());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/openai/v1`,
    seen,
    bodies,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
