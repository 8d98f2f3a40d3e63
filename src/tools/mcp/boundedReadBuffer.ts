// The read side of a stdio MCP connection, with a bound on one message. The SDK's own buffer
// (StdioClientTransport's ReadBuffer) gives up at 10 MB of unread bytes and closes the transport,
// which kills the server for one over-long answer, and it copies the whole buffer on every chunk.
// This one keeps the chunks of the current line, and a line that passes MAX_MESSAGE_BYTES is
// discarded as it streams in (only its first and last bytes are kept, to find its JSON-RPC id);
// its request is then answered locally with an error, so the call fails and the server lives on.
import { deserializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** The SDK's own limit (STDIO_DEFAULT_MAX_BUFFER_SIZE), now answered with an error instead of a dead server. */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
const KEEP_BYTES = 512;
/** The JSON-RPC error code of the local answer: a server error the SDK does not use itself (-32001 is its timeout). */
export const TOO_LARGE_CODE = -32_099;

export class BoundedReadBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  /** Set while an over-long line is being skipped: its start, its byte count, its latest bytes. */
  private skipping: { head: Buffer; bytes: number; tail: Buffer } | null = null;
  /** Complete lines (parsed when read, so a bad one fails alone) and local answers. */
  private ready: Array<string | JSONRPCMessage> = [];

  constructor(private readonly maxBytes = MAX_MESSAGE_BYTES) {}

  append(chunk: Buffer): void {
    let rest = chunk;
    while (rest.length > 0) {
      const nl = rest.indexOf(10);
      const part = nl === -1 ? rest : rest.subarray(0, nl);
      rest = nl === -1 ? Buffer.alloc(0) : rest.subarray(nl + 1);
      if (this.skipping) this.skip(part);
      else this.keep(part);
      if (nl !== -1) this.endLine();
    }
  }

  /** The next complete message, or null (throws for a line that is not JSON-RPC, as the SDK's does). */
  readMessage(): JSONRPCMessage | null {
    const next = this.ready.shift();
    if (next === undefined) return null;
    return typeof next === 'string' ? deserializeMessage(next) : next;
  }

  clear(): void {
    this.chunks = [];
    this.size = 0;
    this.skipping = null;
    this.ready = [];
  }

  private keep(part: Buffer): void {
    this.chunks.push(part);
    this.size += part.length;
    if (this.size <= this.maxBytes) return;
    const line = Buffer.concat(this.chunks);
    this.chunks = [];
    this.size = 0;
    this.skipping = { head: line.subarray(0, KEEP_BYTES), bytes: line.length, tail: line.subarray(-KEEP_BYTES) };
  }

  private skip(part: Buffer): void {
    const s = this.skipping!;
    s.bytes += part.length;
    s.tail = Buffer.concat([s.tail, part]).subarray(-KEEP_BYTES);
  }

  private endLine(): void {
    if (this.skipping) {
      const { head, bytes, tail } = this.skipping;
      this.skipping = null;
      const id = requestId(head.toString('utf8'), tail.toString('utf8'));
      if (id !== null) {
        const mb = (bytes / 1024 / 1024).toFixed(1);
        const limit = Math.round(this.maxBytes / 1024 / 1024);
        this.ready.push({
          jsonrpc: '2.0',
          id,
          error: { code: TOO_LARGE_CODE, message: `the answer is too large: ${mb} MB, over the ${limit} MB wsagent accepts in one MCP message` },
        } as JSONRPCMessage);
      }
      return;
    }
    const line = Buffer.concat(this.chunks).toString('utf8').replace(/\r$/, '');
    this.chunks = [];
    this.size = 0;
    if (line.trim() !== '') this.ready.push(line);
  }
}

/** The id of a JSON-RPC response from the start or the end of its line (the SDK puts it last). */
function requestId(head: string, tail: string): string | number | null {
  const atEnd = /"id"\s*:\s*(\d+|"(?:[^"\\]|\\.)*")\s*}\s*$/.exec(tail);
  const atStart = /^\s*\{\s*"jsonrpc"\s*:\s*"2\.0"\s*,\s*"id"\s*:\s*(\d+|"(?:[^"\\]|\\.)*")/.exec(head);
  const raw = atEnd?.[1] ?? atStart?.[1];
  if (raw === undefined) return null;
  return raw.startsWith('"') ? (JSON.parse(raw) as string) : Number(raw);
}
