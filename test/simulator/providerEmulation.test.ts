// Provider emulation (issue 10.3 support): an Azure-style endpoint that requires a query parameter
// (404 "Resource not found" without it) and reads the key verbatim from its own header.
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { RawSocket, responseOf } from '../helpers/rawSocket.js';
import { CHAT, userMessage } from '../helpers/scenarios.js';

let sim: Simulator;
afterEach(async () => sim?.close());

const AZURE_404 = { error: { code: '404', message: 'Resource not found' } };
const body = JSON.stringify({ model: 'gpt-4.1', store: false, input: 'hi' });

async function refusedUpgrade(url: string, headers: Record<string, string>): Promise<number | undefined> {
  return RawSocket.connect(url, headers).then(
    (s) => {
      s.close();
      return undefined;
    },
    (e: { statusCode?: number }) => e.statusCode,
  );
}

describe('provider emulation', () => {
  it('requires the query parameters over HTTP and on the upgrade, as Azure does', async () => {
    sim = await createSimulator({ scenario: CHAT, requireQuery: { 'api-version': '2025-04-01-preview' } });
    const post = (query: string) => fetch(`${sim.baseUrl}/responses${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    for (const query of ['', '?api-version=2024-01-01']) {
      const res = await post(query);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual(AZURE_404);
    }
    expect((await post('?api-version=2025-04-01-preview')).status).toBe(200);
    const compact = await fetch(`${sim.baseUrl}/responses/compact`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(compact.status).toBe(404);
    await compact.body?.cancel();
    expect(await refusedUpgrade(sim.wsUrl, {})).toBe(404);
    const s = await RawSocket.connect(`${sim.wsUrl}?api-version=2025-04-01-preview`);
    s.create({ model: 'gpt-4.1', store: false, input: [userMessage('hi')] });
    expect(responseOf(await s.response()).status).toBe('completed');
    s.close();
    expect(sim.log.entries.filter((e) => e.httpStatus === 404).map((e) => e.kind)).toEqual(['response', 'response', 'compact', 'upgrade']);
  });

  it('reads the key verbatim from the named header; a bearer token instead is a 401', async () => {
    sim = await createSimulator({ scenario: CHAT, apiKey: 'az-key', apiKeyHeader: 'api-key' });
    const post = (headers: Record<string, string>) =>
      fetch(`${sim.baseUrl}/responses`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const bearer = await post({ authorization: 'Bearer az-key' });
    expect(bearer.status).toBe(401);
    expect(((await bearer.json()) as { error: { code: string } }).error.code).toBe('invalid_api_key');
    expect((await post({ 'api-key': 'Bearer az-key' })).status).toBe(401);
    expect((await post({ 'api-key': 'az-key' })).status).toBe(200);
    expect(await refusedUpgrade(sim.wsUrl, { Authorization: 'Bearer az-key' })).toBe(401);
    const s = await RawSocket.connect(sim.wsUrl, { 'api-key': 'az-key' });
    s.create({ model: 'gpt-4.1', store: false, input: [userMessage('hi')] });
    expect(responseOf(await s.response()).status).toBe('completed');
    s.close();
  });
});
