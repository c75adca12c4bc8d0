// PLOVER event types and their colours. Cooperation in greens and blues, verbal conflict in
// yellows and oranges, material conflict in purples and reds (ASSAULT the strongest red), so
// the map reads at a glance; every colour keeps a 3:1 contrast against the map's land grey.
export const TYPES = [
  ["AGREE", "#1a9850", "Agree"],
  ["CONSULT", "#4d9221", "Consult"],
  ["SUPPORT", "#2c7bb6", "Support"],
  ["CONCEDE", "#5aa0cf", "Concede"],
  ["COOPERATE", "#3f51b5", "Cooperate"],
  ["AID", "#00897b", "Aid"],
  ["RETREAT", "#26a69a", "Retreat"],
  ["REQUEST", "#b8860b", "Request"],
  ["ACCUSE", "#e08214", "Accuse"],
  ["REJECT", "#f46d43", "Reject"],
  ["THREATEN", "#d95f02", "Threaten"],
  ["PROTEST", "#8c6d31", "Protest"],
  ["SANCTION", "#8073ac", "Sanction"],
  ["MOBILIZE", "#542788", "Mobilize"],
  ["COERCE", "#c51b7d", "Coerce"],
  ["ASSAULT", "#d73027", "Assault"],
];

const BY_TYPE = new Map(TYPES.map(([type, colour]) => [type, colour]));
const OTHER = "#777777";

export function typeColour(type) {
  return BY_TYPE.get(String(type || "").toUpperCase()) || OTHER;
}

export function typeLabel(type) {
  const found = TYPES.find(([t]) => t === String(type || "").toUpperCase());
  return found ? found[2] : String(type || "Other");
}

// Agreement actions: what moves an agreement forward, what holds it, what breaks it.
const ACTION_GROUP = {
  proposed: "step", negotiated: "step", drafted: "step", requested_time: "wait",
  signed: "yes", accepted: "yes", approved: "yes", entered_into_force: "yes", extended: "yes",
  rejected: "no", violated: "no", collapsed: "no", withdrew: "no", expired: "no",
  pending: "wait",
};

/** CSS class suffix for an agreement action or a party's status. */
export function actionGroup(action) {
  return ACTION_GROUP[action] || "step";
}

export function actionLabel(action) {
  return String(action || "unknown").replace(/_/g, " ");
}
