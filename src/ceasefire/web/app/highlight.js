// Cutting a report's text at every span boundary so that each piece knows which extracted
// items cover it. The pieces become text nodes inside <span> elements: the report's text is
// never parsed as HTML, whatever it holds.

/**
 * Spans -> ordered segments {start, end, covering: [span...]} over the whole text. Spans
 * outside the text or empty are dropped (they cannot be shown, and must not shift others).
 */
export function segments(textLength, spans) {
  const valid = spans.filter((sp) => Number.isInteger(sp.start) && Number.isInteger(sp.end) &&
    sp.start >= 0 && sp.end > sp.start && sp.end <= textLength);
  const cuts = new Set([0, textLength]);
  for (const sp of valid) {
    cuts.add(sp.start);
    cuts.add(sp.end);
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  const byStart = [...valid].sort((a, b) => a.start - b.start);
  const out = [];
  let next = 0;
  let active = [];
  for (let i = 0; i + 1 < bounds.length; i += 1) {
    const [a, b] = [bounds[i], bounds[i + 1]];
    active = active.filter((sp) => sp.end > a);
    while (next < byStart.length && byStart[next].start <= a) {
      if (byStart[next].end > a) active.push(byStart[next]);
      next += 1;
    }
    out.push({ start: a, end: b, covering: [...active] });
  }
  return out;
}
