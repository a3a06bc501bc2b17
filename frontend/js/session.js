/* Who is signed in on this device: signing in and out, a session lost elsewhere, and forgetting
   every personal thing the device kept. The signed-in person is state.me. */
import { api, resetCsrf } from "kindred/api.js";
import { state, setState } from "kindred/state.js";
import { flash } from "kindred/dom.js";
import { clearDrafts } from "kindred/forms.js";
import * as store from "kindred/store.js";
import { go, route, started } from "kindred/router.js";
import { t, followProfileLanguage } from "kindred/i18n.js";

// A hint (not a secret) that this device has a session, so we don't ask /me/ when nobody is signed in.
const HINT = "kindred.signedIn";
const signedInHint = {
  get: () => localStorage.getItem(HINT) === "1",
  set: (on) => (on ? localStorage.setItem(HINT, "1") : localStorage.removeItem(HINT)),
};

/* The address someone registered or signed in with, for "send it again" on "check your email" (kept
   for this tab only, never in the address bar). */
const PENDING_ADDRESS = "kindred.pendingEmail";
export const rememberAddress = (email) => sessionStorage.setItem(PENDING_ADDRESS, email || "");
export const rememberedAddress = () => sessionStorage.getItem(PENDING_ADDRESS) || "";

/* Signing in or out: forget every personal thing this device kept for the previous person. */
export async function forgetPersonalData() {
  resetCsrf();
  signedInHint.set(false);
  clearDrafts();
  sessionStorage.removeItem(PENDING_ADDRESS);
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
export async function sessionLost() {
  if (!state.me && !signedInHint.get()) return;  // nobody was signed in here: nothing to forget
  await forgetPersonalData();
  setState({ me: null });
  if (started) route();
}

export async function signedIn(me) {
  await forgetPersonalData();
  signedInHint.set(true);
  setState({ me });
  await store.set("me", me).catch(() => {});
  followProfileLanguage(me);  // the member chose a language in their profile: the page follows it, once
}

export async function signOut() {
  try { await api.post("/auth/logout/"); } catch (error) { if (!error.offline && error.status !== 401) throw error; }
  await forgetPersonalData();
  setState({ me: null });
  flash(t("You've signed out. Anything personal this device kept has been cleared."));
  go("#/");
}

/* At start-up: who is signed in here (offline, the profile this device saved). */
export async function restoreSession() {
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
