// Counters of renders, so tests (and a curious developer) can check that streaming is throttled:
// `app` counts commits of the App (one per flushed batch of events), `tail` renders of the
// streaming tail, `transcriptItems` renders of finished items (each should happen once).
export const renderStats = { app: 0, tail: 0, transcriptItems: 0 };

export function resetRenderStats(): void {
  renderStats.app = 0;
  renderStats.tail = 0;
  renderStats.transcriptItems = 0;
}
