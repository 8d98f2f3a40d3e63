// JSON Schemas of what the Responses API puts on the wire, written from the official `openai`
// package's types (resources/responses/responses.d.ts, shared.d.ts) and the published Open
// Responses OpenAPI document (openresponses.org, public/openapi/openapi.json: ResponseResource,
// ItemField, FunctionTool, the streaming events): required fields, types, enums and nulls, the
// stricter of the two where they differ. Stricter than the SDK where the
// wire is (a real server sends every Response field, null where unset), and closed
// (`additionalProperties: false`) so a stray or misspelt field shows up.
import { Ajv, type ErrorObject as AjvError, type ValidateFunction } from 'ajv';

type Schema = Record<string, unknown>;

const str = { type: 'string' };
const int = { type: 'integer', minimum: 0 };
const nullable = (schema: Schema): Schema => ({ anyOf: [schema, { type: 'null' }] });
const obj = (properties: Record<string, Schema>, required: string[] = Object.keys(properties), extra = false): Schema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: extra,
});
const constant = (value: string): Schema => ({ const: value });
const enumOf = (...values: string[]): Schema => ({ enum: values });

const usage = obj({
  input_tokens: int,
  input_tokens_details: obj({ cached_tokens: int, cache_write_tokens: int }, ['cached_tokens']),
  output_tokens: int,
  output_tokens_details: obj({ reasoning_tokens: int }),
  total_tokens: int,
});

// Open Responses' OutputTextContent component requires logprobs too.
const outputText = obj({ type: constant('output_text'), text: str, annotations: { type: 'array' }, logprobs: { type: 'array' } });
const inputText = obj({ type: constant('input_text'), text: str });
/** ResponseOutputRefusal: the model declined. */
const refusalPart = obj({ type: constant('refusal'), refusal: str });
const outputPart = { oneOf: [outputText, refusalPart] };
const summaryText = obj({ type: constant('summary_text'), text: str });
const itemStatus = enumOf('in_progress', 'completed', 'incomplete');

const outputMessage = obj({
  id: { type: 'string', pattern: '^msg_' },
  type: constant('message'),
  role: constant('assistant'),
  status: itemStatus,
  content: { type: 'array', items: outputPart },
});
/** The user messages a compaction keeps: Open Responses' Message (id and status required), typed parts, never a string. */
const inputMessage = obj({
  id: str,
  type: constant('message'),
  role: enumOf('user', 'system', 'developer'),
  status: itemStatus,
  content: { type: 'array', items: inputText },
});
const functionCall = obj({
  id: { type: 'string', pattern: '^fc_' },
  type: constant('function_call'),
  call_id: { type: 'string', pattern: '^call_' },
  name: str,
  arguments: str,
  status: itemStatus,
});
const customToolCall = obj({ id: str, type: constant('custom_tool_call'), call_id: str, name: str, input: str, status: itemStatus }, [
  'type',
  'call_id',
  'name',
  'input',
]);
const reasoning = obj(
  {
    id: { type: 'string', pattern: '^rs_' },
    type: constant('reasoning'),
    summary: { type: 'array', items: summaryText },
    encrypted_content: str,
    content: { type: 'array', items: obj({ type: constant('reasoning_text'), text: str }) },
    status: itemStatus,
  },
  ['id', 'type', 'summary'],
);
const compaction = obj({ id: { type: 'string', pattern: '^cmp_' }, type: constant('compaction'), encrypted_content: str, created_by: str }, [
  'id',
  'type',
  'encrypted_content',
]);
const outputItem = { oneOf: [outputMessage, functionCall, customToolCall, reasoning, compaction] };

// Open Responses' FunctionTool requires description (nullable) as well as the SDK's parameters and strict.
const functionTool = obj({
  type: constant('function'),
  name: str,
  description: nullable(str),
  parameters: nullable({ type: 'object' }),
  strict: nullable({ type: 'boolean' }),
});
const customTool = obj({ type: constant('custom'), name: str, description: str, format: { type: 'object' } }, ['type', 'name']);

