// The request fields that depend on the model (protocol.md §2, §10): `reasoning` {effort, summary}
// for reasoning models, `include: ["reasoning.encrypted_content"]` when their reasoning must be
// replayable under store:false, and `text.verbosity` for GPT-5 models. A model that does not reason
// (gpt-4.1) gets none of them: the real API answers `reasoning` for such a model with a 400.

export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';
export type ReasoningSummary = 'auto' | 'concise' | 'detailed' | 'none';
export type Verbosity = 'low' | 'medium' | 'high';

export interface ModelTuning {
  /** null: send no effort (the model's default). */
  reasoningEffort: ReasoningEffort | null;
  /** `none`: send no summary (the model's thinking is not shown). */
  reasoningSummary: ReasoningSummary;
  /** null: send no `text.verbosity`. */
  verbosity: Verbosity | null;
  /** Per-model overrides of whether a model reasons (exact model names). */
  reasoningModels: Readonly<Record<string, boolean>>;
}

export const DEFAULT_TUNING: ModelTuning = { reasoningEffort: null, reasoningSummary: 'auto', verbosity: null, reasoningModels: {} };

/** The model name without a router's vendor prefix (`openai/gpt-5` on OpenRouter). */
function baseName(model: string): string {
  return model.trim().toLowerCase().replace(/^.*\//, '');
}

/**
 * The `gpt-5*`, `gpt-6*` and `o<digit>*` families reason, except the `gpt-5…-chat` models (which reject
 * `reasoning`); an exact entry in `overrides` decides first.
 */
export function isReasoningModel(model: string, overrides: Readonly<Record<string, boolean>> = {}): boolean {
  if (Object.hasOwn(overrides, model)) return overrides[model] === true;
  const name = baseName(model);
  if (/^gpt-5(\.\d+)?-chat/.test(name)) return false;
  return name.startsWith('gpt-5') || name.startsWith('gpt-6') || /^o\d/.test(name);
}

/** `text.verbosity` exists for the GPT-5 family only. */
export function hasVerbosity(model: string): boolean {
  return baseName(model).startsWith('gpt-5');
}

/** The fields that shape the model's state (part of the chain's fingerprint): `reasoning`, `text`. */
export function tuningFields(model: string, tuning: ModelTuning): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (isReasoningModel(model, tuning.reasoningModels)) {
    const reasoning: Record<string, string> = {};
    if (tuning.reasoningEffort !== null) reasoning.effort = tuning.reasoningEffort;
    if (tuning.reasoningSummary !== 'none') reasoning.summary = tuning.reasoningSummary;
    if (Object.keys(reasoning).length > 0) fields.reasoning = reasoning;
  }
  if (tuning.verbosity !== null && hasVerbosity(model)) fields.text = { verbosity: tuning.verbosity };
  return fields;
}

/**
 * Every model-dependent field of a request. Under store:false a reasoning model's items can only be
 * handed back in a new chain with their encrypted content, so it is asked for on every request.
 */
export function modelRequestFields(model: string, tuning: ModelTuning, store: boolean): Record<string, unknown> {
  const fields = tuningFields(model, tuning);
  if (!store && isReasoningModel(model, tuning.reasoningModels)) fields.include = ['reasoning.encrypted_content'];
  return fields;
}

/** `steering`: `auto` steers natively where the model can (protocol.md §11); `queue` always holds steers for the next request. */
export type SteeringMode = 'auto' | 'queue';

/**
 * The GPT-6 family can be steered mid-response (`response.steer`); GPT-5.x and earlier cannot. An
 * exact entry in `overrides` (the `steeringModels` setting) decides first.
 */
export function isSteerableModel(model: string, overrides: Readonly<Record<string, boolean>> = {}): boolean {
  if (Object.hasOwn(overrides, model)) return overrides[model] === true;
  return baseName(model).startsWith('gpt-6');
}
