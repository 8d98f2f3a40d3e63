// The stdio read buffer that bounds one MCP message: lines split across chunks, an over-long line
// skipped as it streams and answered with an error for its request id, a bad line failing alone.
import { describe, expect, it } from 'vitest';
import { BoundedReadBuffer, TOO_LARGE_CODE } from '../../../src/tools/mcp/boundedReadBuffer.js';

const drain = (buffer: BoundedReadBuffer) => {
  const out: unknown[] = [];
  for (let m = buffer.readMessage(); m !== null; m = buffer.readMessage()) out.push(m);
  return out;
};

describe('BoundedReadBuffer', () => {
  it('joins a message split across chunks and reads several from one chunk', () => {
    const buffer = new BoundedReadBuffer(1000);
    buffer.append(Buffer.from('{"jsonrpc":"2.0","id":1,"res'));
    expect(drain(buffer)).toEqual([]);
    buffer.append(Buffer.from('ult":{}}\n{"jsonrpc":"2.0","id":2,"result":{}}\r\n'));
    expect(drain(buffer)).toEqual([
      { jsonrpc: '2.0', id: 1, result: {} },
      { jsonrpc: '2.0', id: 2, result: {} },
    ]);
  });

  it('answers an over-long message with an error for its id (first or last in the line) and goes on', () => {
    const buffer = new BoundedReadBuffer(100);
    const long = `{"result":{"content":[{"type":"text","text":"${'x'.repeat(500)}"}]},"jsonrpc":"2.0","id":7}`;
    for (let i = 0; i < long.length; i += 64) buffer.append(Buffer.from(long.slice(i, i + 64)));
    buffer.append(Buffer.from(`\n{"jsonrpc":"2.0","id":"a\\"b","result":{"text":"${'y'.repeat(200)}"}}\n{"jsonrpc":"2.0","id":9,"result":{}}\n`));
    const [first, second, third] = drain(buffer) as Array<{ id: unknown; error?: { code: number; message: string } }>;
    expect(first).toMatchObject({ id: 7, error: { code: TOO_LARGE_CODE } });
    expect(first!.error!.message).toMatch(/^the answer is too large: 0\.0 MB/);
    expect(second).toMatchObject({ id: 'a"b', error: { code: TOO_LARGE_CODE } });
    expect(third).toEqual({ jsonrpc: '2.0', id: 9, result: {} });
  });

  it('a line that is not JSON-RPC fails when read, alone', () => {
    const buffer = new BoundedReadBuffer(1000);
    buffer.append(Buffer.from('not json\n{"jsonrpc":"2.0","id":3,"result":{}}\n'));
    expect(() => buffer.readMessage()).toThrow();
    expect(buffer.readMessage()).toEqual({ jsonrpc: '2.0', id: 3, result: {} });
  });
});
