// Identifier shapes as the real service uses them (prefix + opaque random part).
import { randomBytes } from 'node:crypto';

function opaque(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export const newResponseId = (): string => `resp_${opaque(24)}`;
export const newMessageId = (): string => `msg_${opaque(24)}`;
export const newFunctionCallItemId = (): string => `fc_${opaque(24)}`;
export const newCustomToolCallItemId = (): string => `ctc_${opaque(24)}`;
export const newCallId = (): string => `call_${opaque(12)}`;
export const newReasoningId = (): string => `rs_${opaque(24)}`;
export const newCompactionId = (): string => `cmp_${opaque(24)}`;
export const newSteerId = (): string => `steer_${opaque(24)}`;
