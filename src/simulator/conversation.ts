// What the scripted model and the validator need to know about a conversation's full context:
// items normalised from the request's `input`, how many model responses it already holds, which
// function calls still lack their outputs, and what the latest input said.
import { decodeCompaction } from './compactionBlob.js';

/** A conversation item as it appears on the wire (input or output). */
export type WireItem = Record<string, unknown> & { type: string };

export class InputError extends Error {
  /** The service's error code: every missing parameter shares one. */
  readonly code: string;
  constructor(
    message: string,
    readonly param: string,
  ) {
    super(message);
    this.code = message.startsWith('Missing required parameter')
      ? 'missing_required_parameter'
      : message.startsWith('Invalid type')
        ? 'invalid_type'
        : 'invalid_value';
  }
}

/** Items the model produces; runs of them delimit model responses. */
const MODEL_OUTPUT_TYPES = new Set(['function_call', 'reasoning', 'custom_tool_call', 'web_search_call', 'file_search_call']);

function isModelOutput(item: WireItem): boolean {
  if (item.type === 'message') return item.role === 'assistant';
  return MODEL_OUTPUT_TYPES.has(item.type);
}

/** Turns `input` (a string or an array of items, easy messages allowed) into wire items. */
export function normaliseInput(input: unknown): WireItem[] {
  if (input === undefined || input === null) return [];
  if (typeof input === 'string') {
    return [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: input }] }];
  }
  if (!Array.isArray(input)) throw new InputError("Invalid type for 'input': expected a string or an array of items.", 'input');
  return input.map((raw, i) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new InputError(`Invalid type for 'input[${i}]': expected an object.`, `input[${i}]`);
    }
    const item = raw as Record<string, unknown>;
    // EasyInputMessage: {role, content} without a type.
    if (item.type === undefined && typeof item.role === 'string') {
      const content =
        typeof item.content === 'string' ? [{ type: item.role === 'assistant' ? 'output_text' : 'input_text', text: item.content }] : item.content;
      return { ...item, type: 'message', content } as WireItem;
    }
    // An item reference may leave out its type: `{id}` alone.
    if (item.type === undefined && typeof item.id === 'string') return { ...item, type: 'item_reference' } as WireItem;
    if (typeof item.type !== 'string') throw new InputError(`Missing required parameter: 'input[${i}].type'.`, `input[${i}].type`);
    if ((item.type === 'function_call_output' || item.type === 'custom_tool_call_output') && typeof item.call_id !== 'string') {
      throw new InputError(`Missing required parameter: 'input[${i}].call_id'.`, `input[${i}].call_id`);
    }
    if ((item.type === 'function_call' || item.type === 'custom_tool_call') && (typeof item.call_id !== 'string' || typeof item.name !== 'string')) {
      throw new InputError(`Missing required parameter: 'input[${i}].call_id'.`, `input[${i}].call_id`);
    }
    if (item.type === 'custom_tool_call' && typeof item.input !== 'string') {
      throw new InputError(`Missing required parameter: 'input[${i}].input'.`, `input[${i}].input`);
    }
    if (item.type === 'message' && !['user', 'assistant', 'system', 'developer'].includes(String(item.role))) {
      throw new InputError(`Invalid value: '${String(item.role)}'. Supported values are: 'assistant', 'system', 'developer', and 'user'.`, `input[${i}].role`);
    }
    if (item.type === 'message' && Array.isArray(item.content)) checkImageParts(item.content, i);
    return item as WireItem;
  });
}

/** `input_image` parts carry an image: a data URL or an http(s) URL in `image_url`, or a `file_id`. */
function checkImageParts(content: unknown[], i: number): void {
  content.forEach((part, j) => {
    const p = part as { type?: unknown; image_url?: unknown; file_id?: unknown } | null;
    if (p?.type !== 'input_image') return;
    if (typeof p.file_id === 'string') return;
    const where = `input[${i}].content[${j}].image_url`;
    if (typeof p.image_url !== 'string') throw new InputError(`Missing required parameter: '${where}'.`, where);
    if (!/^data:image\/[\w.+-]+;base64,[A-Za-z0-9+/=]+$/.test(p.image_url) && !/^https?:\/\//.test(p.image_url)) {
      throw new InputError(`Invalid '${where}': expected a base64-encoded data URL with an image MIME type or an http(s) URL.`, where);
    }
  });
}

/** Plain text of an item, for expectations and token estimates. */
export function itemText(item: WireItem): string {
  if (item.type === 'function_call_output' || item.type === 'custom_tool_call_output') {
    const out = item.output;
    if (typeof out === 'string') return out;
    if (Array.isArray(out)) return out.map((p) => (typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : '')).join('');
    return JSON.stringify(out ?? '');
  }
  if (item.type === 'message') {
    const content = item.content;
    if (typeof content === 'string') return content;
    if (Array.isArray(content)) {
      return content.map((p) => (typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : '')).join('');
    }
  }
  return '';
}

