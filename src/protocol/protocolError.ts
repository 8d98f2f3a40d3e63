/**
 * A frame the server should never have sent. It is not an API error (those arrive as well-formed
 * `error` events): it means the peer does not speak the protocol, or a proxy mangled the stream.
 */

export type ProtocolErrorKind = 'binary_frame' | 'not_json' | 'not_object' | 'missing_type';

/** Longest excerpt of an offending frame quoted in messages, so one bad frame cannot flood a log. */
export const EXCERPT_MAX_CHARS = 120;

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly kind: ProtocolErrorKind;
  /** The start of the offending frame, at most EXCERPT_MAX_CHARS characters. */
  readonly excerpt: string;

  constructor(kind: ProtocolErrorKind, detail: string, frameText: string, options?: { cause?: unknown }) {
    const excerpt = excerptOf(frameText);
    // JSON.stringify quotes the excerpt and escapes newlines, so the message stays on one line.
    super(`${detail}: ${JSON.stringify(excerpt)}`, options);
    this.kind = kind;
    this.excerpt = excerpt;
  }
}

/** The first EXCERPT_MAX_CHARS characters of `text`, ending in "…" when something was cut. */
export function excerptOf(text: string): string {
  if (text.length <= EXCERPT_MAX_CHARS) return text;
  let end = EXCERPT_MAX_CHARS - 1;
  // Never cut between the two halves of a surrogate pair (emoji in model output).
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}
