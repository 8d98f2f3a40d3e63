// An MCP CallToolResult as what the model reads. Text content is joined; images become
// `input_image` parts of the function_call_output (its output is then a content-part list, which
// the Responses API accepts, see ResponseFunctionCallOutputItemList); resources show their text or
// their URI; `isError` results are marked for the model. Text is capped like command output: the
// head and the tail are kept (HeadTailBuffer), the middle is counted.
import { HeadTailBuffer } from '../HeadTailBuffer.js';
import type { ToolResult } from '../types.js';

const HEAD_BYTES = 8 * 1024;
const TAIL_BYTES = 8 * 1024;
/** Images beyond this many base64 characters are described instead of sent (about 3.75 MB of image). */
const MAX_IMAGE_CHARS = 5_000_000;

export type OutputPart = { type: 'input_text'; text: string } | { type: 'input_image'; image_url: string; detail: 'auto' };

interface ContentBlock {
  type?: string;
  text?: string;
  data?: string;
  mimeType?: string;
  uri?: string;
  name?: string;
  resource?: { uri?: string; text?: string; blob?: string; mimeType?: string };
}

export const ERROR_PREFIX = 'MCP tool error: ';

function capped(text: string): string {
  const buffer = new HeadTailBuffer(HEAD_BYTES, TAIL_BYTES);
  buffer.push(Buffer.from(text, 'utf8'));
  return buffer.text();
}

function blockText(block: ContentBlock): string | null {
  switch (block.type) {
    case 'text':
      return block.text ?? '';
    case 'audio':
      return `[audio ${block.mimeType ?? ''} not shown: ${Math.round(((block.data ?? '').length * 3) / 4)} bytes]`;
    case 'resource_link':
      return `[resource ${block.name ? `${block.name} ` : ''}${block.uri ?? ''}]`;
    case 'resource': {
      const r = block.resource ?? {};
      if (typeof r.text === 'string') return r.text;
      return `[resource ${r.uri ?? ''} (${r.mimeType ?? 'binary'}, not shown)]`;
    }
    default:
      return null;
  }
}

/** What the model reads for a tools/call result. */
export function modelResult(result: { content?: unknown; structuredContent?: unknown; isError?: unknown; toolResult?: unknown }): ToolResult {
  const content = Array.isArray(result.content) ? (result.content as ContentBlock[]) : [];
  const texts: string[] = [];
  const images: OutputPart[] = [];
  for (const block of content) {
    if (block.type === 'image' && typeof block.data === 'string') {
      if (block.data.length > MAX_IMAGE_CHARS) texts.push(`[image ${block.mimeType ?? ''} too large to send: ${block.data.length} base64 characters]`);
      else images.push({ type: 'input_image', image_url: `data:${block.mimeType ?? 'image/png'};base64,${block.data}`, detail: 'auto' });
      continue;
    }
    const text = blockText(block);
    if (text !== null) texts.push(text);
  }
  // Structured content without a text rendering (older servers send `toolResult`).
  if (texts.length === 0 && images.length === 0) {
    const structured = result.structuredContent ?? result.toolResult;
    if (structured !== undefined) texts.push(JSON.stringify(structured));
  }
  const isError = result.isError === true;
  let text = capped(texts.join('\n'));
  if (isError) text = `${ERROR_PREFIX}${text || '(the server gave no message)'}`;
  else if (text === '' && images.length === 0) text = '(the tool returned no content)';
  if (images.length === 0) return { ok: !isError, output: text };
  const parts: OutputPart[] = [...(text ? [{ type: 'input_text' as const, text }] : []), ...images];
  return { ok: !isError, output: text ? `${text}\n[${images.length} image(s)]` : `[${images.length} image(s)]`, outputParts: parts };
}
