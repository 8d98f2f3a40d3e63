// Shapes inside input items and tools that the real service checks before it generates: the content
// parts of a tool output (`function_call_output.output` as a list: input_text, input_image,
// input_file), a replayed `web_search_call`, the annotations of replayed assistant text, and the
// hosted `web_search` tool's fields. Each refusal names the path as the service does.
import { type ApiError, invalidRequest, invalidValue, unknownParameter } from './apiErrors.js';

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const missing = (param: string): ApiError => invalidRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
const notA = (param: string, what: string): ApiError => invalidRequest(`Invalid type for '${param}': expected ${what}.`, param, 'invalid_type');

const OUTPUT_PART_TYPES = ['input_text', 'input_image', 'input_file'];
const IMAGE_DETAILS = ['low', 'high', 'auto', 'original'];
const DATA_IMAGE_URL = /^data:image\/[\w.+-]+;base64,[A-Za-z0-9+/=]+$/;

/** `function_call_output.output` given as a list of content parts (ResponseFunctionCallOutputItemList). */
export function checkOutputParts(parts: unknown[], at: string): ApiError | null {
  for (const [j, part] of parts.entries()) {
    const where = `${at}.output[${j}]`;
    if (!isObject(part)) return notA(where, 'an object');
    if (part.type === undefined) return missing(`${where}.type`);
    if (!OUTPUT_PART_TYPES.includes(String(part.type))) return invalidValue(`${where}.type`, part.type, OUTPUT_PART_TYPES);
    if (part.type === 'input_text' && typeof part.text !== 'string')
      return part.text === undefined ? missing(`${where}.text`) : notA(`${where}.text`, 'a string');
    if (part.type === 'input_image') {
      if (part.detail !== undefined && part.detail !== null && !IMAGE_DETAILS.includes(String(part.detail))) {
        return invalidValue(`${where}.detail`, part.detail, IMAGE_DETAILS);
      }
      if (typeof part.file_id === 'string') continue;
      if (typeof part.image_url !== 'string') return missing(`${where}.image_url`);
      if (!DATA_IMAGE_URL.test(part.image_url) && !/^https?:\/\//.test(part.image_url)) {
        return invalidRequest(
          `Invalid '${where}.image_url': expected a base64-encoded data URL with an image MIME type or an http(s) URL.`,
          `${where}.image_url`,
          'invalid_value',
        );
      }
    }
  }
  return null;
}

const SEARCH_ACTIONS: Record<string, string[]> = { search: [], open_page: [], find_in_page: ['pattern', 'url'] };
const SEARCH_STATUSES = ['in_progress', 'searching', 'completed', 'failed'];

/** A `web_search_call` given back as input: its `action` as the service reported it. */
export function checkWebSearchCall(item: Record<string, unknown>, at: string): ApiError | null {
  if (item.action === undefined) return missing(`${at}.action`);
  if (!isObject(item.action)) return notA(`${at}.action`, 'an object');
  const kind = item.action.type;
  if (typeof kind !== 'string' || !(kind in SEARCH_ACTIONS)) return invalidValue(`${at}.action.type`, kind, Object.keys(SEARCH_ACTIONS));
  for (const field of SEARCH_ACTIONS[kind]!) if (typeof item.action[field] !== 'string') return missing(`${at}.action.${field}`);
  if (item.status !== undefined && !SEARCH_STATUSES.includes(String(item.status))) return invalidValue(`${at}.status`, item.status, SEARCH_STATUSES);
  return null;
}

const ANNOTATION_FIELDS: Record<string, Record<string, 'string' | 'integer'>> = {
  url_citation: { url: 'string', title: 'string', start_index: 'integer', end_index: 'integer' },
  file_citation: { file_id: 'string', filename: 'string', index: 'integer' },
  container_file_citation: { container_id: 'string', file_id: 'string', filename: 'string', start_index: 'integer', end_index: 'integer' },
  file_path: { file_id: 'string', index: 'integer' },
};

/** The annotations of an assistant message's output_text parts given back as input. */
export function checkAnnotations(content: unknown, at: string): ApiError | null {
  if (!Array.isArray(content)) return null;
  for (const [j, part] of content.entries()) {
    if (!isObject(part) || part.type !== 'output_text' || part.annotations === undefined) continue;
    const where = `${at}.content[${j}].annotations`;
    if (!Array.isArray(part.annotations)) return notA(where, 'an array');
    for (const [k, annotation] of part.annotations.entries()) {
      const path = `${where}[${k}]`;
      if (!isObject(annotation)) return notA(path, 'an object');
      const fields = ANNOTATION_FIELDS[String(annotation.type)];
      if (!fields) return invalidValue(`${path}.type`, annotation.type, Object.keys(ANNOTATION_FIELDS));
      for (const [field, kind] of Object.entries(fields)) {
        const value = annotation[field];
        if (value === undefined) return missing(`${path}.${field}`);
        if (kind === 'string' ? typeof value !== 'string' : !Number.isInteger(value))
          return notA(`${path}.${field}`, kind === 'string' ? 'a string' : 'an integer');
      }
    }
  }
  return null;
}

/** The web_search tool's fields (`external_web_access`: false keeps it to cached results). */
const WEB_SEARCH_FIELDS = ['type', 'filters', 'search_context_size', 'user_location', 'external_web_access'];

export function checkWebSearchTool(tool: Record<string, unknown>, at: string): ApiError | null {
  const unknown = Object.keys(tool).find((key) => !WEB_SEARCH_FIELDS.includes(key));
  if (unknown !== undefined) return unknownParameter(`${at}.${unknown}`);
  if (tool.external_web_access !== undefined && typeof tool.external_web_access !== 'boolean') return notA(`${at}.external_web_access`, 'a boolean');
  const size = tool.search_context_size;
  if (size !== undefined && !['low', 'medium', 'high'].includes(String(size)))
    return invalidValue(`${at}.search_context_size`, size, ['low', 'medium', 'high']);
  return null;
}
