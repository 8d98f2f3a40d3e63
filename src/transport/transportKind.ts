/** Which transport carried a request. Its own file so that types.ts and TransportError.ts share it without importing each other. */
export type TransportKind = 'ws' | 'http';
