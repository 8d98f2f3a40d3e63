// Base URL → WebSocket URL (protocol.md §1): one setting serves both transports.
import { describe, expect, it } from 'vitest';
import { websocketUrl } from '../../src/transport/index.js';

describe('websocketUrl', () => {
  it.each([
    ['https://api.openai.com/v1', 'wss://api.openai.com/v1/responses'],
    ['https://api.openai.com/v1/', 'wss://api.openai.com/v1/responses'],
    ['https://api.openai.com/v1///', 'wss://api.openai.com/v1/responses'],
    ['http://127.0.0.1:41234/v1', 'ws://127.0.0.1:41234/v1/responses'],
    ['http://localhost:8080/v1/', 'ws://localhost:8080/v1/responses'],
    ['https://gateway.example.com/openai/v1?tenant=a', 'wss://gateway.example.com/openai/v1/responses?tenant=a'],
    ['http://[::1]:9000/v1', 'ws://[::1]:9000/v1/responses'],
    ['wss://proxy.example.com/v1', 'wss://proxy.example.com/v1/responses'],
    ['https://example.com', 'wss://example.com/responses'],
  ])('%s → %s', (base, expected) => {
    expect(websocketUrl(base)).toBe(expected);
  });

  it('rejects what is not an http(s) URL', () => {
    expect(() => websocketUrl('ftp://example.com/v1')).toThrow(TypeError);
    expect(() => websocketUrl('api.openai.com/v1')).toThrow(TypeError);
  });
});
