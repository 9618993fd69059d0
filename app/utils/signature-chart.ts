// The dashboard's "signatures per day" chart: stacked bars drawn as an SVG string on the server,
// readable without JavaScript. Its legend is the page's (CHART_SERIES), in text beside the swatches,
// and the held part is hatched, so nothing rests on colour alone.
import { escapeXml, svgOpen } from "~/utils/svg";

export type DayCounts = { day: string; confirmed: number; pending: number; flagged: number };

export type ChartLabels = {
  title: string;
  desc: string;
  /** The label of one bar, for its tooltip: "2026-11-30: 3 confirmed, 1 pending, 0 flagged". */
  bar: (day: DayCounts) => string;
};

// Drawn small so its text stays legible in the staff area's column (about 24rem wide).
const WIDTH = 480;
const HEIGHT = 240;
const PLOT = { left: 40, right: 8, top: 12, bottom: 44 };
const FONT = 13;

/** The chart's series, bottom up, with the fill the page's legend shows beside each name. */
export const CHART_SERIES = [
  { key: "confirmed", fill: "#1b6e3a" },
  { key: "pending", fill: "#8fb3d9" },
  { key: "flagged", fill: "url(#flagged-hatch)" },
] as const;
const SERIES = CHART_SERIES;

/** A round axis maximum and a step that gives about four grid lines. */
export function niceScale(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 4, step: 1 };
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough)!;
  return { top: Math.ceil(max / step) * step, step: Math.max(1, step) };
}

export function signatureChartSvg(days: DayCounts[], labels: ChartLabels): string {
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const totals = days.map((d) => d.confirmed + d.pending + d.flagged);
  const { top, step } = niceScale(Math.max(0, ...totals));
  const y = (value: number) => PLOT.top + plotHeight - (value / top) * plotHeight;
  const slot = plotWidth / Math.max(1, days.length);
  const barWidth = Math.max(2, slot * 0.7);
  const parts: string[] = [
    svgOpen({ id: "signature-chart", width: WIDTH, height: HEIGHT, title: labels.title, desc: labels.desc }),
    `<defs><pattern id="flagged-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
      `<rect width="6" height="6" fill="#f2c14e"/><line x1="0" y1="0" x2="0" y2="6" stroke="#7a5200" stroke-width="2"/></pattern></defs>`,
  ];
  for (let value = 0; value <= top; value += step) {
    const lineY = y(value).toFixed(1);
    parts.push(
      `<line x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${lineY}" y2="${lineY}" stroke="#ddd"/>`,
      `<text x="${PLOT.left - 6}" y="${lineY}" text-anchor="end" dominant-baseline="middle" font-size="${FONT}">${value}</text>`,
    );
  }
  // A label under every bar would overlap for 90 days; about ten are enough to read the axis.
  const labelEvery = Math.max(1, Math.ceil(days.length / 7));
  days.forEach((day, i) => {
    const x = PLOT.left + i * slot + (slot - barWidth) / 2;
    let base = 0;
    const rects = SERIES.map(({ key, fill }) => {
      const value = day[key];
      if (value <= 0) return "";
      const rect = `<rect x="${x.toFixed(1)}" y="${y(base + value).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(y(base) - y(base + value)).toFixed(1)}" fill="${fill}"/>`;
      base += value;
      return rect;
    }).join("");
    parts.push(`<g><title>${escapeXml(labels.bar(day))}</title>${rects}</g>`);
    if (i % labelEvery === 0) {
      const labelX = (x + barWidth / 2).toFixed(1);
      const labelY = HEIGHT - PLOT.bottom + 14;
      parts.push(
        `<text x="${labelX}" y="${labelY}" font-size="${FONT}" text-anchor="end" transform="rotate(-45 ${labelX} ${labelY})">${escapeXml(day.day.slice(5))}</text>`,
      );
    }
  });
  parts.push(`<line x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${y(0)}" y2="${y(0)}" stroke="#333"/>`);
  parts.push("</svg>");
  return parts.join("");
}
