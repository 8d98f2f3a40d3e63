// What one completed request cost (the `request.completed` event): its mode, transport, timings
// and token usage, read off the response.
import type { Response } from '../protocol/index.js';
import type { RequestTimings, TransportKind } from '../transport/index.js';
import type { RequestPlan } from './ContinuationPlanner.js';
import type { RequestStats } from './sessionEvents.js';

export function requestStats(
  plan: RequestPlan,
  response: Response,
  timings: Readonly<RequestTimings>,
  warmup: boolean,
  transport: TransportKind,
): RequestStats {
  const usage = response.usage;
  return {
    responseId: response.id,
    mode: plan.mode,
    transport,
    connectionId: timings.connectionId,
    warmup,
    status: response.status ?? 'completed',
    timings: { ...timings },
    usage: usage
      ? {
          input: usage.input_tokens,
          cached: usage.input_tokens_details?.cached_tokens ?? 0,
          output: usage.output_tokens,
          reasoning: usage.output_tokens_details?.reasoning_tokens ?? 0,
        }
      : null,
  };
}
