// The benchmark's pictures as plain SVG (no dependency): grouped bars of end-to-end time by mode
// for each scenario and profile, and line charts of per-request values over a session.
const MODE_COLOURS: Record<string, string> = { ws: '#2b7bb9', 'http-full': '#d95f02', 'http-store': '#7570b3' };
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const text = (x: number, y: number, s: string, attrs = ''): string => `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${esc(s)}</text>`;

export interface BarRow {
  scenario: string;
  profile: string;
  mode: string;
  e2e_ms_median: number;
}

export interface Series {
  name: string;
  colour: string;
  values: number[];
}

/** One panel per profile; in each, a group of bars (one per mode) per scenario. */
export function barsPanel(rows: BarRow[], x0: number, y0: number, width: number, height: number): string {
  const profiles = [...new Set(rows.map((r) => r.profile))];
  const modes = [...new Set(rows.map((r) => r.mode))];
  const panelW = width / profiles.length;
  const out: string[] = [];
  profiles.forEach((profile, p) => {
    const px = x0 + p * panelW;
    const inPanel = rows.filter((r) => r.profile === profile);
    const scenarios = [...new Set(inPanel.map((r) => r.scenario))];
    const max = Math.max(1, ...inPanel.map((r) => r.e2e_ms_median));
    const plotH = height - 50;
    const groupW = (panelW - 40) / scenarios.length;
    const barW = (groupW - 12) / modes.length;
    out.push(text(px + 30, y0 + 12, `${profile}: end to end (s, median)`, 'font-weight="bold"'));
    out.push(`<line x1="${px + 30}" y1="${y0 + 20 + plotH}" x2="${px + panelW - 10}" y2="${y0 + 20 + plotH}" stroke="#999"/>`);
    scenarios.forEach((scenario, s) => {
      const gx = px + 34 + s * groupW;
      modes.forEach((mode, m) => {
        const row = inPanel.find((r) => r.scenario === scenario && r.mode === mode);
        if (!row) return;
        const h = (row.e2e_ms_median / max) * (plotH - 14);
        const bx = gx + m * barW;
        out.push(
          `<rect x="${bx.toFixed(1)}" y="${(y0 + 20 + plotH - h).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${MODE_COLOURS[mode] ?? '#666'}"><title>${esc(`${scenario} ${profile} ${mode}: ${row.e2e_ms_median} ms`)}</title></rect>`,
        );
        out.push(text(bx + barW / 2 - 1, y0 + 16 + plotH - h, (row.e2e_ms_median / 1000).toFixed(1), 'font-size="9" text-anchor="middle"'));
      });
      out.push(text(gx + (groupW - 12) / 2, y0 + 34 + plotH, scenario, 'font-size="10" text-anchor="middle"'));
    });
  });
  return out.join('\n');
}

/** A line chart of series over their index (request number), with a shared y axis from 0. */
export function linesPanel(title: string, series: Series[], x0: number, y0: number, width: number, height: number, unit: string): string {
  const all = series.flatMap((s) => s.values);
  const n = Math.max(1, ...series.map((s) => s.values.length));
  // The 99th percentile as the top: a compaction's spike should not flatten everything else.
  const sorted = [...all].sort((a, b) => a - b);
  const top = Math.max(1e-6, sorted[Math.floor(sorted.length * 0.99)] ?? 1);
  const plotX = x0 + 40;
  const plotW = width - 50;
  const plotY = y0 + 22;
  const plotH = height - 44;
  const out = [text(x0 + 40, y0 + 12, title, 'font-weight="bold"')];
  out.push(
    `<line x1="${plotX}" y1="${plotY + plotH}" x2="${plotX + plotW}" y2="${plotY + plotH}" stroke="#999"/><line x1="${plotX}" y1="${plotY}" x2="${plotX}" y2="${plotY + plotH}" stroke="#999"/>`,
  );
  out.push(text(plotX - 4, plotY + 4, `${top.toFixed(top < 10 ? 2 : 0)} ${unit}`, 'font-size="9" text-anchor="end"'));
  out.push(text(plotX - 4, plotY + plotH, `0`, 'font-size="9" text-anchor="end"'));
  out.push(text(plotX + plotW, plotY + plotH + 14, `request ${n}`, 'font-size="9" text-anchor="end"'));
  out.push(text(plotX, plotY + plotH + 14, '1', 'font-size="9"'));
  series.forEach((s, k) => {
    const points = s.values.map(
      (v, i) => `${(plotX + (i / Math.max(1, n - 1)) * plotW).toFixed(1)},${(plotY + plotH - (Math.min(v, top) / top) * plotH).toFixed(1)}`,
    );
    out.push(`<polyline fill="none" stroke="${s.colour}" stroke-width="1" points="${points.join(' ')}"/>`);
    out.push(
      `<rect x="${plotX + plotW - 150}" y="${plotY + k * 14}" width="10" height="8" fill="${s.colour}"/>` +
        text(plotX + plotW - 136, plotY + 8 + k * 14, s.name, 'font-size="10"'),
    );
  });
  return out.join('\n');
}

export function svgDocument(width: number, height: number, body: string[], caption: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...body,
    text(10, height - 8, caption, 'font-size="9" fill="#555"'),
    '</svg>',
    '',
  ].join('\n');
}

export function legend(x: number, y: number): string {
  return Object.entries(MODE_COLOURS)
    .map(([mode, colour], i) => `<rect x="${x + i * 90}" y="${y}" width="10" height="10" fill="${colour}"/>${text(x + i * 90 + 14, y + 9, mode)}`)
    .join('\n');
}
