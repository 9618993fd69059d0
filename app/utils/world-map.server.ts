// A world map of signers' countries, drawn on the server as an inline SVG from world-atlas's
// 1:110m countries (no tiles, no requests anywhere). The topology is read once per process and
// its projected outlines kept, so a dashboard only pays for the colouring.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { geoEqualEarth, geoPath } from "d3-geo";
import countryCodes from "i18n-iso-countries";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { escapeXml, svgOpen } from "~/utils/svg";

const WIDTH = 800;
const MAP_HEIGHT = 340;
// Antarctica has no signers and takes a sixth of the picture.
const LEFT_OUT = new Set(["010"]);

type Outline = { iso3: string | null; d: string };
let outlines: Outline[] | undefined;

function loadOutlines(): Outline[] {
  if (outlines) return outlines;
  // Read from the package at run time: the server build keeps node_modules external.
  const file = createRequire(import.meta.url).resolve("world-atlas/countries-110m.json");
  const topology = JSON.parse(readFileSync(file, "utf8")) as Topology<{ countries: GeometryCollection }>;
  const countries = feature(topology, topology.objects.countries);
  const kept = countries.features.filter((f) => !LEFT_OUT.has(String(f.id)));
  const projection = geoEqualEarth().fitSize([WIDTH, MAP_HEIGHT], {
    type: "FeatureCollection",
    features: kept,
  });
  const context = new CompactPath();
  const path = geoPath(projection, context);
  outlines = kept.map((f) => {
    path(f);
    return {
      // world-atlas keys countries by ISO 3166-1 numeric code; a few disputed areas have none.
      iso3: f.id === undefined ? null : (countryCodes.numericToAlpha3(String(f.id)) ?? null),
      d: context.take(),
    };
  });
  return outlines;
}

/**
 * A path context that writes whole pixels as relative moves and drops points that round onto the
 * previous one: at 800 pixels wide that is as fine as the 1:110m outlines, at a third of the bytes.
 */
class CompactPath {
  private parts: string[] = [];
  private x = 0;
  private y = 0;
  private start = [0, 0] as [number, number];
  private pointsInRing = 0;
  moveTo(x: number, y: number) {
    const [rx, ry] = [Math.round(x), Math.round(y)];
    this.parts.push(`m${rx - this.x} ${ry - this.y}`);
    [this.x, this.y, this.pointsInRing] = [rx, ry, 1];
    this.start = [rx, ry];
  }
  lineTo(x: number, y: number) {
    const [rx, ry] = [Math.round(x), Math.round(y)];
    if (rx === this.x && ry === this.y) return;
    this.parts.push(`${this.pointsInRing === 1 ? "l" : " "}${rx - this.x} ${ry - this.y}`);
    [this.x, this.y] = [rx, ry];
    this.pointsInRing++;
  }
  closePath() {
    // After "z" the pen is back at the ring's first point: the next "m" is relative to it.
    this.parts.push("z");
    [this.x, this.y] = this.start;
    this.pointsInRing = 0;
  }
  beginPath() {
    // Rings come as moveTo … closePath; nothing to start.
  }
  arc() {
    // Only points are drawn as arcs, and the map has none.
  }
  take(): string {
    // Each path starts from the origin again: "m" at the start of a path is absolute.
    const d = this.parts.join("").replace(/ -/g, "-");
    [this.parts, this.x, this.y] = [[], 0, 0];
    return d;
  }
}

const NO_DATA = "#e6e6e6";
const SHADES = ["#d4e6f5", "#9cc3e4", "#5b9bd1", "#2a6fb0", "#0b3f7a"];

/** Count bands for the legend: 1–9, 10–99, … up to the largest count (at most five). */
export function countBands(max: number): { from: number; to: number | null; fill: string }[] {
  const bands: { from: number; to: number | null; fill: string }[] = [];
  for (let i = 0, from = 1; i < SHADES.length && from <= Math.max(1, max); i++, from *= 10) {
    const last = i === SHADES.length - 1 || from * 10 > max;
    bands.push({ from, to: last ? null : from * 10 - 1, fill: SHADES[i]! });
  }
  return bands;
}

export type MapLabels = {
  title: string;
  desc: string;
  country: (iso3: string) => string;
  /** The tooltip of a country: its name and count, or "counted under other" for a folded one. */
  tooltip: (name: string, count: number | null) => string;
};

/**
 * The map, each country shaded by its count. `folded` countries (the DPRK, a campaign's sensitive
 * ones) are drawn like a country without signers and say they are counted under "other". Its
 * legend (`legend`: the fill of no signers, then each band) is for the page to write in text, where
 * it stays legible however narrow the map is drawn.
 */
export function worldMapSvg(
  counts: Record<string, number>,
  folded: Set<string>,
  labels: MapLabels,
): { svg: string; legend: { shade: number; from: number; to: number | null }[] } {
  const max = Math.max(0, ...Object.values(counts));
  const bands = countBands(max);
  const fillFor = (count: number) =>
    count <= 0 ? NO_DATA : (bands.findLast((band) => count >= band.from)?.fill ?? NO_DATA);
  const parts = [
    svgOpen({ id: "country-map", width: WIDTH, height: MAP_HEIGHT, title: labels.title, desc: labels.desc }),
    `<rect width="${WIDTH}" height="${MAP_HEIGHT}" fill="#f7fbff"/>`,
  ];
  for (const outline of loadOutlines()) {
    const isFolded = outline.iso3 !== null && folded.has(outline.iso3);
    const count = outline.iso3 && !isFolded ? (counts[outline.iso3] ?? 0) : 0;
    const tip = outline.iso3 ? labels.tooltip(labels.country(outline.iso3), isFolded ? null : count) : "";
    parts.push(
      `<path d="${outline.d}" fill="${fillFor(count)}" stroke="#fff" stroke-width="0.5">` +
        (tip ? `<title>${escapeXml(tip)}</title>` : "") +
        `</path>`,
    );
  }
  parts.push("</svg>");
  // Shade 0 is "no signers", then one per band: the page's CSS gives each its fill (an inline style
  // would break the staff area's CSP), the same as SHADES here.
  return {
    svg: parts.join(""),
    legend: [
      { shade: 0, from: 0, to: 0 },
      ...bands.map((band, i) => ({ shade: i + 1, from: band.from, to: band.to })),
    ],
  };
}
