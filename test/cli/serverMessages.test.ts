// Bad servers give short, exact messages (issue 9.9): an error body is quoted on one line and at most
// ~300 characters, an HTML page is reduced to "the server answered 502 with an HTML page"; a 200 reply
// that is not an event stream says the server is not a Responses API server and what it sent; a failed
// connection names host, port and cause (refused, DNS, TLS, timeout) — on both transports.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpTransport, ResponsesSocket, type TransportError } from '../../src/transport/index.js';
import { runCli } from '../helpers/cli.js';

const BIG_HTML = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>${'<p>upstream went away</p>\n'.repeat(40_000)}</body></html>`;

let server: Server | undefined;
/** Upgrade requests' sockets: detached from the server, so closeAllConnections() misses them. */
const upgraded = new Set<import('node:net').Socket>();
afterEach(async () => {
  for (const socket of upgraded) socket.destroy();
  upgraded.clear();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handler(req, res));
  });
  // A WebSocket upgrade gets the same answer as a POST.
  server.on('upgrade', (req, socket) => {
    upgraded.add(socket as import('node:net').Socket);
    const res = new (class {
      head = '';
      writeHead(status: number, headers: Record<string, string>) {
        this.head = `HTTP/1.1 ${status} X\r\n${Object.entries(headers)
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('')}connection: close\r\n`;
        return this;
      }
      end(body: string) {
        socket.end(`${this.head}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      }
    })();
    handler(req, res as unknown as ServerResponse);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

function cliEnv(): NodeJS.ProcessEnv {
  return { OPENAI_API_KEY: 'sk-messages-test', WSAGENT_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'wsagent-msg-')), OPENAI_BASE_URL: '', WSAGENT_MODEL: '' };
}

async function exec(baseUrl: string, transport: 'ws' | 'http') {
  const cwd = mkdtempSync(join(tmpdir(), 'wsagent-msg-cwd-'));
  return runCli(['exec', '--transport', transport, '--base-url', baseUrl, '-C', cwd, 'hello'], { env: cliEnv(), timeoutMs: 30_000 });
}

const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('error:'));

async function failureOf(stream: { done: Promise<unknown> }): Promise<TransportError> {
  return stream.done.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: TransportError) => e,
  );
}

describe('error bodies', () => {
  it('a 1 MB HTML error page over HTTP: one short stderr line that says what it was', async () => {
    const base = await serve((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end(BIG_HTML.replace('502 Bad Gateway', '404 Not Found')));
    const r = await exec(base, 'http');
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual(['error: the API refused the request: the server answered 404 with an HTML page ("404 Not Found")']);
  });

  it('a 502 HTML page: the transports describe it in one line, over HTTP and for a refused upgrade', async () => {
    const base = await serve((_req, res) => res.writeHead(502, { 'content-type': 'text/html; charset=utf-8' }).end(BIG_HTML));
    const httpOptions = { baseUrl: base, apiKey: 'sk-x', retryBaseDelayMs: 1, retryMaxDelayMs: 1 };
    const http = await failureOf(new HttpTransport(httpOptions).stream({ model: 'gpt-5.2', input: [] } as never));
    expect(http.message).toBe('API error (HTTP 502): the server answered 502 with an HTML page ("502 Bad Gateway")');
    const socket = new ResponsesSocket({ baseUrl: base, apiKey: 'sk-x' });
    const ws = await failureOf(socket.stream({ model: 'gpt-5.2', input: [] } as never));
    expect(ws.message).toBe('WebSocket upgrade refused with HTTP 502: the server answered 502 with an HTML page ("502 Bad Gateway")');
    await socket.close();
  });

  it('a long plain-text or JSON error message is quoted on one line, cut near 300 characters', async () => {
    const long = `line one\n${'x'.repeat(5000)}`;
    const base = await serve((req, res) =>
      req.url?.includes('json')
        ? res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: long, type: 'invalid_request_error' } }))
        : res.writeHead(400, { 'content-type': 'text/plain' }).end(long),
    );
    for (const url of [base, `${base}/json`]) {
      const r = await exec(url, 'http');
      expect(r.code).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^error: the API refused the request: (the server answered 400: )?line one x+…$/);
      expect(lines[0]!.length).toBeLessThan(400);
    }
  });
});

describe('a 200 that is not an event stream', () => {
  it.each([
    ['text/html', '<html><body>Welcome to nginx!</body></html>'],
    ['application/json', '{"object":"list","data":[]}'],
  ])('%s: names the server and what it sent, one line, exit 4', async (type, body) => {
    const base = await serve((_req, res) => res.writeHead(200, { 'content-type': type }).end(body));
    const r = await exec(base, 'http');
    const port = new URL(base).port;
    expect(r.stderr.trim().split('\n')).toEqual([
      `error: the server at 127.0.0.1:${port} is not a Responses API server: it answered 200 with content type ${type}, not an event stream (check the base URL)`,
    ]);
    expect(r.code).toBe(4);
  });
});

describe('could not connect', () => {
  it.each(['ws', 'http'] as const)('%s: a refused first connection names host, port and cause, at once; exit 4', async (transport) => {
    const port = await closedPort();
    const r = await exec(`http://127.0.0.1:${port}/v1`, transport);
    expect(r.code).toBe(4);
    const errors = errorLines(r.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      new RegExp(
        `^error: could not connect to 127\\.0\\.0\\.1:${port} \\(connection refused\\); check the base URL \\(--base-url, OPENAI_BASE_URL\\) and that the server is running$`,
      ),
    );
    expect(r.stderr.trim().split('\n').at(-1)).toBe(errors[0]);
  });

  it('an unknown host is a DNS failure, named with its port', async () => {
    const r = await exec('http://no-such-host.invalid/v1', 'http');
    expect(r.code).toBe(4);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/^error: could not connect to no-such-host\.invalid:80 \(DNS lookup failed/)]);
  });

  it('TLS to a server that does not speak it: a TLS handshake failure, on both transports', async () => {
    const base = await serve((_req, res) => res.writeHead(200).end('plain'));
    const tls = base.replace('http://', 'https://');
    const where = new URL(tls).host;
    const socket = new ResponsesSocket({ baseUrl: tls, apiKey: 'sk-x' });
    const ws = await failureOf(socket.stream({ model: 'gpt-5.2', input: [] } as never));
    expect(ws.failure).toMatchObject({ kind: 'connect_failed', where, cause: expect.stringMatching(/^TLS handshake failed/) });
    expect(ws.message).toMatch(new RegExp(`^could not connect to ${where.replace(/\./g, '\\.')}: TLS handshake failed`));
    await socket.close();
    const httpOptions = { baseUrl: tls, apiKey: 'sk-x', retryBaseDelayMs: 1, retryMaxDelayMs: 1 };
    const http = await failureOf(new HttpTransport(httpOptions).stream({ model: 'gpt-5.2', input: [] } as never));
    expect(http.failure).toMatchObject({ kind: 'connect_failed', where, cause: expect.stringMatching(/^TLS handshake failed/) });
  });

  it('a connect timeout says so, with host and port', async () => {
    // A listener that never completes the upgrade: the socket's connect bound ends it.
    const base = await serve(() => undefined);
    const socket = new ResponsesSocket({ baseUrl: base, apiKey: 'sk-x', connectTimeoutMs: 200 });
    const ws = await failureOf(socket.stream({ model: 'gpt-5.2', input: [] } as never));
    expect(ws.failure).toMatchObject({ kind: 'connect_failed', timedOut: true, where: new URL(base).host });
    expect(ws.message).toBe(`could not connect to ${new URL(base).host}: timed out after 200 ms`);
    await socket.close();
  });
});
