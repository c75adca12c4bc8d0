// "/agreements": the board, one row per agreement with each party's current status, and
// "/agreements/{id}": one agreement's parties, conditions and the timeline of its actions,
// each action with the sentence it rests on.
import { h, s } from "../dom.js";
import { ApiError, documentHref, getJSON } from "../api.js";
import { actionGroup, actionLabel } from "../colors.js";
import { facts, labelCells, statusBadge } from "../components.js";
import { formatDate, plural } from "../format.js";
import { nameBook } from "../names.js";

export async function agreementsView({ signal }) {
  document.title = "Agreements · ceasefire";
  const [body, names] = await Promise.all([
    getJSON("agreements", {}, signal).catch((err) => notAvailable(err)), nameBook()]);
  if (body === null) {
    return h("div", { class: "view agreements" }, h("h1", {}, "Agreements"),
      h("p", { class: "empty notice" }, "This server does not track agreements yet: its " +
        "version has no agreement linking. Events and reports are available."));
  }
  const rows = body.items || [];
  return h("div", { class: "view agreements" },
    h("h1", {}, "Agreements"),
    h("p", { class: "coverage" }, rows.length
      ? `${plural(rows.length, "agreement")}, the most recently changed first. Each party's ` +
        "status is its latest action the reports state."
      : "No agreement has been found in the reports yet."),
    rows.length ? board(rows, names) : null,
    statusKey());
}

// 501 means the server's version has no agreement linking: a notice, not an error page.
function notAvailable(err) {
  if (err instanceof ApiError && err.status === 501) return null;
  throw err;
}

