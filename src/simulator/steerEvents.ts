// The server events of steering (protocol.md §11): accepted, pending and failed. Their
// `sequence_number` comes from the target response's stream and is stamped when they go out; a
// named lane's `stream_id` is added by the socket, as for every event of that lane.
import type { WireItem } from './conversation.js';

/** Why a steer was refused before acceptance (no `steer.id`), or failed after it (with one). */
export type SteerErrorCode =
  | 'invalid_input'
  | 'steering_not_supported'
  | 'response_not_found'
  | 'response_already_completed'
  | 'response_not_active'
  | 'too_many_pending_steers'
  | 'successor_creation_failed';

export interface SteerEvent {
  type: 'response.steer.accepted' | 'response.steer.pending' | 'response.steer.failed';
  /** Absent only on a refusal that names no response of this connection (nothing to count from). */
  sequence_number?: number;
  [key: string]: unknown;
}

export function acceptedEvent(steerId: string, targetId: string): SteerEvent {
  return { type: 'response.steer.accepted', steer: { id: steerId, previous_response_id: targetId } };
}

/** What the client's continuation must carry before the steer is applied: an output for each client-owned call. */
export function requiredInputFor(output: WireItem[]): Array<{ type: string; call_id: string; name: string }> {
  return output
    .filter((item) => item.type === 'function_call' || item.type === 'custom_tool_call')
    .map((item) => ({
      type: item.type === 'function_call' ? 'function_call_output' : 'custom_tool_call_output',
      call_id: String(item.call_id),
      name: String(item.name),
    }));
}

export function pendingEvent(steerId: string, targetId: string, output: WireItem[]): SteerEvent {
  return {
    type: 'response.steer.pending',
    steer: { id: steerId, previous_response_id: targetId },
    reason: 'waiting_for_required_input',
    required_input: requiredInputFor(output),
  };
}

const MESSAGES: Record<SteerErrorCode, string> = {
  invalid_input: 'Invalid steer.',
  steering_not_supported: 'Steering is not supported for this response.',
  response_not_found: 'No response with this id is known on this connection.',
  response_already_completed: 'The response has already completed; send the input with your next request.',
  response_not_active: 'The response is not active and cannot be steered.',
  too_many_pending_steers: 'Too many steers are pending for this response; wait for them to be applied.',
  successor_creation_failed: 'The steer was accepted but the response that should apply it could not be created; send the input with your next request.',
};

/**
 * The input comes back: `steer.id` only when it had been accepted. `previous_response_id` and
 * `input` echo what the client sent (whatever it was, for an invalid steer).
 */
export function failedEvent(
  code: SteerErrorCode,
  sent: { previousResponseId: unknown; input: unknown },
  options: { steerId?: string; detail?: string; param?: string | null } = {},
): SteerEvent {
  const steer: Record<string, unknown> = {};
  if (options.steerId) steer.id = options.steerId;
  steer.previous_response_id = sent.previousResponseId ?? null;
  steer.input = sent.input ?? null;
  const type = code === 'successor_creation_failed' ? 'server_error' : 'invalid_request_error';
  const message = options.detail ? `${MESSAGES[code]} ${options.detail}` : MESSAGES[code];
  return { type: 'response.steer.failed', steer, error: { type, code, message, param: options.param ?? null } };
}
