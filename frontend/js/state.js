/* App state: who is signed in, whether we're offline. Tiny pub/sub; screens re-read on change. */

const listeners = new Set();
export const state = {
  me: null,  // the /me/ profile when signed in
  offline: !navigator.onLine,
  servedFromCache: false,
  group: null,  // the group on screen, for "Need help now?"
};

export function setState(patch) {
  Object.assign(state, patch);
  for (const listener of listeners) listener(state);
}

export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// A hint (not a secret) that this device has a session, so we don't ask /me/ when nobody is signed in.
const HINT = "kindred.signedIn";
export const signedInHint = {
  get: () => localStorage.getItem(HINT) === "1",
  set: (on) => (on ? localStorage.setItem(HINT, "1") : localStorage.removeItem(HINT)),
};

export function viewerTimeZone() {
  return (state.me && state.me.time_zone) || Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}
