/* Kindred's PWA: a hash router over one module per screen, the service worker, the offline notice. */
import { api, resetCsrf, onUnauthorized } from "./api.js?v=4";
import { state, setState, subscribe, signedInHint } from "./state.js?v=4";
import { render, h, flash, focusTitle, clearStaleFlash, keepFocusInView } from "./dom.js?v=4";
import { flushOutbox } from "./outbox.js?v=4";
import * as store from "./store.js?v=4";
import { clearDrafts } from "./forms.js?v=4";
import { findScreen } from "./screens/find.js?v=4";
import { groupScreen } from "./screens/group.js?v=4";
import { meetingsScreen } from "./screens/meetings.js?v=4";
import { hostScreen, hostGroupScreen } from "./screens/host.js?v=4";
import { meScreen } from "./screens/me.js?v=4";
import { loginScreen, registerScreen } from "./screens/auth.js?v=4";
import { helpScreen } from "./screens/help.js?v=4";

const routes = [
  [/^\/?$/, findScreen, "find"],
  [/^\/find$/, findScreen, "find"],
  [/^\/groups\/([\w-]+)$/, groupScreen, "find"],
  [/^\/meetings$/, meetingsScreen, "meetings", true],
  [/^\/host$/, hostScreen, "host", true],
  [/^\/host\/([\w-]+)$/, hostGroupScreen, "host", true],
  [/^\/me$/, meScreen, "me", true],
  [/^\/login$/, loginScreen, "me"],
  [/^\/register$/, registerScreen, "me"],
  [/^\/help$/, helpScreen, null],
];

function parseHash() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const [path, search = ""] = raw.split("?");
  return { path: decodeURIComponent(path), params: new URLSearchParams(search) };
}

export function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

/* Navigations run one after another, and one overtaken by a newer one is skipped, so a slow
   screen can never paint over the screen the person moved on to. */
let navigation = Promise.resolve();
let latest = 0;
function route() {
  const id = ++latest;
  navigation = navigation.then(() => (id === latest ? showRoute() : null)).catch((error) => console.warn(error));
  return navigation;
}

let first = true;
async function showRoute() {
  const { path, params } = parseHash();
  setState({ group: null });
  for (const [pattern, screen, nav, needsUser] of routes) {
    const match = path.match(pattern);
    if (!match) continue;
    markNav(nav);
    if (needsUser && !state.me) {
      loginScreen([], params, { next: location.hash || "#/" });
    } else {
      try {
        await screen(match.slice(1), params);
      } catch (error) {
        console.warn(error);
        render("Something went wrong", h("p", {}, error.offline
          ? "You're offline and this page wasn't saved on this device yet. It will load when you're back online."
          : error.status === 404 ? "We couldn't find that page. It may have moved or may not be public."
            : error.detail || "Please try again in a moment."),
        h("p", {}, h("a", { href: "#/" }, "Back to finding a group")));
      }
    }
    if (!first) focusTitle();
    first = false;
    return;
  }
  render("Page not found", h("p", {}, h("a", { href: "#/" }, "Find a group")));
}

function markNav(active) {
  for (const link of document.querySelectorAll("[data-nav]")) {
    if (link.dataset.nav === active) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

function showChrome() {
  const me = document.getElementById("nav-me");
  me.textContent = state.me ? "Me" : "Sign in";
  document.getElementById("offline-notice").hidden = !(state.offline || state.servedFromCache);
  const help = document.getElementById("help-now");
  help.href = state.group ? `#/help?group=${encodeURIComponent(state.group.slug)}` : "#/help";
}

/* Signing in or out: forget every personal thing this device kept for the previous person. */
export async function forgetPersonalData() {
  resetCsrf();
  signedInHint.set(false);
  clearDrafts();
  try { await store.clear(); } catch (error) { console.warn(error); }
  if ("caches" in window) {
    await Promise.all(["kindred-personal", "kindred-data"].map((name) => caches.delete(name)));
  }
  const registration = navigator.serviceWorker && (await navigator.serviceWorker.getRegistration());
  if (registration && registration.active) registration.active.postMessage({ type: "clear-personal" });
}

/* Any 401 means this device's session is gone (signed out elsewhere, expired, or the account was
   erased): forget what was kept for that person, show the app signed out, and let a screen that
   needs someone signed in ask for it. */
async function sessionLost() {
  if (!state.me && !signedInHint.get()) return;  // nobody was signed in here: nothing to forget
  await forgetPersonalData();
  setState({ me: null });
  if (!first) route();
}

export async function signedIn(me) {
  await forgetPersonalData();
  signedInHint.set(true);
  setState({ me });
  await store.set("me", me).catch(() => {});
}

export async function signOut() {
  try { await api.post("/auth/logout/"); } catch (error) { if (!error.offline && error.status !== 401) throw error; }
  await forgetPersonalData();
  setState({ me: null });
  flash("You've signed out. Anything personal this device kept has been cleared.");
  go("#/");
}

async function loadMe() {
  if (!signedInHint.get()) return;
  try {
    const me = await api.get("/me/");
    setState({ me });
    store.set("me", me).catch(() => {});
  } catch (error) {
    if (error.status === 401 || error.status === 403) { await forgetPersonalData(); setState({ me: null }); }
    else if (error.offline) setState({ me: (await store.get("me").catch(() => null)) || null });
  }
}

async function start() {
  subscribe(showChrome);
  onUnauthorized(sessionLost);
  document.querySelector(".skip-link").addEventListener("click", (event) => {
    event.preventDefault();  // "#main" is an anchor, not a screen: move focus there and stay on this page
    document.getElementById("main").focus();
  });
  document.addEventListener("focusin", keepFocusInView);
  window.addEventListener("online", () => { setState({ offline: false }); flushOutbox().then((n) => n && route()); });
  window.addEventListener("offline", () => setState({ offline: true }));
  window.addEventListener("hashchange", () => { clearStaleFlash(); route(); });
  await loadMe();
  showChrome();
  await route();
  if (navigator.onLine) flushOutbox();
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch((error) => console.warn(error));
  }
}

start();
