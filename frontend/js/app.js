/* Kindred's PWA: wires the router, the session, the vocabulary, the service worker and the offline
   notice together. Nothing imports this module. */
import { api, onUnauthorized } from "kindred/api.js";
import { t, lang, loadCatalog, setLanguage, whenLanguageChosen } from "kindred/i18n.js";
import { state, setState, subscribe } from "kindred/state.js";
import { clearStaleFlash, keepFocusInView } from "kindred/dom.js";
import { flushOutbox } from "kindred/outbox.js";
import { loadVocabulary } from "kindred/vocabulary.js";
import { pageWasSaved } from "kindred/inline.js";
import { restoreSession, sessionLost } from "kindred/session.js";
import { defineRoutes, route } from "kindred/router.js";
import { findScreen } from "kindred/screens/find.js";
import { groupScreen } from "kindred/screens/group.js";

/* Finding and a group's page come with the app; the other screens load when first opened (Host, the
   largest, is for facilitators only), so a first visit fetches fewer files over a slow connection. */
const later = (load, name) => async (...args) => (await load())[name](...args);
const host = (name) => later(() => import("kindred/screens/host.js"), name);
const meetingsScreen = later(() => import("kindred/screens/meetings.js"), "meetingsScreen");
const meScreen = later(() => import("kindred/screens/me.js"), "meScreen");
const loginScreen = later(() => import("kindred/screens/auth.js"), "loginScreen");
const registerScreen = later(() => import("kindred/screens/auth.js"), "registerScreen");
const helpScreen = later(() => import("kindred/screens/help.js"), "helpScreen");
const concernScreen = later(() => import("kindred/screens/concern.js"), "concernScreen");
const account = (name) => later(() => import("kindred/screens/account.js"), name);

defineRoutes([
  [/^\/?$/, findScreen, "find"],
  [/^\/find$/, findScreen, "find"],
  [/^\/groups\/([\w-]+)$/, groupScreen, "find"],
  [/^\/meetings$/, meetingsScreen, "meetings", true],
  [/^\/host$/, host("hostScreen"), "host", true],
  [/^\/host\/([\w-]+)$/, host("hostGroupScreen"), "host", true],
  [/^\/me$/, meScreen, "me", true],
  [/^\/login$/, loginScreen, "me"],
  [/^\/register$/, registerScreen, "me"],
  [/^\/check-email$/, account("checkEmailScreen"), "me"],
  [/^\/confirm$/, account("confirmScreen"), "me"],
  [/^\/confirm-email$/, account("confirmEmailScreen"), "me"],
  [/^\/forgot$/, account("forgotScreen"), "me"],
  [/^\/reset$/, account("resetScreen"), "me"],
  [/^\/me\/security$/, account("securityScreen"), "me", true],
  [/^\/me\/developers$/, account("developersScreen"), "me", true],
  [/^\/help$/, helpScreen, null],
  [/^site-help$/, helpScreen, null],  // the footer's anchor, as written in index.html for before the script runs
  [/^\/concern$/, concernScreen, null, true],
], { signIn: loginScreen });

function showChrome() {
  const me = document.getElementById("nav-me");
  me.textContent = state.me ? t("Me") : t("Sign in");
  document.getElementById("offline-notice").hidden = !(state.offline || state.servedFromCache);
  const help = document.getElementById("help-now");
  help.href = state.group ? `#/help?group=${encodeURIComponent(state.group.slug)}` : "#/help";
  // The Help screen shows the site-wide signposting itself; elsewhere the footer does.
  document.body.classList.toggle("on-help", /^#\/help\b|^#site-help$/.test(location.hash));
}

/* The language switcher (the server wrote its choices, each named in its own language): choosing one
   remembers it (and saves it to the profile when signed in) and loads the page again in it. */
function wireLanguageChoice() {
  const choice = document.getElementById("language-choice");
  if (!choice) return;
  choice.value = [...choice.options].some((option) => option.value === lang()) ? lang() : choice.value;
  /* A pick with a pointer switches at once; going through the list with the arrow keys (which some
     browsers report as a change at each step) switches on Enter or on leaving the list (WCAG 3.2.2). */
  let browsing = false;
  const apply = () => {
    browsing = false;
    if (choice.value === lang()) return;
    choice.disabled = true;
    setLanguage(choice.value);
  };
  choice.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); apply(); } else if (/^(Arrow|Page|Home|End)/.test(event.key)) browsing = true;
  });
  choice.addEventListener("change", () => { if (!browsing) apply(); });
  choice.addEventListener("blur", () => { if (browsing) apply(); });
}

/* The service worker takes its version from this module's address (index.html's import map is the
   one place the version is written), so a release needs no edit in sw.js. */
function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  const version = new URL(import.meta.url).searchParams.get("v") || "0";
  navigator.serviceWorker.register(`/sw.js?v=${encodeURIComponent(version)}`, { scope: "/" })
    .catch((error) => console.warn(error));
}

async function start() {
  subscribe(showChrome);
  whenLanguageChosen(async (code) => {  // a member's choice is theirs on every device
    if (state.me && state.me.language !== code) await api.patch("/me/", { language: code });
  });
  wireLanguageChoice();
  onUnauthorized(sessionLost);
  document.querySelector(".skip-link").addEventListener("click", (event) => {
    event.preventDefault();  // "#main" is an anchor, not a screen: move focus there and stay on this page
    document.getElementById("main").focus();
  });
  document.addEventListener("focusin", keepFocusInView);
  window.addEventListener("online", () => { setState({ offline: false }); flushOutbox().then((n) => n && route()); });
  window.addEventListener("offline", () => setState({ offline: true }));
  window.addEventListener("hashchange", () => { clearStaleFlash(); route(); });
  if (pageWasSaved()) setState({ servedFromCache: true });
  await Promise.all([restoreSession(), loadVocabulary(), loadCatalog("app")]);
  showChrome();
  await route();
  if (navigator.onLine) flushOutbox();
  registerServiceWorker();
}

start();
