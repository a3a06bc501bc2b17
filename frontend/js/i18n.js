/* The app's words in the page's language (docs/decisions/pwa-languages.md). The server chooses the
   language (the member's own, the switcher's cookie, the browser's) and writes it in <html lang dir>;
   this module reads it there. Keys are the English text itself, gettext style: English needs no
   catalog, and a missing translation falls back to the English, key by key. Each catalog part is a
   flat JSON file, frontend/i18n/<lang>/<part>.json, loaded with the code that uses it.
   Always call t(), plural() and msg() with string literals: the catalog test reads them from the
   source to check that every language has every key. */

const root = document.documentElement;
const PSEUDO_KEY = "kindred-pseudo";
const CHOSEN_KEY = "kindred-language";
export const LANGUAGE_COOKIE = "django_language";

/* The pseudo-locale (tests only, never offered): every English text accented, about 40 % longer and
   bracketed, so a string that skips the catalog, or a layout that cannot take longer words, shows. */
const pseudo = root.lang === "en-XA"  // the page shell wrote it (the kindred-pseudo cookie)
  || (() => { try { return localStorage.getItem(PSEUDO_KEY) === "1"; } catch (error) { return false; } })();
if (pseudo) { root.lang = "en-XA"; root.dir = "ltr"; }

const language = root.lang || "en";
const english = pseudo || /^en\b/i.test(language);
// The asset version this module was loaded with (index.html's import map), for the catalogs' addresses.
const VERSION = new URL(import.meta.url).searchParams.get("v") || "0";

/* The locale for dates, numbers and lists: the browser's own variant of the page's language when it
   has one (en-GB writes 18:30 and 10 December, es-MX its own way), else the page's language. */
const primary = (tag) => String(tag || "").split("-")[0].toLowerCase();
const formatLocale = (() => {
  const base = pseudo ? "en" : language;
  const own = (navigator.languages || [navigator.language]).find((tag) => primary(tag) === primary(base));
  try { return own && Intl.DateTimeFormat.supportedLocalesOf([own]).length ? own : base; } catch (error) { return base; }
})();

const dictionary = new Map();
const loading = new Map();

export const lang = () => language;
export const isPseudo = () => pseudo;

const ACCENTED = {
  a: "å", b: "ƀ", c: "ç", d: "ð", e: "é", f: "ƒ", g: "ĝ", h: "ĥ", i: "î", j: "ĵ", k: "ķ", l: "ļ", m: "ɱ",
  n: "ñ", o: "ö", p: "þ", q: "ǫ", r: "ŕ", s: "š", t: "ţ", u: "û", v: "ṽ", w: "ŵ", x: "ẋ", y: "ý", z: "ž",
  A: "Å", B: "Ɓ", C: "Ç", D: "Ð", E: "É", F: "Ƒ", G: "Ĝ", H: "Ĥ", I: "Î", J: "Ĵ", K: "Ķ", L: "Ļ", M: "Ṁ",
  N: "Ñ", O: "Ö", P: "Þ", Q: "Ǫ", R: "Ŕ", S: "Š", T: "Ţ", U: "Û", V: "Ṽ", W: "Ŵ", X: "Ẋ", Y: "Ý", Z: "Ž",
};
const VOWEL = /[aeiouyAEIOUY]/;

/* "Find a group" -> "⟦Ƒîîñð åå ĝŕööûûþ⟧": letters accented, vowels doubled (about 40 % longer),
   {placeholders} kept as they are so they can still be filled. */
export function pseudoText(text) {
  const parts = String(text).split(/(\{\w+\})/);
  const body = parts.map((part, index) => (index % 2 ? part
    : [...part].map((c) => (ACCENTED[c] ? ACCENTED[c] + (VOWEL.test(c) ? ACCENTED[c] : "") : c)).join(""))).join("");
  return `⟦${body}⟧`;
}

/* Text the server or the browser wrote (vocabulary labels, dates): as it is, accented in the
   pseudo-locale (it is in the page's language, and the pseudo-locale run checks the page's words). */
export const shown = (text) => (pseudo && text ? pseudoText(text) : text);

let numbers = null;
const numberFormat = () => (numbers = numbers || new Intl.NumberFormat(formatLocale));

