// Where a steered response ends (protocol.md §11): the server finishes the output item it is
// writing when the steer lands, then ends the response. These functions rewrite a built stream
// (its events were computed ahead, each with its model time) so that it ends there.
import type { ResponseStreamEvent } from '../protocol/index.js';
import type { WireItem } from './conversation.js';
import type { BuiltStream, TimedEvent } from './eventStream.js';
import type { WireResponse } from './responseObject.js';

const TERMINAL_TYPES = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/** Index of the response's terminal event (the last event when there is none). */
export function terminalIndex(events: TimedEvent[]): number {
  const at = events.findIndex((e) => TERMINAL_TYPES.has(e.event.type));
  return at >= 0 ? at : events.length - 1;
}

/** Client-owned calls: the response cannot go on before the client answers them. */
export const isClientCall = (item: WireItem): boolean => item.type === 'function_call' || item.type === 'custom_tool_call';

type Fields = Record<string, unknown>;
const fields = (timed: TimedEvent): Fields => timed.event as unknown as Fields;
const timedAt = (atMs: number, like: TimedEvent, event: Fields): TimedEvent => ({
  atMs,
  event: { ...event, sequence_number: 0 } as unknown as ResponseStreamEvent,
  ...(like.tokensSoFar && { tokensSoFar: like.tokensSoFar }),
});

/** Closes a message at the steer: the text streamed so far becomes the whole item, `incomplete`. */
function closeMessage(kept: TimedEvent[], item: WireItem, outputIndex: number, atMs: number): TimedEvent[] {
  const id = String(item.id);
  const mine = kept.filter((e) => fields(e).item_id === id);
  const text = mine
    .filter((e) => e.event.type === 'response.output_text.delta')
    .map((e) => String(fields(e).delta))
    .join('');
  const part = { type: 'output_text', text, annotations: [], logprobs: [] };
  const last = kept[kept.length - 1]!;
  const where = { item_id: id, output_index: outputIndex, content_index: 0 };
  const out: TimedEvent[] = [];
  if (!mine.some((e) => e.event.type === 'response.content_part.added')) {
    out.push(timedAt(atMs, last, { type: 'response.content_part.added', ...where, part: { ...part, text: '' } }));
  }
  out.push(timedAt(atMs, last, { type: 'response.output_text.done', ...where, text, logprobs: [] }));
  out.push(timedAt(atMs, last, { type: 'response.content_part.done', ...where, part }));
  const done = { id, type: 'message', status: 'incomplete', role: 'assistant', content: [part] };
  out.push(timedAt(atMs, last, { type: 'response.output_item.done', output_index: outputIndex, item: done }));
  return out;
}

/**
 * Ends the stream for a steer that landed at model time `landingMs`, just after event `landed`
 * (every event up to it was produced before the steer arrived). The item being written then is
 * finished (`item`: to its end; `token`: a message is closed at once, a call or reasoning still
 * to its end); everything after is dropped. The response then ends `completed` when it holds a
 * client-owned call (the tool-call path) or nothing was dropped, else `incomplete` with reason
 * `steered`. A failed stream is left alone (it fails; the steers fail after it).
 */
export function endAtBoundary(stream: BuiltStream, landed: number, landingMs: number, boundary: 'item' | 'token'): void {
  const events = stream.events;
  const end = terminalIndex(events);
  if (events[end]?.event.type === 'response.failed') return;
  let open: { item: WireItem; outputIndex: number } | null = null;
  for (const timed of events.slice(0, landed + 1)) {
    const e = fields(timed);
    if (timed.event.type === 'response.output_item.added') open = { item: e.item as WireItem, outputIndex: Number(e.output_index) };
    else if (timed.event.type === 'response.output_item.done') open = null;
  }
  let kept: TimedEvent[];
  let rewritten = false;
  if (!open) {
    kept = events.slice(0, landed + 1);
  } else if (boundary === 'token' && open.item.type === 'message') {
    kept = events.slice(0, landed + 1);
    kept.push(...closeMessage(kept, open.item, open.outputIndex, landingMs));
    rewritten = true;
  } else {
    const outputIndex = open.outputIndex;
    const done = events.findIndex((e, i) => i > landed && e.event.type === 'response.output_item.done' && fields(e).output_index === outputIndex);
    kept = events.slice(0, (done >= 0 ? done : end - 1) + 1);
  }
  // Nothing dropped: the response ends as it would have (`completed`, it finished first).
  if (!rewritten && kept.length >= end) return;

  const output = kept.filter((e) => e.event.type === 'response.output_item.done').map((e) => fields(e).item as WireItem);
  const last = kept[kept.length - 1]!;
  const tokens = last.tokensSoFar ?? { output: 0, reasoning: 0 };
  const toolCallPath = output.some(isClientCall);
  const response: WireResponse = stream.response;
  response.output = output as unknown as WireResponse['output'];
  response.status = toolCallPath ? 'completed' : 'incomplete';
  response.incomplete_details = (toolCallPath ? null : { reason: 'steered' }) as WireResponse['incomplete_details'];
  if (response.usage) {
    response.usage = {
      ...response.usage,
      output_tokens: tokens.output,
      output_tokens_details: { reasoning_tokens: tokens.reasoning },
      total_tokens: response.usage.input_tokens + tokens.output,
    };
  }
  stream.outputTokens = tokens.output;
  stream.reasoningTokens = tokens.reasoning;
  const terminal = { type: toolCallPath ? 'response.completed' : 'response.incomplete', response: structuredClone(response) };
  stream.events = [...kept, timedAt(Math.max(landingMs, last.atMs), last, terminal)];
}
