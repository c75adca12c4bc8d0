// Building DOM nodes without ever parsing HTML. Report text (titles, bodies, names) reaches
// the page only as text nodes and attribute values, so `<script>` or `onerror=` in a report
// shows as the characters it is. No HTML-parsing API appears anywhere in app/
// (tests/web/test_static.py lists them and fails if one does).

const SVG_NS = "http://www.w3.org/2000/svg";

/** An HTML element: h("a", {href: "/events", class: "x"}, "text", child, [more]). */
export function h(tag, attrs, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

/** An SVG element, same calling convention as h(). */
export function s(tag, attrs, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

function fill(el, attrs, children) {
  for (const [name, value] of Object.entries(attrs || {})) setAttr(el, name, value);
  append(el, children);
  return el;
}

function setAttr(el, name, value) {
  if (value === null || value === undefined || value === false) return;
  if (name === "on") {
    for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
    return;
  }
  // Event handlers go through `on`; an attribute named on* could carry report text as code.
  if (/^on/i.test(name)) throw new Error(`refusing attribute ${name}`);
  el.setAttribute(name, value === true ? "" : String(value));
}

/** Appends strings as text nodes and nodes as they are; skips null/false; flattens arrays. */
export function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces everything inside `el`. */
export function replaceChildren(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** An http(s) URL from a report, or null: a `javascript:` link must never become an href. */
export function externalUrl(value) {
  if (typeof value !== "string" || value === "") return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** A link to an outside page: opened without giving that page a handle on this one. */
export function externalLink(url, text) {
  const safe = externalUrl(url);
  if (safe === null) return text ? document.createTextNode(text) : null;
  return h("a", { href: safe, rel: "noopener noreferrer nofollow", target: "_blank" }, text || safe);
}

/** `text` with `[start, end)` (offsets into the same string) in <strong>. */
export function withEmphasis(text, start, end, cls = "trigger") {
  if (!(start >= 0 && end > start && end <= text.length)) return [text];
  return [text.slice(0, start), h("strong", { class: cls }, text.slice(start, end)),
    text.slice(end)];
}

export function message(text, cls = "status-line") {
  return h("p", { class: cls }, text);
}
