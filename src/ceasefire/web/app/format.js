// Dates, numbers and names as people read them. Every function returns plain strings.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
  "Dec"];

/** "2020-01-13" -> "13 Jan 2020"; month or year precision shows only what is known. */
export function formatDate(iso, precision = "day") {
  if (!iso) return "date unknown";
  const [y, m, d] = String(iso).split("-");
  if (precision === "year" || !m) return y;
  if (precision === "month" || !d) return `${MONTHS[Number(m) - 1]} ${y}`;
  const day = `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
  return precision === "week" ? `week of ${day}` : day;
}

export function formatNumber(n) {
  return n === null || n === undefined ? "" : Number(n).toLocaleString("en-GB");
}

/** Fatalities {low, best, high} -> "280", "280–360", "at least 280". */
export function formatFatalities(f) {
  if (!f) return "";
  const { low, best, high } = f;
  if (best !== null && best !== undefined) {
    return low !== null && high !== null && low !== undefined && high !== undefined &&
      (low !== best || high !== best)
      ? `${formatNumber(best)} (${formatNumber(low)}–${formatNumber(high)})`
      : formatNumber(best);
  }
  if (low !== null && low !== undefined) {
    return high ? `${formatNumber(low)}–${formatNumber(high)}` : `at least ${formatNumber(low)}`;
  }
  return high ? `up to ${formatNumber(high)}` : "";
}

/** The number used for sizes and sums: best, else low, else high, else 0. */
export function fatalityCount(f) {
  if (!f) return 0;
  return Number(f.best ?? f.low ?? f.high ?? 0) || 0;
}

export function plural(n, one, many = `${one}s`) {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

/** A report without a title is named by its file: "reports/libya/talks.txt" -> "talks.txt". */
export function fileName(path) {
  return path ? String(path).split("/").pop() : null;
}
