// Turns an output plan into the event sequence of protocol.md §3, each event stamped with the
// moment (relative to the start of processing) the model would produce it. Pacing over the
// network is the transport's job; this file only decides order, content and model time.
import type { ResponseStreamEvent, ResponseUsage } from '../protocol/index.js';
import type { WireResponse } from './responseObject.js';
import type { WireItem } from './conversation.js';
import { seal } from './encryptedContent.js';
import { newCallId, newCustomToolCallItemId, newFunctionCallItemId, newMessageId, newReasoningId } from './ids.js';
import type { OutputPlan } from './scriptedModel.js';
import { splitIntoTokens } from './tokens.js';
import { citationAnnotations, newWebSearchCallId, searchCallItem } from './webSearch.js';

export interface TimedEvent {
  /** Model time at which the event exists, ms after processing started. */
  atMs: number;
  event: ResponseStreamEvent;
  /** True for the first event that carries output content (time to first token). */
  firstDelta?: boolean;
  /** True once the first output item is done: where "mid-stream" faults strike. */
  midpoint?: boolean;
  /** Output (and reasoning) tokens produced up to this event: what a response cut here cost. */
  tokensSoFar?: { output: number; reasoning: number };
}

export interface StreamTiming {
  /** Time before the model starts producing output (context rebuild, store load, TTFT). */
  firstTokenMs: number;
  /** Time per output token. */
  msPerToken: number;
}

export interface BuiltStream {
  events: TimedEvent[];
  response: WireResponse;
  outputTokens: number;
  reasoningTokens: number;
}

interface BuildOptions {
  response: WireResponse;
  plan: OutputPlan;
  timing: StreamTiming;
  maxOutputTokens: number | null;
  includeEncryptedReasoning: boolean;
  /** Stream the reasoning as a summary (the request set `reasoning.summary`); else it stays hidden. */
  reasoningSummary: boolean;
  /** The request's `include` lists `web_search_call.action.sources`. */
  includeSearchSources?: boolean;
  usage: (outputTokens: number, reasoningTokens: number) => ResponseUsage;
}

