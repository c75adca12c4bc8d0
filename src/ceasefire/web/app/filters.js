// The filter form shared by the map and the event table. Filters live in the URL's query
// string, so a filtered view is a link like any other.
import { h } from "./dom.js";
import { TYPES, typeLabel } from "./colors.js";
import { setQuery } from "./router.js";
import { EVENT_FILTERS } from "./api.js";

const STATUSES = ["asserted", "claimed", "planned", "negated", "hypothetical"];

const FIELDS = {
  country: (v, lists) => textField("country", "Country", v, {
    placeholder: "e.g. LBY", list: "countries", maxlength: 3, size: 8,
    pattern: "[A-Za-z]{3}", title: "three-letter ISO 3166 code",
  }, datalist("countries", lists.countries)),
  type: (v) => selectField("type", "Event type", v,
    TYPES.map(([t]) => [t, typeLabel(t)])),
  actor: (v, lists) => textField("actor", "Actor", v, {
    placeholder: "name or id", list: "actors",
  }, datalist("actors", lists.actors)),
  since: (v) => textField("since", "From", v, { type: "date" }),
  until: (v) => textField("until", "To", v, { type: "date" }),
  text: (v) => textField("text", "Words in the sentence", v, { type: "search" }),
  status: (v) => selectField("status", "Status", v, STATUSES.map((x) => [x, x])),
};

/**
 * A filter form over `fields` (names from FIELDS), filled from `query`. `lists` offers
 * suggestions: {countries: [[code, label]], actors: [[name, label]]}.
 */
export function filterForm(fields, query, lists = {}) {
  const form = h("form", { class: "filters", role: "search", "aria-label": "Filter events" },
    fields.map((name) => FIELDS[name](query.get(name) || "", lists)),
    h("div", { class: "filter-actions" },
      h("button", { type: "submit" }, "Apply"),
      hasFilters(query) ? h("a", { href: location.pathname, class: "button secondary" },
        "Clear filters") : null));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const next = {};
    for (const key of EVENT_FILTERS) {
      const value = data.has(key) ? String(data.get(key)).trim() : query.get(key) || "";
      if (value) next[key] = value;
    }
    setQuery(next);
  });
  return form;
}

export function hasFilters(query) {
  return EVENT_FILTERS.some((key) => query.get(key));
}

function textField(name, label, value, attrs, extra) {
  const id = `f-${name}`;
  return h("div", { class: "field" },
    h("label", { for: id }, label),
    h("input", { id, name, value, ...attrs }),
    extra || null);
}

function selectField(name, label, value, options) {
  const id = `f-${name}`;
  return h("div", { class: "field" },
    h("label", { for: id }, label),
    h("select", { id, name },
      h("option", { value: "" }, "any"),
      options.map(([v, text]) => h("option", {
        value: v, selected: v.toLowerCase() === value.toLowerCase(),
      }, text))));
}

function datalist(id, options) {
  if (!options || options.length === 0) return null;
  return h("datalist", { id }, options.map(([value, label]) =>
    h("option", { value, label })));
}
