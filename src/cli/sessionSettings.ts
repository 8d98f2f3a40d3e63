// The part of a ModelSession's options that comes straight from the settings: where and how to
// connect, the model and its tuning, the timeouts. The agent and the review assemble their
// sessions from it, each adding its own instructions, tools and session file.
import type { Settings } from '../config/settings.js';
import type { ModelSessionOptions } from '../session/index.js';

export type SettingsSessionOptions = Omit<ModelSessionOptions, 'instructions' | 'tools'>;

/** `settings.apiKey` checked by the caller (missingKeyMessage when absent). */
export function sessionOptionsFrom(settings: Settings & { apiKey: string }): SettingsSessionOptions {
  return {
    endpoint: {
      baseUrl: settings.baseUrl,
      apiKey: settings.apiKey,
      ...(settings.organization && { organization: settings.organization }),
      ...(settings.project && { project: settings.project }),
      // [wire] provider headers, query parameters and the key's header.
      ...(Object.keys(settings.headers).length > 0 && { headers: settings.headers }),
      ...(Object.keys(settings.query).length > 0 && { query: settings.query }),
      ...(settings.apiKeyHeader !== 'authorization' && { apiKeyHeader: settings.apiKeyHeader }),
    },
    tuning: {
      reasoningEffort: settings.reasoningEffort,
      reasoningSummary: settings.reasoningSummary,
      verbosity: settings.verbosity,
      reasoningModels: settings.reasoningModels,
    },
    steering: settings.steering,
    steeringModels: settings.steeringModels,
    model: settings.model,
    transport: settings.transport,
    store: settings.store,
    rotateAfterMs: settings.rotateMinutes * 60_000,
    deadAfterMs: settings.deadSeconds * 1000,
    firstEventTimeoutMs: settings.firstEventTimeoutSeconds * 1000,
    streamIdleTimeoutMs: settings.streamIdleTimeoutSeconds * 1000,
    compactThresholdTokens: settings.compactThreshold > 0 ? settings.compactThreshold : null,
    autoCompactPercent: settings.autoCompactPercent,
    contextWindow: settings.contextWindow > 0 ? settings.contextWindow : null,
  };
}
