// A History API router: every view has its own URL, so a link can be shared and the page
// reloaded. The server answers each of these paths with index.html.
import { h, message, replaceChildren } from "./dom.js";

const routes = [];
let current = null; // AbortController of the view being shown

/** Registers a view for a path pattern such as "/agreements/:id". */
export function route(pattern, view) {
  const names = [];
  const source = pattern.replace(/:(\w+)/g, (_, name) => {
    names.push(name);
    return "([^/]+)";
  });
  routes.push({ regex: new RegExp(`^${source}/?$`), names, view });
}

/** Goes to `url` (a path with an optional query) without reloading the page. */
export function navigate(url, { replace = false } = {}) {
  const target = new URL(url, location.href);
  if (replace) history.replaceState(null, "", target);
  else history.pushState(null, "", target);
  render();
}

/** Rewrites the query string of the current URL (filters) and shows the result. */
export function setQuery(query, { replace = false } = {}) {
  const search = new URLSearchParams(query);
  for (const [key, value] of [...search]) if (value === "") search.delete(key);
  const text = search.toString();
  navigate(location.pathname + (text ? `?${text}` : ""), { replace });
}

function match(pathname) {
  for (const { regex, names, view } of routes) {
    const found = regex.exec(pathname);
    if (!found) continue;
    const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(found[i + 1])]));
    return { view, params };
  }
  return null;
}

export async function render() {
  if (current) current.abort();
  const controller = new AbortController();
  current = controller;
  const main = document.getElementById("main");
  markNavigation(location.pathname);
  const found = match(location.pathname);
  if (!found) {
    document.title = "Not found · ceasefire";
    replaceChildren(main, h("h1", {}, "Page not found"), message("There is no view at this address."),
      h("p", {}, h("a", { href: "/" }, "Back to the map")));
    return;
  }
  main.setAttribute("aria-busy", "true");
  try {
    const query = new URLSearchParams(location.search);
    const node = await found.view({ params: found.params, query, signal: controller.signal });
    if (controller.signal.aborted) return;
    replaceChildren(main, node);
  } catch (err) {
    if (controller.signal.aborted || err.name === "AbortError") return;
    replaceChildren(main, h("h1", {}, "Something went wrong"), message(err.message, "error"));
  } finally {
    if (current === controller) main.removeAttribute("aria-busy");
  }
}

function markNavigation(pathname) {
  for (const link of document.querySelectorAll("[data-nav]")) {
    const path = link.getAttribute("data-nav");
    const here = path === "/" ? pathname === "/" : pathname.startsWith(path);
    if (here) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

/** Same-origin links are handled here; modified clicks and other sites behave as usual. */
function onClick(event) {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest("a[href]");
  if (!link || link.target || link.hasAttribute("download")) return;
  const url = new URL(link.href);
  if (url.origin !== location.origin || url.pathname.startsWith("/api/")) return;
  event.preventDefault();
  if (url.pathname === location.pathname && url.search === location.search) {
    scrollTo(0, 0);
    return;
  }
  navigate(url.pathname + url.search + url.hash);
  document.getElementById("main").focus({ preventScroll: true });
  scrollTo(0, 0);
}

export function start() {
  document.addEventListener("click", onClick);
  window.addEventListener("popstate", render);
  render();
}
