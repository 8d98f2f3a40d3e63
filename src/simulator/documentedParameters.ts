// The one list of request parameters the Responses API documents (protocol.md §2 and the `openai`
// SDK's ResponseCreateParams / ResponsesClientEvent). Anything else at the top level of a request
// is refused as the real service refuses it: `400 Unknown parameter: 'foo'.`
//
// The lists are typed against the SDK: when the package learns a new parameter, the typecheck
// fails here until it is added, so the simulator never lags the documented API.
import type { ResponseCreateParams, ResponsesClientEvent } from '../protocol/index.js';

type HttpParameter = keyof ResponseCreateParams;
type SocketParameter = keyof ResponsesClientEvent;

/** `POST /v1/responses` body fields (`max_tool_calls` is documented, though only the socket type has it). */
const HTTP: Record<HttpParameter | 'max_tool_calls', true> = {
  background: true,
  context_management: true,
  conversation: true,
  include: true,
  input: true,
  instructions: true,
  max_output_tokens: true,
  max_tool_calls: true,
  metadata: true,
  model: true,
  moderation: true,
  parallel_tool_calls: true,
  previous_response_id: true,
  prompt: true,
  prompt_cache_key: true,
  prompt_cache_options: true,
  prompt_cache_retention: true,
  reasoning: true,
  safety_identifier: true,
  service_tier: true,
  store: true,
  stream: true,
  stream_options: true,
  temperature: true,
  text: true,
  tool_choice: true,
  tools: true,
  top_logprobs: true,
  top_p: true,
  truncation: true,
  user: true,
};

/**
 * A `response.create` frame: the same fields plus `type`, the socket-only warm-up flag `generate`
 * (which the SDK type lacks), and `stream_id` where the server has lanes (protocol.md §9).
 */
const SOCKET_ONLY: Record<Exclude<SocketParameter, HttpParameter | 'max_tool_calls'> | 'generate' | 'stream_id', true> = {
  type: true,
  generate: true,
  stream_id: true,
};

export const HTTP_PARAMETERS: readonly string[] = Object.keys(HTTP);

/** Everything a `response.create` frame may carry (with lanes: `stream_id` too). */
export function socketParameters(lanes: boolean): readonly string[] {
  return [...HTTP_PARAMETERS, ...Object.keys(SOCKET_ONLY).filter((p) => lanes || p !== 'stream_id')];
}
