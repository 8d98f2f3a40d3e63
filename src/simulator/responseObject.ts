// The Response object exactly as the real service returns it: every field of the schema present,
// null (not absent) where unset. Strict clients break on anything less.
import type { Response, ResponseUsage } from '../protocol/index.js';
import type { WireItem } from './conversation.js';

export interface ResponseSeed {
  id: string;
  body: Record<string, unknown>;
  createdAt: number;
}

/**
 * The Response as it travels: the SDK type minus `output_text` (an SDK convenience, not a wire
 * field), with `store` (absent from the SDK type) and a `usage` that is null until the end.
 */
export type WireResponse = Omit<Response, 'output_text' | 'usage'> & { store: boolean; usage: ResponseUsage | null };

const nullable = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

export function baseResponse(seed: ResponseSeed): WireResponse {
  const b = seed.body;
  const response = {
    id: seed.id,
    object: 'response',
    created_at: seed.createdAt,
    completed_at: null,
    status: 'in_progress',
    model: String(b.model),
    output: [] as WireItem[],
    error: null,
    incomplete_details: null,
    instructions: nullable(b.instructions),
    metadata: (b.metadata as Record<string, string> | undefined) ?? {},
    parallel_tool_calls: (b.parallel_tool_calls as boolean | undefined) ?? true,
    temperature: (b.temperature as number | undefined) ?? 1,
    top_p: (b.top_p as number | undefined) ?? 1,
    tool_choice: (b.tool_choice as Response['tool_choice'] | undefined) ?? 'auto',
    tools: echoTools(b.tools),
    max_output_tokens: nullable(b.max_output_tokens),
    max_tool_calls: nullable(b.max_tool_calls),
    previous_response_id: nullable(b.previous_response_id),
    reasoning: (b.reasoning as Response['reasoning'] | undefined) ?? { effort: null, summary: null },
    store: (b.store as boolean | undefined) ?? true,
    text: (b.text as Response['text'] | undefined) ?? { format: { type: 'text' }, verbosity: 'medium' },
    truncation: (b.truncation as Response['truncation'] | undefined) ?? 'disabled',
    usage: null,
    user: nullable(b.user),
    background: false,
    service_tier: (b.service_tier as Response['service_tier'] | undefined) ?? 'default',
    safety_identifier: nullable(b.safety_identifier),
    prompt_cache_key: nullable(b.prompt_cache_key),
    top_logprobs: (b.top_logprobs as number | undefined) ?? 0,
    presence_penalty: 0,
    frequency_penalty: 0,
  };
  return response as unknown as WireResponse;
}

/**
 * The request's tools as the service echoes them: a function tool with every field of its schema
 * (`strict` defaults to true in the Responses API, `description` and `parameters` to null).
 */
function echoTools(tools: unknown): Response['tools'] {
  if (!Array.isArray(tools)) return [];
  return tools.map((t: Record<string, unknown>) =>
    t && t.type === 'function' ? { ...t, description: t.description ?? null, parameters: t.parameters ?? null, strict: t.strict ?? true } : t,
  ) as unknown as Response['tools'];
}

export function usageOf(inputTokens: number, cachedTokens: number, outputTokens: number, reasoningTokens: number): ResponseUsage {
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: Math.min(cachedTokens, inputTokens), cache_write_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: reasoningTokens },
    total_tokens: inputTokens + outputTokens,
  };
}
