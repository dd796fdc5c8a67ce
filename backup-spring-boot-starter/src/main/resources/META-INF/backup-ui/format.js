// Human units for sizes, durations and times. Times show in the browser's zone, with the UTC value on hover.

const UNITS = ["B", "KB", "MB", "GB", "TB", "PB"];

/** 1536 -> "1.5 KB" (powers of 1024, as the rest of the project writes sizes). */
export function bytes(value) {
  if (value === null || value === undefined) return "—";
  let n = Number(value);
  let unit = 0;
  while (Math.abs(n) >= 1024 && unit < UNITS.length - 1) {
    n /= 1024;
    unit++;
  }
  return `${unit === 0 ? n : n.toFixed(n < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

/** 93_000 ms -> "1 min 33 s". */
export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return "—";
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  let s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  s %= 60;
  if (h) return `${h} h ${m} min`;
  if (m) return `${m} min ${s} s`;
  return `${s} s`;
}

/** "3 h ago" / "in 5 min". */
export function relative(iso, now = Date.now()) {
  if (!iso) return "";
  const delta = new Date(iso).getTime() - now;
  const words = duration(Math.abs(delta));
  return delta < 0 ? `${words} ago` : `in ${words}`;
}

const LOCAL = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

/** A <time> element: local time as text, the UTC value in its title and datetime. */
export function time(iso, withRelative = false) {
  const element = document.createElement("time");
  if (!iso) {
    element.textContent = "—";
    return element;
  }
  const date = new Date(iso);
  element.dateTime = date.toISOString();
  element.title = `${date.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z").replace("Z", " UTC")}`;
  element.textContent = LOCAL.format(date) + (withRelative ? ` (${relative(iso)})` : "");
  return element;
}

/** Creates an element with text and attributes; children may be nodes or strings. */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") element.className = value;
    else if (name === "text") element.textContent = value;
    else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}
