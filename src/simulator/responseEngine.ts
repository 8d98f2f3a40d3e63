// The transport-independent heart of the simulator: validates a create request, resolves its
// previous response (connection cache, store, or not found), checks the function-call chain,
// asks the scripted model for output and prices it with the network profile. The WebSocket and
// HTTP front ends only pace and deliver what this returns.
import { jsonSchemaFormat, structuredMessage } from './structuredOutput.js';
import { type ApiError, integerBelowMinimum, invalidRequest, previousResponseNotFound, rateLimited, serverError } from './apiErrors.js';
import { compactionItemTokens, encodeCompaction, summaryTokensFor } from './compactionBlob.js';
import { analyseConversation, answeredCallIds, effectiveContext, type InputError, itemText, normaliseInput, type WireItem } from './conversation.js';
import { buildStream, type BuiltStream } from './eventStream.js';
import { failStream } from './failedStream.js';
import type { FaultSpec } from './faults.js';
import { newCompactionId, newResponseId } from './ids.js';
import { resolveInputItems } from './inputReferences.js';
import type { NetworkProfile } from './profiles.js';
import type { CacheSource, InputMode } from './requestLog.js';
import { baseResponse, usageOf, type WireResponse } from './responseObject.js';
import type { Scenario } from './scenario.js';
import { hiddenReasoning, readReasoning } from './reasoningModels.js';
import { planOutput, type OutputPlan } from './scriptedModel.js';
import { withOfferedSearch } from './webSearch.js';
import { planWithOfferedTools } from './toolUsingModel.js';
import { modeModelOutput, offeredToolNames } from './modeModels.js';
import { isReviewSchema, planReview } from './reviewModel.js';
import { validateCreateRequest } from './requestValidation.js';
import { checkToolsOffered } from './toolOffer.js';
import type { ConnectionCache, LaneId, ResponseStore } from './stateStores.js';
import { estimateJsonTokens, estimateTokens } from './tokens.js';
import { contextLengthExceeded, inputOverWindow } from './contextWindow.js';

export interface EngineDeps {
  scenario: Scenario | null;
  settings: {
    rounds: number;
    encryptedReasoning: 'include' | 'always';
    streamErrorShape: 'flat' | 'nested';
    /** The models served; `anyModel` takes any name. */
    models: readonly string[];
    anyModel: boolean;
    /** Input tokens every model takes; null: each model's real window. */
    contextWindow: number | null;
  };
  profile: NetworkProfile;
  store: ResponseStore;
}

export interface RequestFacts {
  model: string | null;
  store: boolean | null;
  generate: boolean;
  previousResponseId: string | null;
  inputMode: InputMode;
  cache: CacheSource;
  inputItems: number;
  inputTypes: string[];
  functionCallOutputIds: string[];
  /** The request's `stream_id` when it carried a string one (the lane), else null. */
  streamId: string | null;
  forked: boolean;
  forkedFrom: string | null;
  /** The text of each user message in the input. */
  userTexts: string[];
  /** The text of each developer message in the input. */
  developerTexts: string[];
  /** The request's `instructions`, null when it had none. */
  instructions: string | null;
  /** The names of the tools the request offered, in order. */
  tools: string[];
  /** `input_image` parts inside tool outputs (function_call_output given as content parts). */
  toolOutputImages: number;
}

export type EngineOutcome =
  | { kind: 'error'; error: ApiError; facts: RequestFacts }
  | {
      kind: 'stream';
      facts: RequestFacts;
      stream: BuiltStream;
      step: number | null;
      /** The scenario branch (sub-agent script) the step came from, if any. */
      branch: string | null;
      /** Simulated server time up to the terminal event (ms). */
      serverMs: number;
      /** Call when the terminal event was delivered: makes the response continuable. */
      commit: () => void;
      /** Call when the response failed or was cut off: the referenced id is evicted. */
      abandon: () => void;
    };

const itemTokens = (item: WireItem): number => (item.type === 'compaction' ? compactionItemTokens(item.encrypted_content) : estimateJsonTokens(item));