export interface ConversationFacts {
  /** Model responses already in the context (compacted ones included). */
  modelResponses: number;
  /** Text of the items after the last model output: the input the next step answers. */
  latestInputText: string;
  /** call_ids of function calls that have no output yet. */
  pendingCallIds: string[];
  /** call_ids of all function calls in the context (compacted ones included). */
  knownCallIds: Set<string>;
  /** Outputs that answer no known call. */
  orphanOutputIds: string[];
  /** call_ids of the custom tool calls (for the chain errors' wording). */
  customCallIds: Set<string>;
  /** call_ids of the custom_tool_call_output items. */
  customOutputIds: Set<string>;
  /** Each input between model responses, in order, with how many model responses precede it (scenario branches start at one). */
  inputSegments: Array<{ responsesBefore: number; text: string }>;
  /** The text of every user message in the context, in order (a steer is a user message to the model). */
  userTexts: string[];
  /** Model responses folded into the latest compaction item (0 without one). */
  compactedResponses: number;
  /** Each model response after that, in order: the names of the tool calls it made. */
  modelRuns: Array<{ callNames: string[] }>;
}

/**
 * Reasoning items that make up a whole model response on their own: a response a steer ended
 * before it said or called anything (protocol.md §11). They belong to the response that follows
 * them, so that the model goes on with the step it was about to play.
 */
function reasoningOnlyRuns(items: WireItem[]): Set<WireItem> {
  const skipped = new Set<WireItem>();
  let run: WireItem[] = [];
  const close = (): void => {
    if (run.length > 0 && run.every((i) => i.type === 'reasoning')) for (const i of run) skipped.add(i);
    run = [];
  };
  for (const item of items) {
    if (isModelOutput(item)) run.push(item);
    else close();
  }
  close();
  return skipped;
}

export function analyseConversation(items: WireItem[]): ConversationFacts {
  let modelResponses = 0;
  let inModelRun = false;
  let latestInput: string[] = [];
  const knownCallIds = new Set<string>();
  const answered = new Set<string>();
  const orphanOutputIds: string[] = [];
  const customCallIds = new Set<string>();
  const customOutputIds = new Set<string>();
  let segments: Array<{ responsesBefore: number; text: string[] }> = [];
  let userTexts: string[] = [];
  let compactedResponses = 0;
  let modelRuns: Array<{ callNames: string[] }> = [];
  const skipped = reasoningOnlyRuns(items);
  for (const item of items) {
    if (skipped.has(item)) continue;
    if (item.type === 'compaction') {
      // A compaction item stands for the whole conversation before it (anything the client
      // replays ahead of it is superseded), so its counts replace what was counted so far.
      const blob = decodeCompaction(item.encrypted_content);
      if (blob) {
        modelResponses = blob.modelResponses;
        for (const id of blob.callIds) knownCallIds.add(id);
        for (const id of blob.answeredCallIds) answered.add(id);
        latestInput = blob.latestInputText ? [blob.latestInputText] : [];
        // What came before is folded into the blob: only its latest input survives.
        segments = [{ responsesBefore: blob.modelResponses, text: latestInput }];
        userTexts = [];
        compactedResponses = blob.modelResponses;
        modelRuns = [];
      }
      inModelRun = false;
      continue;
    }
    if (isModelOutput(item)) {
      if (!inModelRun) {
        modelResponses++;
        latestInput = [];
        modelRuns.push({ callNames: [] });
      }
      inModelRun = true;
      if (item.type === 'function_call' || item.type === 'custom_tool_call') {
        knownCallIds.add(String(item.call_id));
        modelRuns.at(-1)!.callNames.push(String(item.name));
      }
      if (item.type === 'custom_tool_call') customCallIds.add(String(item.call_id));
      continue;
    }
    inModelRun = false;
    if (item.type === 'message' && item.role === 'user') userTexts.push(itemText(item));
    if (item.type === 'function_call_output' || item.type === 'custom_tool_call_output') {
      const id = String(item.call_id);
      if (item.type === 'custom_tool_call_output') customOutputIds.add(id);
      if (!knownCallIds.has(id)) orphanOutputIds.push(id);
      answered.add(id);
    }
    if (latestInput.length === 0 && segments.at(-1)?.text !== latestInput) segments.push({ responsesBefore: modelResponses, text: latestInput });
    latestInput.push(itemText(item));
  }
  const pendingCallIds = [...knownCallIds].filter((id) => !answered.has(id));
  const inputSegments = segments.map((seg) => ({ responsesBefore: seg.responsesBefore, text: seg.text.join('\n') }));
  return {
    modelResponses,
    latestInputText: latestInput.join('\n'),
    pendingCallIds,
    knownCallIds,
    orphanOutputIds,
    customCallIds,
    customOutputIds,
    inputSegments,
    userTexts,
    compactedResponses,
    modelRuns,
  };
}

/**
 * What the server actually has to read: a compaction item supersedes the items before it, except
 * the user messages that a `/responses/compact` window keeps ahead of it.
 */
export function effectiveContext(items: WireItem[]): WireItem[] {
  let last = -1;
  items.forEach((item, i) => {
    if (item.type === 'compaction') last = i;
  });
  if (last < 0) return items;
  const compaction = items[last]!;
  const keepsUserMessages = decodeCompaction(compaction.encrypted_content)?.origin !== 'inline';
  const kept = keepsUserMessages ? items.slice(0, last).filter((i) => i.type === 'message' && i.role === 'user') : [];
  return [...kept, ...items.slice(last)];
}

/** Every call_id answered in the context (used when compacting). */
export function answeredCallIds(items: WireItem[]): string[] {
  const ids: string[] = [];
  for (const item of items) {
    if (item.type === 'compaction') {
      ids.push(...(decodeCompaction(item.encrypted_content)?.answeredCallIds ?? []));
    } else if (item.type === 'function_call_output' || item.type === 'custom_tool_call_output') {
      ids.push(String(item.call_id));
    }
  }
  return ids;
}
