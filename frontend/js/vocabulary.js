/* The words for the API's codes (formats, access facets, weekdays, times of day, RSVP answers,
   email settings, languages, suggested topics), from GET /api/v1/meta/: the server is their one
   source, so the app cannot drift from it. Loaded once at start-up; offline, the service worker
   answers with the copy it keeps (in the language it was asked in: the service worker keeps one per
   language). Without it, a code is shown as itself. */
import { api } from "kindred/api.js";
import { shown, isPseudo, lang, formatList } from "kindred/i18n.js";
import { takeInline } from "kindred/inline.js";

let vocabulary = {};

export async function loadVocabulary() {
  const inline = takeInline("meta");  // put in the page by the server: no round trip on a first visit
  if (inline) { vocabulary = inline; return; }
  try { vocabulary = (await api.get("/meta/")) || {}; } catch (error) { console.warn(error); }
}

/* Every entry of one list: [{code, label, ...}], or the topic tags (topics are as facilitators typed them). */
export const terms = (list) => (!isPseudo() ? vocabulary[list] || [] : (vocabulary[list] || []).map((entry) => (
  entry && typeof entry === "object" ? { ...entry, label: shown(entry.label), ...(entry.hint ? { hint: shown(entry.hint) } : {}) } : entry)));

/* A list as the server sent it, words untouched (the crisis lines, the app's languages). */
export const raw = (list) => vocabulary[list] || [];

/* The words for one code. */
export function label(list, code) {
  const term = raw(list).find((entry) => entry.code === code);
  return term ? shown(term.label) : code;
}

/* [[code, label], ...] for select() and check boxes. */
export const choices = (list) => terms(list).map((entry) => [entry.code, entry.label]);

let displayNames = null;
/* A language's name in the page's language: the server's label (CLDR), else the browser's. */
export function languageName(code) {
  const term = raw("languages").find((entry) => entry.code === code);
  if (term) return shown(term.label);
  try {
    displayNames = displayNames || new Intl.DisplayNames([isPseudo() ? "en" : lang()], { type: "language" });
    return shown(displayNames.of(code) || code);
  } catch (error) { return code; }
}

/* "English, Español": the languages a group meets in, as a short list. */
export const languageNames = (codes) => formatList((codes || []).map(languageName), { type: "unit", style: "short" });
