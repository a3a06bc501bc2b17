/* The words for the API's codes (formats, access facets, weekdays, times of day, RSVP answers,
   email settings, languages, suggested topics), from GET /api/v1/meta/: the server is their one
   source, so the app cannot drift from it. Loaded once at start-up; offline, the service worker
   answers with the copy it keeps. Without it, a code is shown as itself. */
import { api } from "kindred/api.js";
import { takeInline } from "kindred/inline.js";

let vocabulary = {};

export async function loadVocabulary() {
  const inline = takeInline("meta");  // put in the page by the server: no round trip on a first visit
  if (inline) { vocabulary = inline; return; }
  try { vocabulary = (await api.get("/meta/")) || {}; } catch (error) { console.warn(error); }
}

/* Every entry of one list: [{code, label, ...}], or the topic tags. */
export const terms = (list) => vocabulary[list] || [];

/* The words for one code. */
export function label(list, code) {
  const term = terms(list).find((entry) => entry.code === code);
  return term ? term.label : code;
}

/* [[code, label], ...] for select() and check boxes. */
export const choices = (list) => terms(list).map((entry) => [entry.code, entry.label]);
