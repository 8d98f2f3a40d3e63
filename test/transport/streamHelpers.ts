// Small helpers for transport tests: read a ResponseStream to its end, pick things out of it, and
// build request bodies from the shared scenario helpers (which are plain JSON, not SDK types).
import type { Response, ResponseFunctionToolCall, ServerEvent } from '../../src/protocol/index.js';
import { isTransportError, type ResponseCreateBody, type ResponseStream, type TransportError } from '../../src/transport/index.js';
import { TOOLS, userMessage } from '../helpers/scenarios.js';

export const MODEL = 'gpt-5.2';

export interface Collected {
  events: ServerEvent[];
  error: TransportError | undefined;
}

/** Reads every event; a TransportError ends the read and is returned, anything else is rethrown. */
export async function collect(stream: ResponseStream): Promise<Collected> {
  const events: ServerEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
    return { events, error: undefined };
  } catch (error) {
    if (!isTransportError(error)) throw error;
    return { events, error };
  }
}

/** The Response of the terminal event; fails the test when the stream did not complete. */
export function finalResponse(collected: Collected): Response {
  if (collected.error) throw collected.error;
  const last = collected.events.at(-1);
  if (!last || !('response' in last)) throw new Error(`no terminal event: ${JSON.stringify(last)}`);
  return last.response;
}

export function functionCalls(response: Response): ResponseFunctionToolCall[] {
  return response.output.filter((item): item is ResponseFunctionToolCall => item.type === 'function_call');
}

export function outputFor(call: ResponseFunctionToolCall, output: string): unknown {
  return { type: 'function_call_output', call_id: call.call_id, output };
}

/** A request body; the input items come from plain-JSON helpers, so they are cast once here. */
export function request(input: unknown[], extra: Partial<ResponseCreateBody> = {}): ResponseCreateBody {
  return {
    model: MODEL,
    store: false,
    tools: TOOLS as unknown as ResponseCreateBody['tools'],
    input: input as ResponseCreateBody['input'],
    ...extra,
  };
}

export const hello = (): unknown => userMessage('hi');

export function assistantText(response: Response): string {
  return response.output
    .flatMap((item) => (item.type === 'message' ? item.content : []))
    .map((part) => (part.type === 'output_text' ? part.text : ''))
    .join('');
}

/** Throws unless `error` is a TransportError (so its facts can be read without `!`). */
export function expectTransportError(error: TransportError | undefined): TransportError {
  if (!error) throw new Error('expected the stream to fail with a TransportError');
  return error;
}