/** Tokens of what the server reads for this context (a compaction item supersedes what precedes it). */
export function contextTokens(items: WireItem[]): number {
  return effectiveContext(items).reduce((n, item) => n + itemTokens(item), 0);
}

/** The threshold of a `context_management: [{type: "compaction", compact_threshold}]` entry. */
function serverCompactionThreshold(value: unknown): number | null {
  if (!Array.isArray(value)) return null;
  const entry = value.find((v) => (v as { type?: unknown })?.type === 'compaction') as { compact_threshold?: unknown } | undefined;
  return entry && typeof entry.compact_threshold === 'number' ? entry.compact_threshold : null;
}

export function describeRequest(body: Record<string, unknown>, items: WireItem[] | null): RequestFacts {
  const prev = typeof body.previous_response_id === 'string' ? body.previous_response_id : null;
  const list = items ?? [];
  return {
    model: typeof body.model === 'string' ? body.model : null,
    store: typeof body.store === 'boolean' ? body.store : null,
    generate: body.generate !== false,
    previousResponseId: prev,
    inputMode: prev ? 'incremental' : list.some((i) => i.type === 'compaction') ? 'compacted' : 'full',
    cache: prev ? 'miss' : 'none',
    inputItems: list.length,
    inputTypes: list.map((i) => i.type),
    functionCallOutputIds: list.filter((i) => i.type === 'function_call_output').map((i) => String(i.call_id)),
    streamId: typeof body.stream_id === 'string' ? body.stream_id : null,
    forked: false,
    forkedFrom: null,
    userTexts: list.filter((i) => i.type === 'message' && i.role === 'user').map(itemText),
    developerTexts: list.filter((i) => i.type === 'message' && i.role === 'developer').map(itemText),
    instructions: typeof body.instructions === 'string' ? body.instructions : null,
    tools: offeredToolNames(body.tools),
    toolOutputImages: list
      .filter((i) => i.type === 'function_call_output' && Array.isArray(i.output))
      .reduce((n, i) => n + (i.output as Array<{ type?: unknown }>).filter((p) => p?.type === 'input_image').length, 0),
  };
}

/** The service refuses a smaller `max_output_tokens` (Open Responses' schema says the same). */
const MIN_OUTPUT_TOKENS = 16;

export interface CreateContext {
  transport: 'ws' | 'http';
  /** The connection-local cache (WebSocket only). */
  cache: ConnectionCache | null;
  fault: FaultSpec | undefined;
  /**
   * The lane the request runs on (WebSocket with lanes on; its `stream_id` was validated
   * before). Absent: `stream_id` is an unknown parameter (HTTP, or a server without lanes).
   */
  lane?: LaneId;
  /** Steers the server puts before the request's input (protocol.md §11, the tool-call path's continuation). */
  prependInput?: WireItem[];
  /** An automatic successor whose `previous_response_id` is configured to show null (it still continues its parent). */
  hidePreviousResponseId?: boolean;
}