const response = obj({
  id: { type: 'string', pattern: '^resp_' },
  object: constant('response'),
  created_at: int,
  completed_at: nullable(int),
  status: enumOf('completed', 'failed', 'in_progress', 'cancelled', 'queued', 'incomplete'),
  model: str,
  output: { type: 'array', items: outputItem },
  error: nullable(obj({ code: str, message: str })),
  // `steered`: a response ended by a steer (protocol.md §11).
  incomplete_details: nullable(obj({ reason: enumOf('max_output_tokens', 'content_filter', 'steered') })),
  instructions: nullable({ anyOf: [str, { type: 'array' }] }),
  metadata: nullable({ type: 'object', additionalProperties: str }),
  parallel_tool_calls: { type: 'boolean' },
  // Open Responses' ResponseResource: these are never null.
  temperature: { type: 'number' },
  top_p: { type: 'number' },
  tool_choice: { anyOf: [enumOf('none', 'auto', 'required'), { type: 'object', required: ['type'] }] },
  tools: { type: 'array', items: { oneOf: [functionTool, customTool] } },
  max_output_tokens: nullable(int),
  max_tool_calls: nullable(int),
  previous_response_id: nullable(str),
  reasoning: nullable(
    obj(
      { effort: nullable(enumOf('none', 'minimal', 'low', 'medium', 'high', 'xhigh')), summary: nullable(enumOf('auto', 'concise', 'detailed')) },
      ['effort', 'summary'],
      false,
    ),
  ),
  store: { type: 'boolean' },
  text: {
    type: 'object',
    properties: { format: { type: 'object', required: ['type'] }, verbosity: nullable(enumOf('low', 'medium', 'high')) },
    required: ['format'],
  },
  truncation: enumOf('auto', 'disabled'),
  usage: nullable(usage),
  user: nullable(str),
  background: { type: 'boolean' },
  service_tier: enumOf('auto', 'default', 'flex', 'scale', 'priority'),
  safety_identifier: nullable(str),
  prompt_cache_key: nullable(str),
  top_logprobs: int,
  presence_penalty: { type: 'number' },
  frequency_penalty: { type: 'number' },
});
/** A finished response carries its usage and completion time; a failed one its error. */
const finished = (status: string): Schema => ({
  allOf: [
    response,
    {
      properties: {
        status: constant(status),
        ...(status === 'failed' ? { error: { type: 'object' } } : { usage: { type: 'object' }, completed_at: int, error: { type: 'null' } }),
      },
    },
  ],
});

const errorObject = obj({ type: str, code: nullable(str), message: { type: 'string', minLength: 1 }, param: nullable(str) });

const seq = { sequence_number: int };
const at = { item_id: str, output_index: int };
const event = (type: string, fields: Record<string, Schema>): Schema => obj({ type: constant(type), ...seq, ...fields });

const EVENTS: Record<string, Schema> = {
  'response.created': event('response.created', {
    response: { allOf: [response, { properties: { status: constant('in_progress'), usage: { type: 'null' } } }] },
  }),
  'response.in_progress': event('response.in_progress', { response: { allOf: [response, { properties: { status: constant('in_progress') } }] } }),
  'response.completed': event('response.completed', { response: finished('completed') }),
  'response.incomplete': event('response.incomplete', {
    response: { allOf: [finished('incomplete'), { properties: { incomplete_details: { type: 'object' } } }] },
  }),
  'response.failed': event('response.failed', { response: finished('failed') }),
  'response.output_item.added': event('response.output_item.added', { output_index: int, item: outputItem }),
  'response.output_item.done': event('response.output_item.done', { output_index: int, item: outputItem }),
  'response.content_part.added': event('response.content_part.added', { ...at, content_index: int, part: outputPart }),
  'response.content_part.done': event('response.content_part.done', { ...at, content_index: int, part: outputPart }),
  'response.refusal.delta': event('response.refusal.delta', { ...at, content_index: int, delta: str }),
  'response.refusal.done': event('response.refusal.done', { ...at, content_index: int, refusal: str }),
  'response.output_text.delta': event('response.output_text.delta', { ...at, content_index: int, delta: str, logprobs: { type: 'array' } }),
  'response.output_text.done': event('response.output_text.done', { ...at, content_index: int, text: str, logprobs: { type: 'array' } }),
  'response.function_call_arguments.delta': event('response.function_call_arguments.delta', { ...at, delta: str }),
  'response.function_call_arguments.done': obj({ type: constant('response.function_call_arguments.done'), ...seq, ...at, arguments: str, name: str }, [
    'type',
    'sequence_number',
    'item_id',
    'output_index',
    'arguments',
  ]),
  'response.custom_tool_call_input.delta': event('response.custom_tool_call_input.delta', { ...at, delta: str }),
  'response.custom_tool_call_input.done': event('response.custom_tool_call_input.done', { ...at, input: str }),
  'response.reasoning_summary_part.added': event('response.reasoning_summary_part.added', { ...at, summary_index: int, part: summaryText }),
  'response.reasoning_summary_part.done': event('response.reasoning_summary_part.done', { ...at, summary_index: int, part: summaryText }),
  'response.reasoning_summary_text.delta': event('response.reasoning_summary_text.delta', { ...at, summary_index: int, delta: str }),
  'response.reasoning_summary_text.done': event('response.reasoning_summary_text.done', { ...at, summary_index: int, text: str }),
};

