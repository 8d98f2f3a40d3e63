// Shared pieces of the steering tests (protocol.md §11): a raw socket's events as they arrive,
// waiting for one without sleeping, and the steer frame itself.
import type { RawSocket } from '../helpers/rawSocket.js';

export type Json = Record<string, any>;

/** Every parsed event the socket received, in order. */
export const eventsOf = (s: RawSocket): Json[] => s.frames.flatMap((f) => (f.json ? [f.json as Json] : []));

/** Polls until `probe` returns something (the socket's frames arrive on their own). */
export async function until<T>(probe: () => T | undefined | false | null, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false && value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The nth event (1-based) of a type, once it arrived. */
export const nthOf = (s: RawSocket, type: string, n = 1): Promise<Json> => until(() => eventsOf(s).filter((e) => e.type === type)[n - 1], `${type} #${n}`);

/** Sends `response.steer` with exactly the three fields. */
export function steer(s: RawSocket, previousResponseId: string, input: unknown): void {
  s.sendRaw(JSON.stringify({ type: 'response.steer', previous_response_id: previousResponseId, input }));
}

/** The events of one response, by its id: from its response.created to its terminal event, steer events included. */
export function eventsOfResponse(s: RawSocket, id: string): Json[] {
  const all = eventsOf(s);
  const start = all.findIndex((e) => e.type === 'response.created' && e.response.id === id);
  if (start < 0) return [];
  const out: Json[] = [];
  for (const e of all.slice(start)) {
    if (e !== all[start] && e.type === 'response.created') break;
    out.push(e);
  }
  return out;
}

export const textOf = (response: Json): string =>
  (response.output as Json[])
    .filter((i) => i.type === 'message')
    .map((i) => (i.content as Json[]).map((c) => c.text).join(''))
    .join('');

export const LONG_ANSWER = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
