export * from './types.js';
export * from './TransportError.js';
export { websocketUrl } from './websocketUrl.js';
export { sdkClientOptions, splitBaseUrl } from './endpoint.js';
export { NOT_A_RESPONSES_SERVER } from './httpFailure.js';
export { ResponsesSocket, RESPONSES_WEBSOCKET_BETA, type ResponsesSocketOptions } from './ResponsesSocket.js';
export { HttpTransport, type HttpTransportOptions } from './HttpTransport.js';
export { DEFAULT_FIRST_EVENT_TIMEOUT_MS, DEFAULT_STREAM_IDLE_TIMEOUT_MS, describeStall, type StreamTimeouts } from './StallWatch.js';
