// A small inline SVG chart of stored size per backup over time: no library, no request.
import { bytes } from "./format.js";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 640;
const HEIGHT = 180;
const PAD = { left: 64, right: 12, top: 12, bottom: 28 };

function node(tag, attributes, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

/** @param backups [{startedAt, storedBytes, id}], any order */
export function sizeChart(backups) {
  const points = backups.map((b) => ({ t: new Date(b.startedAt).getTime(), v: b.storedBytes, id: b.id }))
    .sort((a, b) => a.t - b.t);
  const svg = node("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", class: "size-chart" });
  const label = points.length === 0 ? "No backups to chart."
    : `Stored size of ${points.length} backups, from ${bytes(Math.min(...points.map((p) => p.v)))} to ${bytes(Math.max(...points.map((p) => p.v)))}.`;
  svg.append(node("title", {}, label));
  if (points.length === 0) return svg;
  const t0 = points[0].t;
  const t1 = points[points.length - 1].t;
  const vMax = Math.max(...points.map((p) => p.v)) || 1;
  const x = (t) => PAD.left + (t1 === t0 ? (WIDTH - PAD.left - PAD.right) / 2 : ((t - t0) / (t1 - t0)) * (WIDTH - PAD.left - PAD.right));
  const y = (v) => HEIGHT - PAD.bottom - (v / vMax) * (HEIGHT - PAD.top - PAD.bottom);
  svg.append(node("line", { x1: PAD.left, y1: HEIGHT - PAD.bottom, x2: WIDTH - PAD.right, y2: HEIGHT - PAD.bottom, class: "axis" }));
  svg.append(node("line", { x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: HEIGHT - PAD.bottom, class: "axis" }));
  svg.append(node("text", { x: PAD.left - 6, y: PAD.top + 4, "text-anchor": "end", class: "tick" }, bytes(vMax)));
  svg.append(node("text", { x: PAD.left - 6, y: HEIGHT - PAD.bottom, "text-anchor": "end", class: "tick" }, "0"));
  const day = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
  svg.append(node("text", { x: PAD.left, y: HEIGHT - 8, class: "tick" }, day.format(new Date(t0))));
  if (t1 !== t0) svg.append(node("text", { x: WIDTH - PAD.right, y: HEIGHT - 8, "text-anchor": "end", class: "tick" }, day.format(new Date(t1))));
  if (points.length > 1) {
    svg.append(node("polyline", { points: points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(" "), class: "line" }));
  }
  for (const p of points) {
    const dot = node("circle", { cx: x(p.t).toFixed(1), cy: y(p.v).toFixed(1), r: 3, class: "dot" });
    dot.append(node("title", {}, `${p.id}: ${bytes(p.v)}`));
    svg.append(dot);
  }
  return svg;
}
