// The parts of a request that the server does not carry over between requests; a chain is only
// continued when they are the same, because the cached state was built with them.
import { createHash } from 'node:crypto';

export function requestFingerprint(model: string, instructions: string, tools: unknown): string {
  return createHash('sha256').update(JSON.stringify([model, instructions, tools])).digest('hex').slice(0, 16);
}
