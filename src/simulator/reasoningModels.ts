// Which models reason, what `reasoning` a request may carry, and what the hidden reasoning of a
// step is. Reasoning models (`gpt-5*`, `gpt-6*`, `o<digit>*`) put a reasoning item before their output; its
// summary is shown only when the request asks for one. Others refuse the `reasoning` parameter.
import { type ApiError, invalidValue, unsupportedParameter } from './apiErrors.js';
import type { OutputPlan } from './scriptedModel.js';

const EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;
const SUMMARIES = ['auto', 'concise', 'detailed'] as const;

export function isReasoningModel(model: string): boolean {
  return /^(gpt-[56]|o\d)/.test(model);
}

export interface ReasoningRequest {
  /** The model reasons at all (a reasoning model whose effort is not `none`). */
  reasons: boolean;
  /** A summary was asked for (`reasoning.summary` auto, concise or detailed). */
  summary: boolean;
  /** What the Response echoes as its `reasoning` field. */
  echo: { effort: string | null; summary: string | null };
}

/** Validates `reasoning` against the model; an error like the real service's, or what it asked for. */
export function readReasoning(model: string, raw: unknown): ApiError | ReasoningRequest {
  const reasoning = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const effort = reasoning.effort ?? null;
  const summary = reasoning.summary ?? reasoning.generate_summary ?? null;
  if (!isReasoningModel(model)) {
    if (effort !== null) return unsupportedParameter('reasoning.effort');
    if (summary !== null) return unsupportedParameter('reasoning.summary');
    return { reasons: false, summary: false, echo: { effort: null, summary: null } };
  }
  if (effort !== null && !(EFFORTS as readonly unknown[]).includes(effort)) return invalidValue('reasoning.effort', effort, EFFORTS);
  if (summary !== null && !(SUMMARIES as readonly unknown[]).includes(summary)) return invalidValue('reasoning.summary', summary, SUMMARIES);
  const effective = (effort as string | null) ?? 'medium';
  return {
    reasons: effective !== 'none',
    summary: summary !== null && effective !== 'none',
    echo: { effort: effective, summary: summary as string | null },
  };
}

/**
 * What the model thinks before a step: the scenario's own reasoning, or a short plan of what the
 * step does. It costs output tokens (and model time) whether or not a summary is shown.
 */
export function hiddenReasoning(plan: OutputPlan): string {
  if (plan.reasoning) return plan.reasoning;
  const names = [...new Set(plan.calls.map((c) => c.name))];
  if (names.length > 0) return `**Next step**\n\nCall ${names.join(' and ')}.`;
  return '**Answering**\n\nAnswer directly.';
}