export function handleCreate(deps: EngineDeps, body: Record<string, unknown>, ctx: CreateContext): EngineOutcome {
  // What the real service refuses outright (protocol.md §12); `stream_id` is a parameter only on a socket with lanes.
  const refusal = validateCreateRequest(body, {
    transport: ctx.transport,
    lanes: ctx.lane !== undefined,
    models: deps.settings.anyModel ? null : deps.settings.models,
  });
  let items: WireItem[];
  try {
    items = normaliseInput(body.input);
  } catch (err) {
    const e = err as InputError;
    return { kind: 'error', error: refusal ?? invalidRequest(e.message, e.param, e.code), facts: describeRequest(body, null) };
  }
  const facts = describeRequest(body, items);
  const prevId = facts.previousResponseId;
  const lane: LaneId = ctx.lane ?? null;
  // Another lane's latest response named as previous_response_id: a fork (protocol.md §9).
  const hit = prevId ? ctx.cache?.find(prevId) : undefined;
  const forkSource = hit && hit.lane !== lane ? hit : undefined;
  // A 4xx/5xx on a continuation evicts the referenced response from the connection cache; a
  // failed fork keeps it, since it is another lane's latest and that lane may continue from it.
  const evictReferenced = (): void => {
    if (prevId && !forkSource) ctx.cache?.evict(prevId);
  };
  const fail = (error: ApiError): EngineOutcome => {
    evictReferenced();
    return { kind: 'error', error, facts };
  };

  if (refusal || !facts.model) return fail(refusal ?? invalidRequest("Missing required parameter: 'model'.", 'model', 'missing_required_parameter'));
  if (deps.scenario?.custom_tools === false && Array.isArray(body.tools)) {
    const at = body.tools.findIndex((t) => (t as { type?: unknown })?.type === 'custom');
    if (at >= 0) {
      return fail(
        invalidRequest(
          "Invalid value: 'custom'. Supported values are: 'function', 'file_search', 'web_search_preview', 'computer_use_preview' and 'mcp'.",
          `tools[${at}].type`,
        ),
      );
    }
  }
  if (body.background === true && ctx.cache) {
    return fail(invalidRequest('background is not supported over a WebSocket connection.', 'background'));
  }
  if (typeof body.max_output_tokens === 'number' && body.max_output_tokens < MIN_OUTPUT_TOKENS) {
    return fail(integerBelowMinimum('max_output_tokens', MIN_OUTPUT_TOKENS, body.max_output_tokens));
  }
  const reasoning = readReasoning(facts.model, body.reasoning);
  if ('error' in reasoning) return fail(reasoning);
  const resolved = resolveInputItems(items, body.store !== false, (id) => deps.store.item(id));
  if (!resolved.ok) return fail(resolved.error);
  if (ctx.fault?.kind === 'prev_not_found' && prevId) return fail(previousResponseNotFound(prevId));
  if (ctx.fault?.kind === 'rate_limit') return fail(rateLimited(facts.model, ctx.fault.retryAfterS ?? 1));
  if (ctx.fault?.kind === 'server_error') return fail(serverError());

  // Resolve the previous response: the connection's own slot first, then the store.
  let previousContext: WireItem[] = [];
  let reusedTokens = 0;
  let cachedTokens = 0;
  let storeLoadMs = 0;
  if (prevId) {
    const cached = hit?.state;
    const stored = cached ? undefined : deps.store.get(prevId);
    if (cached) {
      facts.cache = 'connection';
      if (forkSource) {
        facts.forked = true;
        facts.forkedFrom = forkSource.lane;
      }
      previousContext = cached.context;
      reusedTokens = cached.contextTokens;
      cachedTokens = cached.contextTokens;
    } else if (stored) {
      facts.cache = 'store';
      previousContext = stored.context;
      reusedTokens = stored.contextTokens;
      storeLoadMs = deps.profile.storeLoadBaseMs + (stored.contextTokens / 1000) * deps.profile.storeLoadMsPer1kTokens;
    } else {
      return fail(previousResponseNotFound(prevId));
    }
  }

  const context = [...previousContext, ...(ctx.prependInput ?? []), ...resolved.items];
  const conversation = analyseConversation(context);
  const orphan = conversation.orphanOutputIds[0];
  if (orphan) {
    const what = conversation.customOutputIds.has(orphan) ? 'custom tool call output' : 'function call output';
    return fail(invalidRequest(`No tool call found for ${what} with call_id ${orphan}.`, 'input'));
  }
  const pending = conversation.pendingCallIds[0];
  if (pending) {
    const what = conversation.customCallIds.has(pending) ? 'custom tool call' : 'function call';
    return fail(invalidRequest(`No tool output found for ${what} ${pending}.`, 'input'));
  }

  const promptTokens = estimateTokens(typeof body.instructions === 'string' ? body.instructions : '') + estimateJsonTokens(body.tools);
  const itemsTokens = contextTokens(context);
  const inputTokens = promptTokens + itemsTokens;
  const rebuildMs = ((inputTokens - reusedTokens) / 1000) * deps.profile.rebuildMsPer1kTokens;

  const outputSchema = jsonSchemaFormat(body.text);
  // A request for a review in Codex's shape gets the reviewer, whatever the scenario.
  // Plan mode and /init are answered by models of their own (docs/simulator.md), whatever the scenario.
  const inMode = facts.generate ? modeModelOutput(body, effectiveContext(context)) : null;
  const plan: OutputPlan = !facts.generate
    ? { stepIndex: -1, calls: [] }
    : outputSchema && isReviewSchema(outputSchema)
      ? planReview(effectiveContext(context), body.tools)
      : (inMode ??
        (deps.scenario
          ? withOfferedSearch(checkToolsOffered(planOutput(deps.scenario, conversation), body.tools, deps.scenario.name), body.tools)
          : planWithOfferedTools(effectiveContext(context), body.tools, deps.settings.rounds, body.tool_choice)));
  if (outputSchema && plan.message !== undefined) plan.message = structuredMessage(plan.message, outputSchema);
  // A reasoning model thinks before every response it generates, shown or not.
  plan.reasoning = facts.generate && reasoning.reasons ? hiddenReasoning(plan) : undefined;
  // Server-side compaction (protocol.md §5): past the threshold the response starts with a
  // compaction item, and the chain continues from it instead of the whole context.
  const threshold = serverCompactionThreshold(body.context_management);
  if (facts.generate && threshold !== null && inputTokens > threshold) {
    plan.compaction = {
      id: newCompactionId(),
      encrypted_content: encodeCompaction({
        modelResponses: conversation.modelResponses,
        callIds: [...conversation.knownCallIds],
        answeredCallIds: answeredCallIds(context),
        latestInputText: conversation.latestInputText.slice(0, 4000),
        summaryTokens: summaryTokensFor(itemsTokens),
        origin: 'inline',
      }),
    };
  }
  const msPerToken = deps.profile.tokensPerSecond > 0 ? 1000 / deps.profile.tokensPerSecond : 0;
  const firstTokenMs = rebuildMs + storeLoadMs + (facts.generate ? deps.profile.ttftMs : 0);

  const response = baseResponse({ id: newResponseId(), body, createdAt: Math.floor(Date.now() / 1000) });
  response.reasoning = reasoning.echo as WireResponse['reasoning'];
  if (ctx.hidePreviousResponseId) response.previous_response_id = null;
  const include = Array.isArray(body.include) ? body.include : [];
  const stream = buildStream({
    response,
    plan,
    timing: { firstTokenMs, msPerToken },
    maxOutputTokens: typeof body.max_output_tokens === 'number' ? body.max_output_tokens : null,
    includeEncryptedReasoning: deps.settings.encryptedReasoning === 'always' || include.includes('reasoning.encrypted_content'),
    reasoningSummary: reasoning.summary,
    includeSearchSources: include.includes('web_search_call.action.sources'),
    usage: (out, reasoning) => usageOf(inputTokens, cachedTokens, out, reasoning),
  });

  if (ctx.fault?.kind === 'failed' || ctx.fault?.kind === 'stream_error') {
    failStream(stream, ctx.fault.kind === 'stream_error', deps.settings.streamErrorShape);
  } else if (facts.generate && inputOverWindow(inputTokens, facts.model ?? '', deps.settings.contextWindow)) {
    // As the service does: the response starts, then fails with an error event and response.failed.
    failStream(stream, true, 'nested', contextLengthExceeded());
  }

  const last = stream.events[stream.events.length - 1];
  return {
    kind: 'stream',
    facts,
    stream,
    step: facts.generate ? plan.stepIndex : null,
    branch: facts.generate ? (plan.branch ?? null) : null,
    serverMs: last ? last.atMs : 0,
    commit: () => {
      const finalContext = [...context, ...(stream.response.output as unknown as WireItem[])];
      const state = { responseId: stream.response.id, context: finalContext, contextTokens: contextTokens(finalContext) };
      ctx.cache?.put(state, lane);
      if (stream.response.store) deps.store.put({ ...state, response: stream.response });
    },
    abandon: evictReferenced,
  };
}
