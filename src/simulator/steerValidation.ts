// Validates a `response.steer` client event (protocol.md §11): exactly `type`,
// `previous_response_id` and `input`, where `input` is a string or a non-empty array of user
// messages whose content is a string or input_text / input_image / input_file parts. Anything
// else is refused as `invalid_input` before the target is even looked up.
import type { WireItem } from './conversation.js';

export type SteerCheck = { ok: true; previousResponseId: string; messages: WireItem[] } | { ok: false; message: string; param: string | null };

const FIELDS = ['type', 'previous_response_id', 'input'];
const MESSAGE_FIELDS = ['type', 'role', 'content'];
const PART_FIELDS: Record<string, { required: string[]; oneOf?: string[]; optional: string[] }> = {
  input_text: { required: ['text'], optional: [] },
  input_image: { required: [], oneOf: ['image_url', 'file_id'], optional: ['detail'] },
  input_file: { required: [], oneOf: ['file_id', 'file_data', 'file_url'], optional: ['filename'] },
};

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const refuse = (message: string, param: string | null): SteerCheck => ({ ok: false, message, param });

/** The first problem with one content part, or null. */
function partProblem(part: unknown, where: string): SteerCheck | null {
  if (!isObject(part)) return refuse(`Invalid type for '${where}': expected an object.`, where);
  const shape = typeof part.type === 'string' ? PART_FIELDS[part.type] : undefined;
  if (!shape) return refuse(`Invalid value for '${where}.type': expected one of input_text, input_image, input_file.`, `${where}.type`);
  const allowed = new Set(['type', ...shape.required, ...(shape.oneOf ?? []), ...shape.optional]);
  const extra = Object.keys(part).find((k) => !allowed.has(k));
  if (extra) return refuse(`Unknown parameter: '${where}.${extra}'.`, `${where}.${extra}`);
  for (const field of [...shape.required, ...(shape.oneOf ?? [])]) {
    if (part[field] !== undefined && typeof part[field] !== 'string')
      return refuse(`Invalid type for '${where}.${field}': expected a string.`, `${where}.${field}`);
  }
  const missing = shape.required.find((f) => typeof part[f] !== 'string');
  if (missing) return refuse(`Missing required parameter: '${where}.${missing}'.`, `${where}.${missing}`);
  if (shape.oneOf && !shape.oneOf.some((f) => typeof part[f] === 'string')) {
    return refuse(`'${where}' needs one of ${shape.oneOf.join(', ')}.`, where);
  }
  return null;
}

function messageProblem(item: unknown, where: string): SteerCheck | null {
  if (!isObject(item)) return refuse(`Invalid type for '${where}': expected an object.`, where);
  const extra = Object.keys(item).find((k) => !MESSAGE_FIELDS.includes(k));
  if (extra) return refuse(`Unknown parameter: '${where}.${extra}'.`, `${where}.${extra}`);
  if (item.type !== 'message') return refuse(`Invalid value for '${where}.type': a steer carries only user messages.`, `${where}.type`);
  if (item.role !== 'user') return refuse(`Invalid value for '${where}.role': a steer carries only user messages.`, `${where}.role`);
  const content = item.content;
  if (typeof content === 'string') return content === '' ? refuse(`Invalid '${where}.content': empty string.`, `${where}.content`) : null;
  if (!Array.isArray(content) || content.length === 0) {
    return refuse(`Invalid type for '${where}.content': expected a string or a non-empty array of content parts.`, `${where}.content`);
  }
  for (const [j, part] of content.entries()) {
    const problem = partProblem(part, `${where}.content[${j}]`);
    if (problem) return problem;
  }
  return null;
}

export function checkSteer(body: Record<string, unknown>): SteerCheck {
  const extra = Object.keys(body).find((k) => !FIELDS.includes(k));
  if (extra) return refuse(`Unknown parameter: '${extra}'. A steer carries exactly type, previous_response_id and input.`, extra);
  const target = body.previous_response_id;
  if (typeof target !== 'string' || target === '') {
    return refuse("Missing required parameter: 'previous_response_id' (a non-empty string).", 'previous_response_id');
  }
  const input = body.input;
  if (typeof input === 'string') {
    if (input === '') return refuse("Invalid 'input': empty string.", 'input');
    return { ok: true, previousResponseId: target, messages: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: input }] }] };
  }
  if (!Array.isArray(input) || input.length === 0) {
    return refuse("Invalid type for 'input': expected a string or a non-empty array of user messages.", 'input');
  }
  for (const [i, item] of input.entries()) {
    const problem = messageProblem(item, `input[${i}]`);
    if (problem) return problem;
  }
  return { ok: true, previousResponseId: target, messages: structuredClone(input) as WireItem[] };
}
