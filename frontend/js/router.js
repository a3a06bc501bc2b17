/* The hash router: which screen an address shows. app.js gives it the routes; screens call go(). */
import { state, setState } from "kindred/state.js";
import { render, h, focusTitle } from "kindred/dom.js";
import { t } from "kindred/i18n.js";

let routes = [];
let signInScreen = null;

/* routes: [pattern, screen(match, params), nav item, needs someone signed in?]; a screen that needs
   someone signed in shows signIn(match, params, { next }) to a visitor instead. */
export function defineRoutes(table, { signIn }) {
  routes = table;
  signInScreen = signIn;
}

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
export function route() {
  const id = ++latest;
  navigation = navigation.then(() => (id === latest ? showRoute() : null)).catch((error) => console.warn(error));
  return navigation;
}

/* Whether a screen has been shown yet (the first one keeps focus where the browser put it). */
export let started = false;

async function showRoute() {
  const { path, params } = parseHash();
  setState({ group: null });
  for (const [pattern, screen, nav, needsUser] of routes) {
    const match = path.match(pattern);
    if (!match) continue;
    markNav(nav);
    if (needsUser && !state.me) {
      await signInScreen([], params, { next: location.hash || "#/" });
    } else {
      try {
        await screen(match.slice(1), params);
      } catch (error) {
        console.warn(error);
        if (error.offline) reloadWhenOnline();
        render(t("Something went wrong"), h("p", {}, error.offline
          ? t("You're offline and this page wasn't saved on this device yet. It will load by itself when you're back online.")
          : error.status === 404 ? t("We couldn't find that page. It may have moved or may not be public.")
            : error.detail || t("Please try again in a moment.")),
        h("p", {}, h("a", { href: "#/" }, t("Back to finding a group"))));
      }
    }
    if (started) focusTitle();
    started = true;
    return;
  }
  render(t("Page not found"), h("p", {}, h("a", { href: "#/" }, t("Find a group"))));
}

/* A page that could not load offline loads itself once the connection is back (if it is still the
   page on screen): nobody has to know to reload. When the device already says it is online (the
   connection came back a moment before the request got through), it tries again a little later. */
const RETRY_ONLINE_MS = 4000;
function reloadWhenOnline() {
  const hash = location.hash;
  const retry = () => { if (location.hash === hash) route(); };
  if (navigator.onLine) setTimeout(retry, RETRY_ONLINE_MS);
  else window.addEventListener("online", retry, { once: true });
}

function markNav(active) {
  for (const link of document.querySelectorAll("[data-nav]")) {
    if (link.dataset.nav === active) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}