export function buildStream(opts: BuildOptions): BuiltStream {
  const { plan, timing } = opts;
  const response = opts.response;
  const events: TimedEvent[] = [];
  let seq = 0;
  let clock = 0;
  let outputTokens = 0;
  let reasoningTokens = 0;
  let truncated = false;
  let sawDelta = false;
  const budget = opts.maxOutputTokens ?? Infinity;
  const output: WireItem[] = [];

  const emit = (event: Record<string, unknown>, extra: Partial<TimedEvent> = {}): void => {
    events.push({
      atMs: clock,
      event: { ...event, sequence_number: seq++ } as unknown as ResponseStreamEvent,
      tokensSoFar: { output: outputTokens, reasoning: reasoningTokens },
      ...extra,
    });
  };
  const snapshot = (): WireResponse => structuredClone({ ...response, output: [...output] }) as unknown as WireResponse;
  /** One output token produced: model time advances. */
  const tick = (): void => {
    clock += timing.msPerToken;
    outputTokens += 1;
  };
  const markFirstDelta = (): Partial<TimedEvent> => {
    if (sawDelta) return {};
    sawDelta = true;
    return { firstDelta: true };
  };

  emit({ type: 'response.created', response: snapshot() });
  emit({ type: 'response.in_progress', response: snapshot() });
  clock = timing.firstTokenMs;

  let outputIndex = 0;
  const finishItem = (item: WireItem): void => {
    output.push(item);
    emit({ type: 'response.output_item.done', output_index: outputIndex, item }, outputIndex === 0 ? { midpoint: true } : {});
    outputIndex++;
  };

  if (plan.compaction) {
    const item: WireItem = { id: plan.compaction.id, type: 'compaction', encrypted_content: plan.compaction.encrypted_content };
    emit({ type: 'response.output_item.added', output_index: outputIndex, item });
    finishItem(item);
  }

  if (plan.reasoning) {
    // The reasoning costs its tokens whether or not it is shown; only a requested summary streams.
    const id = newReasoningId();
    const item: WireItem = { id, type: 'reasoning', summary: [] };
    const shown = opts.reasoningSummary;
    emit({ type: 'response.output_item.added', output_index: outputIndex, item: { ...item } });
    if (shown)
      emit({
        type: 'response.reasoning_summary_part.added',
        item_id: id,
        output_index: outputIndex,
        summary_index: 0,
        part: { type: 'summary_text', text: '' },
      });
    let text = '';
    for (const token of splitIntoTokens(plan.reasoning)) {
      if (outputTokens >= budget) {
        truncated = true;
        break;
      }
      tick();
      reasoningTokens++;
      text += token;
      if (shown)
        emit({ type: 'response.reasoning_summary_text.delta', item_id: id, output_index: outputIndex, summary_index: 0, delta: token }, markFirstDelta());
    }
    if (shown) {
      emit({ type: 'response.reasoning_summary_text.done', item_id: id, output_index: outputIndex, summary_index: 0, text });
      emit({ type: 'response.reasoning_summary_part.done', item_id: id, output_index: outputIndex, summary_index: 0, part: { type: 'summary_text', text } });
    }
    const done: WireItem = { ...item, summary: shown ? [{ type: 'summary_text', text }] : [] };
    if (opts.includeEncryptedReasoning) done.encrypted_content = seal({ kind: 'reasoning', id, text: plan.reasoning });
    finishItem(done);
  }

  for (const call of plan.calls) {
    if (truncated || outputTokens >= budget) {
      truncated = true;
      break;
    }
    if (call.input !== undefined) {
      // A custom (freeform) tool call: the input streams as plain text, not JSON.
      const id = newCustomToolCallItemId();
      const callId = newCallId();
      emit({
        type: 'response.output_item.added',
        output_index: outputIndex,
        item: { id, type: 'custom_tool_call', call_id: callId, name: call.name, input: '' },
      });
      for (const token of splitIntoTokens(call.input)) {
        tick();
        emit({ type: 'response.custom_tool_call_input.delta', item_id: id, output_index: outputIndex, delta: token }, markFirstDelta());
      }
      emit({ type: 'response.custom_tool_call_input.done', item_id: id, output_index: outputIndex, input: call.input });
      finishItem({ id, type: 'custom_tool_call', call_id: callId, name: call.name, input: call.input });
      if (outputTokens >= budget) truncated = true;
      continue;
    }
    const id = newFunctionCallItemId();
    const callId = newCallId();
    emit({
      type: 'response.output_item.added',
      output_index: outputIndex,
      item: { id, type: 'function_call', status: 'in_progress', arguments: '', call_id: callId, name: call.name },
    });
    for (const token of splitIntoTokens(call.arguments)) {
      tick();
      emit({ type: 'response.function_call_arguments.delta', item_id: id, output_index: outputIndex, delta: token }, markFirstDelta());
    }
    emit({ type: 'response.function_call_arguments.done', item_id: id, output_index: outputIndex, name: call.name, arguments: call.arguments });
    finishItem({ id, type: 'function_call', status: 'completed', arguments: call.arguments, call_id: callId, name: call.name });
    if (outputTokens >= budget) truncated = true;
  }

  for (const search of plan.searches ?? []) {
    if (truncated) break;
    const id = newWebSearchCallId();
    emit({
      type: 'response.output_item.added',
      output_index: outputIndex,
      item: { id, type: 'web_search_call', status: 'in_progress', action: { type: 'search', query: search.query } },
    });
    for (const phase of ['in_progress', 'searching', 'completed']) {
      emit({ type: `response.web_search_call.${phase}`, item_id: id, output_index: outputIndex });
    }
    finishItem(searchCallItem(id, search, opts.includeSearchSources === true));
  }

  if (plan.message !== undefined && !truncated) {
    const id = newMessageId();
    emit({
      type: 'response.output_item.added',
      output_index: outputIndex,
      item: { id, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
    });
    emit({
      type: 'response.content_part.added',
      item_id: id,
      output_index: outputIndex,
      content_index: 0,
      part: { type: 'output_text', text: '', annotations: [], logprobs: [] },
    });
    let text = '';
    for (const token of splitIntoTokens(plan.message)) {
      if (outputTokens >= budget) {
        truncated = true;
        break;
      }
      tick();
      text += token;
      emit({ type: 'response.output_text.delta', item_id: id, output_index: outputIndex, content_index: 0, delta: token, logprobs: [] }, markFirstDelta());
    }
    const status = truncated ? 'incomplete' : 'completed';
    const annotations = citationAnnotations(text, plan.citations);
    for (const [annotationIndex, annotation] of annotations.entries()) {
      emit({
        type: 'response.output_text.annotation.added',
        item_id: id,
        output_index: outputIndex,
        content_index: 0,
        annotation_index: annotationIndex,
        annotation,
      });
    }
    const part = { type: 'output_text', text, annotations, logprobs: [] };
    emit({ type: 'response.output_text.done', item_id: id, output_index: outputIndex, content_index: 0, text, logprobs: [] });
    emit({ type: 'response.content_part.done', item_id: id, output_index: outputIndex, content_index: 0, part });
    finishItem({ id, type: 'message', status, role: 'assistant', content: [part] });
  }

  if (plan.refusal !== undefined && !truncated) {
    // A refusal is a message of its own whose one content part is the refusal (never output_text).
    const id = newMessageId();
    const empty = { type: 'refusal', refusal: '' };
    emit({
      type: 'response.output_item.added',
      output_index: outputIndex,
      item: { id, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
    });
    emit({ type: 'response.content_part.added', item_id: id, output_index: outputIndex, content_index: 0, part: empty });
    let refusal = '';
    for (const token of splitIntoTokens(plan.refusal)) {
      tick();
      refusal += token;
      emit({ type: 'response.refusal.delta', item_id: id, output_index: outputIndex, content_index: 0, delta: token }, markFirstDelta());
    }
    const part = { type: 'refusal', refusal };
    emit({ type: 'response.refusal.done', item_id: id, output_index: outputIndex, content_index: 0, refusal });
    emit({ type: 'response.content_part.done', item_id: id, output_index: outputIndex, content_index: 0, part });
    finishItem({ id, type: 'message', status: 'completed', role: 'assistant', content: [part] });
  }

  response.output = output as unknown as WireResponse['output'];
  response.usage = opts.usage(outputTokens, reasoningTokens);
  response.completed_at = Math.floor(Date.now() / 1000);
  if (truncated) {
    response.status = 'incomplete';
    response.incomplete_details = { reason: 'max_output_tokens' };
    emit({ type: 'response.incomplete', response: structuredClone(response) });
  } else {
    response.status = 'completed';
    emit({ type: 'response.completed', response: structuredClone(response) });
  }
  return { events, response, outputTokens, reasoningTokens };
}
