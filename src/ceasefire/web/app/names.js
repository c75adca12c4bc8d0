// Readable names for the actor and place ids some answers carry bare (agreement mediators,
// venues, the actors of agreement actions). One look-up of the most reported actors and
// places serves a whole page; an id outside them is shown as it is.
import { getJSON } from "./api.js";

// The API's largest page: the 1,000 most reported actors and places cover every name a
// board of agreements needs on a corpus of thousands of reports.
const LIMIT = 1000;
// A name book older than this is fetched again: the server follows a growing database.
const FRESH_MS = 60000;

let cached = null;

/** {actor(id), place(id)} -> display names. */
export async function nameBook() {
  if (!cached || Date.now() - cached.at > FRESH_MS) {
    const at = Date.now();
    const promise = Promise.all([
      getJSON("actors", { limit: LIMIT }), getJSON("places", { limit: LIMIT }),
    ]).then(([actors, places]) => book(actors.items || [], places.items || []));
    cached = { at, promise };
    promise.catch(() => { cached = null; });
  }
  return cached.promise;
}

function book(actors, places) {
  const actorNames = new Map(actors.map((a) => [a.id, a.name]));
  const placeNames = new Map(places.map((p) => [p.id, p.name]));
  return {
    actor: (id) => (id ? actorNames.get(id) || id : null),
    place: (id) => (id ? placeNames.get(id) || id : null),
    learn: (id, name) => id && name && actorNames.set(id, name),
  };
}