// Steering (protocol.md §11): numbered in the target's stream; `stream_id` when the target's lane has one.
const steerRef = obj({ id: { type: 'string', pattern: '^steer_[0-9a-f]+$' }, previous_response_id: { type: 'string', pattern: '^resp_' } });
const lane = { stream_id: str };
const userMessageInput = {
  anyOf: [
    { type: 'string', minLength: 1 },
    { type: 'array', minItems: 1, items: obj({ type: constant('message'), role: constant('user'), content: {} }) },
  ],
};
const steerEvent = (type: string, fields: Record<string, Schema>, required: string[]): Schema =>
  obj({ type: constant(type), ...seq, ...lane, ...fields }, ['type', ...required]);
EVENTS['response.steer.accepted'] = steerEvent('response.steer.accepted', { steer: steerRef }, ['sequence_number', 'steer']);
EVENTS['response.steer.pending'] = steerEvent(
  'response.steer.pending',
  {
    steer: steerRef,
    reason: constant('waiting_for_required_input'),
    required_input: {
      type: 'array',
      minItems: 1,
      items: obj({ type: enumOf('function_call_output', 'custom_tool_call_output'), call_id: { type: 'string', pattern: '^call_' }, name: str }),
    },
  },
  ['sequence_number', 'steer', 'reason', 'required_input'],
);
/**
 * The input comes back: without `steer.id` a refusal (it echoes whatever was sent, so any JSON),
 * with one a failure after acceptance. `sequence_number` only when the target is a response of the connection.
 */
EVENTS['response.steer.failed'] = steerEvent(
  'response.steer.failed',
  {
    steer: obj({ id: { type: 'string', pattern: '^steer_' }, previous_response_id: {}, input: {} }, ['previous_response_id', 'input']),
    error: obj({
      type: enumOf('invalid_request_error', 'server_error'),
      code: enumOf(
        'invalid_input',
        'steering_not_supported',
        'response_not_found',
        'response_already_completed',
        'response_not_active',
        'too_many_pending_steers',
        'successor_creation_failed',
      ),
      message: { type: 'string', minLength: 1 },
      param: nullable(str),
    }),
  },
  ['steer', 'error'],
);
/** The client event itself, as protocol.md §11 defines it (for tests of clients). */
export const STEER_CLIENT_EVENT = obj({ type: constant('response.steer'), previous_response_id: { type: 'string', minLength: 1 }, input: userMessageInput });

/**
 * A streaming error: flat with a sequence number (the SDK's ResponseErrorEvent, protocol.md §3 shape
 * 2), or Open Responses' ErrorStreamingEvent with the error object nested (`streamErrorShape: nested`).
 */
const streamingError = {
  oneOf: [
    obj({ type: constant('error'), code: nullable(str), message: str, param: nullable(str), ...seq }),
    obj({ type: constant('error'), ...seq, error: errorObject }),
  ],
};
/** A request error over the socket (shape 1): the HTTP status and the API's error object. */
const socketRequestError = {
  oneOf: [obj({ type: constant('error'), status: int, error: errorObject }), obj({ type: constant('error'), status_code: int, error: errorObject })],
};

export const SCHEMAS = {
  response,
  /** The body of an HTTP error status. */
  httpError: obj({ error: errorObject }),
  compaction: obj({
    id: str,
    object: constant('response.compaction'),
    created_at: int,
    output: { type: 'array', items: { oneOf: [inputMessage, outputMessage, functionCall, reasoning, compaction] } },
    usage,
  }),
  streamingError,
  socketRequestError,
  steerClientEvent: STEER_CLIENT_EVENT,
};

// strictRequired and strictTypes off: the schemas require fields declared in a sibling branch (allOf), which is valid JSON Schema.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, strictTypes: false, allowUnionTypes: true });
const compiled = new Map<string, ValidateFunction>();
function validator(name: string, schema: Schema): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    v = ajv.compile(schema);
    compiled.set(name, v);
  }
  return v;
}

const describe = (errors: AjvError[] | null | undefined): string =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('; ');

/** Problems with one JSON value against a named schema, or [] when it validates. */
export function check(name: keyof typeof SCHEMAS, value: unknown): string[] {
  const v = validator(name, SCHEMAS[name] as Schema);
  return v(value) ? [] : [`${name}: ${describe(v.errors)}`];
}

/** Problems with one server event (over the socket or in an SSE data line), or []. */
export function checkEvent(value: Record<string, unknown>): string[] {
  const type = String(value.type);
  if (type === 'error') return check(value.sequence_number === undefined ? 'socketRequestError' : 'streamingError', value);
  const schema = EVENTS[type];
  if (!schema) return [`unknown event type ${type}`];
  const v = validator(type, schema);
  const where = `${type} #${String(value.sequence_number)}`;
  return v(value) ? [] : [`${where}: ${describe(v.errors)}`];
}

export const KNOWN_EVENT_TYPES = Object.keys(EVENTS);
