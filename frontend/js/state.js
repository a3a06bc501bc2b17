/* App state: who is signed in, whether we're offline. Tiny pub/sub; screens re-read on change. */

const listeners = new Set();
export const state = {
  me: null,  // the /me/ profile when signed in (kept by session.js)
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
