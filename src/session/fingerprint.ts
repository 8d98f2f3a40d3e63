// The parts of a request that the server does not carry over between requests; a chain is only
// continued when they are the same, because the cached state was built with them. `tuning` holds
// the model-dependent fields that shape generation (`reasoning`, `text`): a new effort or verbosity
// starts a new chain, as a new model does.
import { createHash } from 'node:crypto';

export function requestFingerprint(model: string, instructions: string, tools: unknown, tuning?: Record<string, unknown>): string {
  // Without tuning fields the hash is the one earlier versions recorded in session files.
  const parts: unknown[] = tuning && Object.keys(tuning).length > 0 ? [model, instructions, tools, tuning] : [model, instructions, tools];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}
