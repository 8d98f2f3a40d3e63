// `GET {baseUrl}/models`: the model ids the server offers (for the TUI's /model pick list), through
// the same SDK client and endpoint options as the HTTP transport.
import OpenAI from 'openai';
import type { EndpointOptions } from './types.js';

const LIST_TIMEOUT_MS = 10_000;

export async function listModels(endpoint: EndpointOptions, signal?: AbortSignal): Promise<string[]> {
  const client = new OpenAI({
    apiKey: endpoint.apiKey,
    adminAPIKey: null,
    organization: endpoint.organization ?? null,
    project: endpoint.project ?? null,
    baseURL: endpoint.baseUrl,
    maxRetries: 0,
    timeout: LIST_TIMEOUT_MS,
    logLevel: 'off',
  });
  const ids: string[] = [];
  for await (const model of client.models.list({ ...(signal && { signal }) })) ids.push(model.id);
  return ids.sort();
}
