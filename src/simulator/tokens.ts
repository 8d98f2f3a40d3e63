// Token estimates. The simulator has no tokenizer; ~4 characters per token is the usual rule of
// thumb for English and code, and it only needs to be consistent across transports.

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function estimateJsonTokens(value: unknown): number {
  return value === undefined ? 0 : estimateTokens(JSON.stringify(value));
}

/** Splits text into token-sized pieces for streaming deltas (words and punctuation kept whole). */
export function splitIntoTokens(text: string): string[] {
  const pieces = text.match(/\s*[^\s]{1,6}|\s+/g) ?? [];
  return pieces.length > 0 ? pieces : [text];
}
