/* RSVPs made offline wait here (IndexedDB) and are sent when the connection comes back. */
import { api } from "kindred/api.js";
import * as store from "kindred/store.js";
import { flash } from "kindred/dom.js";
import { t, plural } from "kindred/i18n.js";

const PREFIX = "rsvp:";

export async function pendingRsvps() {
  const keys = (await store.keys()).filter((key) => String(key).startsWith(PREFIX));
  return Promise.all(keys.map((key) => store.get(key)));
}

/* Send an RSVP; when offline, keep it and answer {queued: true}. */
export async function sendRsvp(occurrenceId, body) {
  try {
    const answer = await api.put(`/occurrences/${occurrenceId}/rsvp/`, body);
    await store.del(PREFIX + occurrenceId);
    return answer;
  } catch (error) {
    if (!error.offline) throw error;
    await store.set(PREFIX + occurrenceId, { occurrenceId, body, queuedAt: new Date().toISOString() });
    return { ...body, queued: true };
  }
}

let flushing = false;
export async function flushOutbox() {
  if (flushing) return 0;
  flushing = true;
  let sent = 0;
  const problems = [];
  try {
    for (const item of await pendingRsvps()) {
      try {
        await api.put(`/occurrences/${item.occurrenceId}/rsvp/`, item.body);
        await store.del(PREFIX + item.occurrenceId);
        sent += 1;
      } catch (error) {
        if (error.offline) break;
        await store.del(PREFIX + item.occurrenceId);  // refused (e.g. the meeting has started): tell, don't retry forever
        problems.push(error.detail || t("One of your saved replies could not be sent."));
      }
    }
  } finally {
    flushing = false;
  }
  if (sent) flash(plural(sent, "You're back online. Your saved reply was sent.", "You're back online. Your {n} saved replies were sent."));
  if (problems.length) flash(problems.join(" "));
  return sent;
}