function fill(text, vars) {
  return String(text).replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

function translated(text) {
  if (pseudo) return pseudoText(text);
  const entry = dictionary.get(text);
  return typeof entry === "string" && entry ? entry : text;
}

/* The translation of an English literal, with {name} placeholders filled from vars. */
export function t(text, vars = {}) {
  return fill(translated(text), vars);
}

/* A literal marked for the catalog, translated later (where t() is given a variable). */
export const msg = (text) => text;

let rules = null;
const pluralRules = () => (rules = rules || new Intl.PluralRules(english ? "en" : language));

/* "1 group" / "5 groups": the English singular and plural; the catalog keys the entry on the plural
   and holds one form per Intl.PluralRules category of the language. {n} is the count, formatted. */
export function plural(count, one, other, vars = {}) {
  const filled = { n: formatNumber(count), ...vars };
  const category = pluralRules().select(count);
  if (english) {
    const text = category === "one" ? one : other;
    return fill(pseudo ? pseudoText(text) : text, filled);
  }
  return fill(formFor(dictionary.get(other), category, category === "one" ? one : other), filled);
}

/* A catalog entry's form for a plural category: one form per category, or a single text for all. */
function formFor(entry, category, fallback) {
  if (entry && typeof entry === "object") return entry[category] || entry.other || fallback;
  return typeof entry === "string" && entry ? entry : fallback;
}

const dateFormats = new Map();
/* An Intl.DateTimeFormat in the page's language, made once per set of options (making one is slow
   on a cheap phone, and a list of meetings formats hundreds of times). */
export function dateFormatter(options = {}) {
  const key = JSON.stringify(options);
  if (!dateFormats.has(key)) dateFormats.set(key, new Intl.DateTimeFormat(formatLocale, options));
  return dateFormats.get(key);
}

export function formatDate(date, options = {}) {
  return shown(dateFormatter(options).format(date instanceof Date ? date : new Date(date)));
}

let ordinalRules = null;
/* "3rd", "3.º", "3e": the catalog's entry for "{n}th" holds one form per Intl.PluralRules ordinal
   category of the language (English: one "{n}st", two "{n}nd", few "{n}rd", other "{n}th"). */
const ENGLISH_ORDINALS = { one: "{n}st", two: "{n}nd", few: "{n}rd", other: msg("{n}th") };
export function ordinal(n) {
  ordinalRules = ordinalRules || new Intl.PluralRules(english ? "en" : language, { type: "ordinal" });
  const category = ordinalRules.select(n);
  const text = formFor(english ? ENGLISH_ORDINALS : dictionary.get("{n}th"), category, "{n}th");
  return fill(pseudo ? pseudoText(text) : text, { n: formatNumber(n) });
}

export const formatNumber = (value) => numberFormat().format(value);

/* "A, B and C" as the language says it. */
export function formatList(items, options = {}) {
  const list = [...items].map(String);
  if (typeof Intl.ListFormat !== "function") return list.join(", ");
  const made = new Intl.ListFormat(formatLocale, { style: "long", type: "conjunction", ...options });
  return pseudo ? made.format(list).replace(/\band\b|\bor\b/g, (word) => pseudoText(word)) : made.format(list);
}

/* Adds one part of the catalog (frontend/i18n/<lang>/<part>.json) to the dictionary, once. English
   and the pseudo-locale need none. A catalog that cannot be fetched (offline, not yet kept) leaves
   the English in place: the app still works. */
export function loadCatalog(part) {
  if (english) return Promise.resolve();
  if (!loading.has(part)) {
    const address = `/i18n/${encodeURIComponent(language)}/${encodeURIComponent(part)}.json?v=${encodeURIComponent(VERSION)}`;
    loading.set(part, fetch(address, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : {}))
      .then((entries) => { for (const [key, value] of Object.entries(entries || {})) dictionary.set(key, value); })
      .catch((error) => console.warn(error)));
  }
  return loading.get(part);
}

function remember(code) {
  document.cookie = code
    ? `${LANGUAGE_COOKIE}=${encodeURIComponent(code)}; path=/; max-age=${365 * 24 * 60 * 60}; SameSite=Lax`
    : `${LANGUAGE_COOKIE}=; path=/; max-age=0; SameSite=Lax`;
  try {
    if (code) localStorage.setItem(CHOSEN_KEY, code); else localStorage.removeItem(CHOSEN_KEY);
  } catch (error) { /* private mode: the cookie is enough */ }
}

/* How a choice is saved to the profile of whoever is signed in: app.js gives it (this module imports
   no other, so every module can import it without a cycle). */
let saveChoice = async () => {};
export function whenLanguageChosen(save) {
  saveChoice = save;
}

/* Choose the app's language ("" = follow the browser): remembered on this device (the cookie the
   server reads, and localStorage), saved to the profile when someone is signed in, then the page is
   loaded again so every word, and the page the server writes, is in that language. */
export async function setLanguage(code) {
  remember(code);
  try { await saveChoice(code); } catch (error) { console.warn(error); }
  location.reload();
}

/* After signing in: the member chose a language in their profile that is not the page's, so the
   page follows it, once (a server that does not honour the choice cannot make this loop). */
export function followProfileLanguage(me) {
  const wanted = me && me.language;
  if (!wanted || pseudo || wanted === language) return false;
  const tried = `kindred-language-followed:${wanted}`;
  try {
    if (sessionStorage.getItem(tried)) return false;
    sessionStorage.setItem(tried, "1");
  } catch (error) { return false; }
  location.reload();  // the server answers a signed-in member in their language: no cookie needed
  return true;
}
