export * from './wireTypes.js';
export * from './protocolError.js';
export * from './eventGuards.js';
export { parseServerFrame, parseSseData, type ParsedFrame, type ParsedSseData, type RawFrameData } from './frameParser.js';
export { headerLookup, retryAfterMsFrom, type HeaderLookup, type HeadersLike, type RetryAfterHints } from './retryAfter.js';
export * from './errorClassifier.js';
export { knownContextWindow } from './contextWindows.js';
