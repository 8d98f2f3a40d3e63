// The model's context window, enforced as the service enforces it: a request whose input (the
// whole context, instructions and tools included) is over the window fails with
// `context_length_exceeded`. Tests shrink the window (`--context-window N`) to reach it in a few turns.
import { knownContextWindow } from '../protocol/index.js';

/** Whether `inputTokens` is over the window of `model` (the override, else its real window; none for unknown models). */
export function inputOverWindow(inputTokens: number, model: string, override: number | null): boolean {
  const window = override ?? knownContextWindow(model);
  return window !== null && inputTokens > window;
}

/** The service's words, as its streaming error event carries them (nested shape, `param: input`). */
export function contextLengthExceeded(): { code: string; message: string; type: string; param: string } {
  return {
    code: 'context_length_exceeded',
    message: 'Your input exceeds the context window of this model. Please adjust your input and try again.',
    type: 'invalid_request_error',
    param: 'input',
  };
}
