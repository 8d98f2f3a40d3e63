/**
 * Where and as whom every request goes, the same for the socket upgrade, the HTTP POSTs and
 * `/responses/compact`: the base URL's path, the query parameters (the base URL's own merged with
 * the configured ones: Azure's `?api-version=…`), the key in the one header the provider names,
 * and the extra headers (which can never replace the key's header).
 */
import type { ClientOptions } from 'openai';
import type { EndpointOptions } from './types.js';

const AUTHORIZATION = 'authorization';

/** The base URL without query or fragment, and every query parameter requests must carry. */
export function splitBaseUrl(baseUrl: string, extra: Readonly<Record<string, string>> = {}): { base: string; query: Record<string, string> } {
  const url = new URL(baseUrl.trim());
  const query: Record<string, string> = Object.fromEntries(url.searchParams);
  Object.assign(query, extra);
  url.search = '';
  url.hash = '';
  return { base: url.toString().replace(/\/+$/, ''), query };
}

/** The header the key travels in, lower-case (`authorization` unless the provider names another). */
export function keyHeaderName(options: Pick<EndpointOptions, 'apiKeyHeader'>): string {
  return (options.apiKeyHeader ?? AUTHORIZATION).trim().toLowerCase() || AUTHORIZATION;
}

/** The key's header: `Authorization: Bearer KEY`, or `NAME: KEY` for a provider such as Azure. */
export function keyHeader(options: Pick<EndpointOptions, 'apiKey' | 'apiKeyHeader'>): Record<string, string> {
  const name = keyHeaderName(options);
  return name === AUTHORIZATION ? { Authorization: `Bearer ${options.apiKey}` } : { [name]: options.apiKey };
}

/** The configured extra headers, minus any that would replace the key's header or Authorization. */
export function extraHeaders(options: Pick<EndpointOptions, 'headers' | 'apiKeyHeader'>): Record<string, string> {
  const reserved = new Set([AUTHORIZATION, keyHeaderName(options)]);
  return Object.fromEntries(Object.entries(options.headers ?? {}).filter(([name]) => !reserved.has(name.toLowerCase())));
}

/**
 * Options for an `openai` SDK client on this endpoint. Everything explicit: left undefined, the SDK
 * fills organization, project and admin key from OPENAI_* environment variables. With a key header
 * other than Authorization, the SDK's own `Authorization: Bearer` is removed (a null header).
 */
export function sdkClientOptions(options: EndpointOptions): ClientOptions & { baseURL: string } {
  const { base, query } = splitBaseUrl(options.baseUrl, options.query);
  const name = keyHeaderName(options);
  const headers: Record<string, string | null> = { ...extraHeaders(options) };
  if (name !== AUTHORIZATION) Object.assign(headers, { Authorization: null }, keyHeader(options));
  return {
    apiKey: options.apiKey,
    adminAPIKey: null,
    organization: options.organization ?? null,
    project: options.project ?? null,
    baseURL: base,
    ...(Object.keys(query).length > 0 && { defaultQuery: query }),
    defaultHeaders: headers,
  };
}
