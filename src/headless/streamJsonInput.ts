// `wsagent exec --input-format stream-json`: user messages as JSON lines on standard input, in
// Claude Code's input shape `{"type":"user","message":{"role":"user","content":"…"}}` (content a
// string or an array of `text` parts). A line that arrives while a turn runs steers it; one that
// arrives while idle starts the next turn; end of input ends the run after the last turn.

/** A line read: its text, or why it is not a user message (said in an `error` event, the run goes on). */
export type InputLine = { ok: true; text: string } | { ok: false; message: string };

export function parseInputLine(line: string): InputLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { ok: false, message: `not JSON (${(err as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'not a JSON object' };
  const record = value as { type?: unknown; message?: unknown };
  if (record.type !== 'user') return { ok: false, message: `"type" must be "user" (got ${JSON.stringify(record.type ?? null)})` };
  const message = record.message as { role?: unknown; content?: unknown } | undefined;
  if (typeof message !== 'object' || message === null) return { ok: false, message: '"message" must be an object {"role":"user","content":…}' };
  if (message.role !== undefined && message.role !== 'user')
    return { ok: false, message: `"message.role" must be "user" (got ${JSON.stringify(message.role)})` };
  const text = contentText(message.content);
  if (text === null) return { ok: false, message: '"message.content" must be a string or an array of {"type":"text","text":…} parts' };
  if (text.trim() === '') return { ok: false, message: '"message.content" is empty' };
  return { ok: true, text };
}

function contentText(content: unknown): string | null {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return null;
  const texts: string[] = [];
  for (const part of content) {
    const p = part as { type?: unknown; text?: unknown } | null;
    if (typeof p !== 'object' || p === null || p.type !== 'text' || typeof p.text !== 'string') return null;
    texts.push(p.text);
  }
  return texts.join('\n');
}
