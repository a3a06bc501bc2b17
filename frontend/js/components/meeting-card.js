/* One meeting, as a card: My meetings, a group's page and Host all show this one. Members get the
   "Will you come?" buttons and "Add to calendar"; facilitators get the replies so far. */
import { api, humanMessage } from "kindred/api.js";
import { h, download } from "kindred/dom.js";
import { meetingTime, icsFor } from "kindred/time.js";
import { label, raw } from "kindred/vocabulary.js";
import { placesText } from "kindred/words.js";
import { rsvpControls, answerLabel } from "kindred/components/rsvp.js";
import { t, plural } from "kindred/i18n.js";

/* The API's occurrence shapes, read defensively: the group may be nested or given by slug. */
const occurrenceTitle = (o) => o.title || o.series_title || (o.series && o.series.title) || t("Meeting");
const occurrenceGroup = (o, fallback) => (o.group && typeof o.group === "object" ? o.group : fallback)
  || { slug: o.group_slug || o.group, name: o.group_name || "" };
/* At a place (in person or hybrid): the group's format says, else the meeting's place (an address, or
   the word for the online format). */
const isOnline = (where) => where === (raw("formats").find((entry) => entry.code === "online") || {}).label;
const inPerson = (o, g) => (g && g.format ? g.format !== "online" : !!o.location && !isOnline(o.location));
/* The place as the server said it; an online meeting's place (the server says the format's name) is
   the vocabulary's word for the format, in the page's language. */
const placeWords = (o, g) => (!inPerson(o, g) || isOnline(o.location) ? label("formats", "online") : o.location);
export const rsvpOf = (o) => o.my_rsvp || o.rsvp || null;

/* `group`: the group whose page this is (its name is then not repeated). `rsvp`: my reply (an
   object, possibly empty) to show the reply buttons; null when I'm not a member. `hosting`: the
   facilitators' card, with everyone's replies counted. */
export function meetingCard(o, { group = null, rsvp = null, hosting = false } = {}) {
  const g = occurrenceGroup(o, group);
  const cancelled = o.status === "cancelled";
  const title = occurrenceTitle(o);
  const item = h("li", { class: `card meeting${cancelled ? " cancelled" : ""}` },
    h("h3", {}, title, g && g.name && !group ? h("span", { class: "meta" }, ` · `, h("a", { href: `#/groups/${g.slug}` }, g.name)) : null),
    h("p", {}, h("time", { datetime: o.starts_at }, meetingTime(o.starts_at, o.ends_at, o.time_zone || (g && g.time_zone),
      { inPerson: inPerson(o, g) }))),
    cancelled ? h("p", { class: "notice" }, o.note ? [t("Cancelled:"), " ", o.note] : t("Cancelled.")) : o.note ? h("p", {}, o.note) : null,
    o.location ? h("p", { class: "meta" }, placeWords(o, g)) : null);
  if (hosting) {
    item.append(h("p", { class: "meta" }, [o.capacity ? placesText(o.capacity, o.going_count || 0) : plural(o.going_count || 0, "{n} going", "{n} going"),
      plural(o.maybe_count || 0, "{n} maybe", "{n} maybe"),
      o.waitlist_count ? plural(o.waitlist_count, "{n} on the waiting list", "{n} on the waiting list") : null].filter(Boolean).join(" · ")));
    return item;
  }
  const places = (meeting) => placesText(meeting.capacity, meeting.going_count || 0);
  const capacity = o.capacity && !cancelled ? h("p", { class: "meta" }, places(o)) : null;
  if (capacity) item.append(capacity);
  /* After a reply, the places count is read again: mine and anyone who moved up are in it. */
  const refresh = capacity ? () => api.get(`/occurrences/${o.id}/`)
    .then((fresh) => { capacity.textContent = places(fresh); }).catch(() => {}) : null;
  if (rsvp && !cancelled) item.append(rsvpControls(o, rsvp, refresh));
  if (rsvp && cancelled && rsvp.status && rsvp.status !== "not_going" && new Date(o.starts_at) > new Date()) {
    const said = h("p", { class: "rsvp-status", "aria-live": "polite" }, t("You had said: {answer}.", { answer: answerLabel(rsvp.status) }));
    const clear = h("button", { type: "button", class: "secondary", onclick: async () => {
      clear.disabled = true;
      try { await api.delete(`/occurrences/${o.id}/rsvp/`); said.textContent = t("Your reply is taken back."); clear.remove(); }
      catch (error) { said.textContent = humanMessage(error); clear.disabled = false; }
    } }, t("Take back my reply"));
    item.append(said, clear);
  }
  if (rsvp && g && g.slug) {
    item.append(h("p", { class: "meta tappable" }, h("a", { href: `#/concern?group=${encodeURIComponent(g.slug)}&occurrence=${o.id}` },
      t("Raise a concern about this meeting"))));
  }
  if (!cancelled) {
    item.append(h("button", { type: "button", class: "link", onclick: () => download(`kindred-meeting-${o.id}.ics`,
      icsFor({ id: o.id, title: g && g.name ? `${title} (${g.name})` : title, starts_at: o.starts_at, ends_at: o.ends_at,
        location: o.location, url: g && g.slug ? `${location.origin}/#/groups/${g.slug}` : undefined }), "text/calendar") },
    t("Add to calendar")));
  }
  return item;
}
