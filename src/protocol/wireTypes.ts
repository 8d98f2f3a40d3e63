/**
 * The wire schema of the Responses API, as wsagent uses it.
 *
 * Every shape the `openai` SDK already describes is re-exported from it, never copied: when the API
 * grows, upgrading the package updates the whole project. The few local types below only cover
 * what the SDK does not model (the socket's warm-up flag and its request-error shape) or name a
 * union of SDK types that several layers need.
 */
import type {
  ResponseCompletedEvent,
  ResponseErrorEvent,
  ResponseFailedEvent,
  ResponseIncompleteEvent,
  ResponsesClientEvent,
  ResponsesServerEvent,
  WebSearchTool,
} from 'openai/resources/responses/responses';
import type { ErrorObject } from 'openai/resources/shared';

export type {
  CompactedResponse,
  CustomTool,
  EasyInputMessage,
  FunctionTool,
  Response,
  ResponseCompactionItem,
  ResponseCompactionItemParam,
  ResponseCompactParams,
  ResponseCompletedEvent,
  ResponseContentPartAddedEvent,
  ResponseContentPartDoneEvent,
  ResponseCreatedEvent,
  ResponseCreateParams,
  ResponseCreateParamsStreaming,
  ResponseCustomToolCall,
  ResponseCustomToolCallOutput,
  ResponseError,
  ResponseErrorEvent,
  ResponseFailedEvent,
  ResponseFunctionCallArgumentsDeltaEvent,
  ResponseFunctionCallArgumentsDoneEvent,
  ResponseFunctionToolCall,
  ResponseIncludable,
  ResponseIncompleteEvent,
  ResponseInProgressEvent,
  ResponseInput,
  ResponseInputItem,
  ResponseInputText,
  ResponseItem,
  ResponseOutputItem,
  ResponseOutputItemAddedEvent,
  ResponseOutputItemDoneEvent,
  ResponseOutputMessage,
  ResponseOutputText,
  ResponseReasoningItem,
  ResponseReasoningSummaryTextDeltaEvent,
  ResponseReasoningSummaryTextDoneEvent,
  ResponsesClientEvent,
  ResponsesServerEvent,
  ResponseStatus,
  ResponseStreamEvent,
  ResponseTextDeltaEvent,
  ResponseTextDoneEvent,
  ResponseUsage,
  Tool,
  ToolChoiceOptions,
  WebSearchTool,
} from 'openai/resources/responses/responses';
export type { ErrorObject } from 'openai/resources/shared';

/**
 * The hosted web_search tool. The SDK type lacks `external_web_access` (the API's switch between
 * live fetching, true by default, and cached or indexed results only, false; Codex's `cached` mode).
 */
export type HostedWebSearchTool = WebSearchTool & { external_web_access?: boolean };

/**
 * The client's `response.create` frame. The SDK type lacks `generate`, the socket-only warm-up
 * flag: `generate:false` prepares the request state and returns a chainable id without generating.
 */
export type ResponseCreateFrame = ResponsesClientEvent & { generate?: boolean };

/**
 * The error object inside a socket request error. It is the API's usual `ErrorObject`, except that
 * `param` is sometimes left out (the 60-minute limit error has none).
 */
export type SocketRequestErrorBody = Omit<ErrorObject, 'param'> & { param?: string | null };

/**
 * A request error sent over the socket in place of an HTTP error status (protocol.md §3, shape 1),
 * e.g. `previous_response_not_found` or `websocket_connection_limit_reached`. Some servers name the
 * status `status_code`; consumers should read it through `classifyError`, which accepts both.
 */
export interface SocketRequestErrorEvent {
  type: 'error';
  status?: number;
  status_code?: number;
  error: SocketRequestErrorBody;
}

/**
 * Anything the server may send on the socket or in an SSE `data:` line.
 *
 * Only `type` is checked at runtime: a frame whose type is not one of these still parses, and
 * consumers must let it fall through their `switch` unhandled (the API adds event types freely).
 */
export type ServerEvent = ResponsesServerEvent | SocketRequestErrorEvent;

/** Both error-event shapes; they share `type: "error"` and differ by the nested `error` object. */
export type ServerErrorEvent = ResponseErrorEvent | SocketRequestErrorEvent;

/** The events that end a response: after one of them nothing more arrives for that response. */
export type TerminalEvent = ResponseCompletedEvent | ResponseIncompleteEvent | ResponseFailedEvent;