function board(rows, book) {
  const head = ["Agreement", "Parties and their status", "Mediators", "Venue", "Last change",
    "Reports"];
  return h("div", { class: "table-wrap" },
    labelCells(h("table", { class: "board stack" },
      h("thead", {}, h("tr", {}, head.map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, rows.map((row) => boardRow(row, book))))));
}

function boardRow(a, book) {
  const names = namesOf(a, book);
  return h("tr", { "data-agreement": a.id },
    h("td", {}, h("a", { href: agreementHref(a.id), class: "agreement-link" },
      a.name || a.id), h("div", { class: "muted" }, kindLabel(a.kind))),
    h("td", {}, partyList(a.parties || [], names)),
    h("td", {}, actorList(a.mediators, names)),
    h("td", {}, placeName(a.venue, names)),
    h("td", { class: "nowrap" }, lastChange(a.last_change)),
    h("td", { class: "num" }, a.n_sources ?? ""));
}

export function agreementHref(id) {
  return `/agreements/${encodeURIComponent(id)}`;
}

/** Names for the ids a row carries: the row's own `names` (servers since the board had
 * them), else the page's name book of the most reported actors and places. */
function namesOf(a, book) {
  const own = a.names || {};
  return {
    actor: (id) => (id ? own[id] || book.actor(id) : null),
    place: (id) => (id ? own[id] || book.place(id) : null),
  };
}

function partyList(parties, names) {
  if (parties.length === 0) return h("span", { class: "muted" }, "parties not named");
  return h("ul", { class: "parties" }, parties.map((p) =>
    h("li", {}, h("span", { class: "party" }, p.name || p.actor || "unnamed"), " ",
      actionBadge(p.status || "pending"), standing(p, names))));
}

/** "claimed by Sergei Lavrov · since 13 Jan 2020": whose word the status rests on, and when
 * it was first reported. A status told as fact says only since when. */
function standing(p, names) {
  const parts = [];
  if (p.claimed) {
    parts.push(p.attributed_to ? `claimed by ${names.actor(p.attributed_to)}` : "claimed");
  }
  if (p.since && p.status && p.status !== "pending") parts.push(`since ${formatDate(p.since)}`);
  return parts.length ? h("span", { class: "standing" }, parts.join(" · ")) : null;
}

function actionBadge(action) {
  return h("span", { class: `badge action-${actionGroup(action)}` }, actionLabel(action));
}

function lastChange(change) {
  if (!change) return "";
  if (typeof change === "string") return formatDate(change);
  const when = formatDate(change.date, change.precision || "day");
  return change.action ? `${when}: ${actionLabel(change.action)}` : when;
}

function kindLabel(kind) {
  return String(kind || "agreement").replace(/_/g, " ");
}

/** Mediators as names: the API gives ids (or, in a later version, {actor, name}). */
function actorList(list, names) {
  return (list || []).map((x) => (typeof x === "string" ? names.actor(x) : x.name || x.actor))
    .filter(Boolean).join(", ");
}

function placeName(venue, names) {
  if (!venue) return "";
  return typeof venue === "string" ? names.place(venue) : venue.name || venue.id;
}

function statusKey() {
  return h("p", { class: "hint key" }, "Status colours: ",
    actionBadge("signed"), " agreed, signed or in force · ", actionBadge("requested_time"),
    " waiting or pending · ", actionBadge("rejected"), " refused, violated or collapsed · ",
    actionBadge("proposed"), " proposed or negotiated.");
}

// -- one agreement ----------------------------------------------------------------------

export async function agreementView({ params, signal }) {
  const [a, book] = await Promise.all([
    getJSON(`agreements/${encodeURIComponent(params.id)}`, {}, signal), nameBook()]);
  document.title = `${a.name || "Agreement"} · ceasefire`;
  for (const p of a.parties || []) book.learn(p.actor, p.name);
  const names = namesOf(a, book);
  const actions = sortActions(a.actions || []).map((act) => ({
    ...act, actorName: names.actor(act.actor), claimant: names.actor(act.attributed_to),
  }));
  return h("div", { class: "view agreement" },
    h("p", { class: "crumbs" }, h("a", { href: "/agreements" }, "← All agreements")),
    h("h1", {}, a.name || a.id),
    facts([
      ["Kind", kindLabel(a.kind)],
      ["Mediators", actorList(a.mediators, names)],
      ["Venue", placeName(a.venue, names)],
      ["Last change", lastChange(a.last_change)],
      ["Reports", a.n_sources ?? ""],
    ]),
    h("h2", {}, "Parties"),
    partyList(a.parties || [], names),
    actions.length ? [h("h2", {}, "Timeline"), lanes(a, actions), actionList(actions)]
      : h("p", { class: "empty" }, "No dated action yet."),
    conditions(a.conditions || []));
}

function sortActions(actions) {
  return [...actions].sort((x, y) => String(x.date || "9999").localeCompare(String(y.date ||
    "9999")) || String(x.published || "").localeCompare(String(y.published || "")));
}

function actionList(actions) {
  return h("ol", { class: "actions" }, actions.map((act) =>
    h("li", { class: `action group-${actionGroup(act.action)}` },
      h("header", {},
        h("span", { class: "when" }, act.date ? formatDate(act.date, act.precision || "day")
          : "date unknown"),
        h("span", { class: "party" }, actorName(act)),
        actionBadge(act.action),
        statusBadge(act.status || "asserted", act.claimant)),
      act.evidence ? h("blockquote", { class: "evidence" }, act.evidence.text) : null,
      act.doc_id ? h("p", { class: "source" },
        h("a", { href: documentHref(act.doc_id, act.evidence), class: "evidence-link" },
          "Read it in the report"), " — ", h("cite", {}, act.title || "untitled report"),
        act.published ? `, ${formatDate(act.published)}` : "") : null)));
}

function actorName(act) {
  return act.actorName || "no party named";
}

// A lane per party (plus one for actions of nobody in particular), a mark per dated action.
const LANE_H = 30;
const LANE_LEFT = 170;
const LANE_W = 960;

function lanes(a, actions) {
  const dated = actions.filter((act) => act.date);
  if (dated.length === 0) return null;
  const lanesFor = laneNames(a, dated);
  const times = dated.map((act) => Date.parse(`${act.date}T00:00:00Z`));
  const first = Math.min(...times);
  const span = Math.max(Math.max(...times) - first, 86400000);
  const x = (t) => LANE_LEFT + 10 + ((t - first) / span) * (LANE_W - LANE_LEFT - 30);
  const height = lanesFor.length * LANE_H + 24;
  return h("figure", { class: "lanes" },
    s("svg", { viewBox: `0 0 ${LANE_W} ${height}`, role: "img",
      "aria-label": "Actions over time, one line per party" },
    lanesFor.map((name, i) => s("g", { class: "lane" },
      s("text", { x: 0, y: i * LANE_H + 19, class: "lane-name" }, short(name),
        s("title", {}, name)),
      s("line", { x1: LANE_LEFT, x2: LANE_W - 10, y1: i * LANE_H + 15, y2: i * LANE_H + 15 })),
    ),
    dated.map((act) => {
      const lane = lanesFor.indexOf(actorName(act));
      const t = Date.parse(`${act.date}T00:00:00Z`);
      return s("circle", { cx: x(t), cy: lane * LANE_H + 15, r: 7,
        class: `mark action-${actionGroup(act.action)}` },
      s("title", {}, `${formatDate(act.date, act.precision || "day")}: ${actorName(act)} ` +
        `${actionLabel(act.action)} (${act.status || "asserted"})`));
    }),
    s("text", { x: LANE_LEFT, y: height - 4, class: "tick" }, formatDate(dated[0].date)),
    s("text", { x: LANE_W - 10, y: height - 4, class: "tick", "text-anchor": "end" },
      formatDate(dated[dated.length - 1].date))),
    h("figcaption", {}, "Each mark is one action (hover over it for details). The list " +
      "below gives every action with its sentence."));
}

// A lane label fits in LANE_LEFT px at 13 px type: about 22 characters.
function short(name) {
  return name.length > 22 ? `${name.slice(0, 21)}…` : name;
}

function laneNames(a, actions) {
  const out = (a.parties || []).map((p) => p.name || p.actor).filter(Boolean);
  for (const act of actions) if (!out.includes(actorName(act))) out.push(actorName(act));
  return out;
}

function conditions(list) {
  if (list.length === 0) return null;
  return [h("h2", {}, "Conditions and sticking points"),
    h("ul", { class: "conditions" }, list.map((c) => h("li", {}, c.text || "")))];
}
