// The dashboard's entry point: one page, five views, each at its own URL.
import { route, start } from "./router.js";
import { overview } from "./views/overview.js";
import { eventsView } from "./views/events.js";
import { agreementsView, agreementView } from "./views/agreements.js";
import { documentView } from "./views/document.js";

route("/", overview);
route("/events", eventsView);
route("/agreements", agreementsView);
route("/agreements/:id", agreementView);
route("/documents/:id", documentView);
start();
