// A deliberately plain WebSocket client for simulator tests: it sends frames and collects what
// comes back, with no recovery logic of its own, so tests see exactly what the server did.
import WebSocket from 'ws';

export interface Frame {
  /** Parsed JSON, or null when the frame was binary or not JSON. */
  json: Record<string, unknown> | null;
  raw: string;
  binary: boolean;
}

export interface CollectedResponse {
  events: Record<string, unknown>[];
  frames: Frame[];
  /** The terminal event, the request-error event, or null when the socket closed first. */
  end: Record<string, unknown> | null;
  closed: boolean;
}

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);

export class RawSocket {
  readonly frames: Frame[] = [];
  private waiters: Array<() => void> = [];
  closeCode: number | null = null;
  closeReason = '';
  readonly closed: Promise<number>;
  private cursor = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      const raw = Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8');
      let json: Record<string, unknown> | null = null;
      if (!isBinary) {
        try {
          json = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          json = null;
        }
      }
      this.frames.push({ json, raw, binary: isBinary });
      this.wake();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closeCode = code;
        this.closeReason = reason.toString();
        this.wake();
        resolve(code);
      });
    });
    ws.on('error', () => undefined);
  }

  static connect(url: string, headers: Record<string, string> = {}): Promise<RawSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      ws.once('open', () => resolve(new RawSocket(ws)));
      ws.once('unexpected-response', (_req, res) => {
        reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { statusCode: res.statusCode }));
      });
      ws.once('error', reject);
    });
  }

  /** Sends a response.create (the `type` is added). Returns the frame's byte size. */
  create(body: Record<string, unknown>): number {
    const json = JSON.stringify({ type: 'response.create', ...body });
    this.ws.send(json);
    return Buffer.byteLength(json);
  }

  sendRaw(data: string | Buffer, binary = false): void {
    this.ws.send(data, { binary });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  private async nextFrame(timeoutMs: number): Promise<Frame | null> {
    const deadline = Date.now() + timeoutMs;
    while (this.cursor >= this.frames.length) {
      if (this.closeCode !== null) return null;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no frame within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.frames[this.cursor++]!;
  }

  /** Collects frames until a terminal event, a request-error event, or the close. */
  async response(timeoutMs = 10_000): Promise<CollectedResponse> {
    const out: CollectedResponse = { events: [], frames: [], end: null, closed: false };
    for (;;) {
      const frame = await this.nextFrame(timeoutMs);
      if (!frame) {
        out.closed = true;
        return out;
      }
      out.frames.push(frame);
      if (!frame.json) continue;
      out.events.push(frame.json);
      const type = frame.json.type as string;
      // A streaming error (with sequence_number) is followed by response.failed; a request error is final.
      if (TERMINAL.has(type) || (type === 'error' && frame.json.sequence_number === undefined)) {
        out.end = frame.json;
        return out;
      }
    }
  }

  close(): void {
    this.ws.close();
  }
}

/** The Response object of a terminal event. */
export function responseOf(collected: CollectedResponse): Record<string, any> {
  const end = collected.end as { response?: Record<string, any> } | null;
  if (!end?.response) throw new Error(`no terminal response: ${JSON.stringify(collected.end ?? collected.events.at(-1))}`);
  return end.response;
}

/** function_call_output items answering every call of a response. */
export function outputsFor(response: Record<string, any>, output = 'ok'): Record<string, unknown>[] {
  return (response.output as Array<Record<string, any>>)
    .filter((i) => i.type === 'function_call')
    .map((i) => ({ type: 'function_call_output', call_id: i.call_id, output }));
}
