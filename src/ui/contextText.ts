// The status bar's context meter: `ctx 62 %` of a known window, `ctx 41k` without one. Pure.
import { roundTokens } from '../agent/compactionText.js';
import type { Tone } from './theme.js';

export { compactionCompletedText, compactionStartedText } from '../agent/compactionText.js';

export function contextMeterText(context: { tokens: number; percent: number | null }): string {
  return context.percent === null ? `ctx ${roundTokens(context.tokens)}` : `ctx ${context.percent} %`;
}

/** Yellow from 70 %, red from 90 %: the meter is worth a look before compaction comes. */
export function contextMeterTone(percent: number | null): Tone | undefined {
  if (percent === null) return undefined;
  if (percent >= 90) return 'red';
  return percent >= 70 ? 'yellow' : undefined;
}
