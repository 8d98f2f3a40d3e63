// The endpoint pieces both transports and compaction share: the base URL split from its query, the
// query merged into the socket URL, the key in exactly one header.
import { expect, it } from 'vitest';
import { extraHeaders, keyHeader, sdkClientOptions, splitBaseUrl } from '../../src/transport/endpoint.js';
import { websocketUrl } from '../../src/transport/websocketUrl.js';

it('splits the query off the base URL (the SDK appends the path after it) and merges the configured one over it', () => {
  expect(splitBaseUrl('https://r.openai.azure.com/openai/v1?api-version=2025-04-01-preview')).toEqual({
    base: 'https://r.openai.azure.com/openai/v1',
    query: { 'api-version': '2025-04-01-preview' },
  });
  expect(splitBaseUrl('http://h/v1/?a=1&b=2#x', { b: '3', c: '4' })).toEqual({ base: 'http://h/v1', query: { a: '1', b: '3', c: '4' } });
});

it('the socket URL keeps the base query and adds the configured parameters after /responses', () => {
  expect(websocketUrl('https://r.example/openai/v1?api-version=1', { deployment: 'x' })).toBe('wss://r.example/openai/v1/responses?api-version=1&deployment=x');
});

it('the key goes in Authorization as Bearer, or raw in the header the provider names and then nowhere else', () => {
  expect(keyHeader({ apiKey: 'k' })).toEqual({ Authorization: 'Bearer k' });
  expect(keyHeader({ apiKey: 'k', apiKeyHeader: 'API-Key' })).toEqual({ 'api-key': 'k' });
  expect(extraHeaders({ headers: { Authorization: 'Bearer other', 'Api-Key': 'x', 'X-A': '1' }, apiKeyHeader: 'api-key' })).toEqual({ 'X-A': '1' });
  const azure = sdkClientOptions({ baseUrl: 'https://r/openai/v1?api-version=2', apiKey: 'k', apiKeyHeader: 'api-key', headers: { 'X-A': '1' } });
  expect(azure).toMatchObject({
    baseURL: 'https://r/openai/v1',
    defaultQuery: { 'api-version': '2' },
    defaultHeaders: { 'X-A': '1', Authorization: null, 'api-key': 'k' },
  });
  const plain = sdkClientOptions({ baseUrl: 'https://api.openai.com/v1', apiKey: 'k' });
  expect(plain.defaultQuery).toBeUndefined();
  expect(plain.defaultHeaders).toEqual({});
});
