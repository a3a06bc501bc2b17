/* My meetings: my upcoming meetings with going / maybe / not going, waitlist places, calendar links. */
import { api, results, humanMessage } from "../api.js?v=4";
import { render, h, download } from "../dom.js?v=4";
import { state } from "../state.js?v=4";
import { when, icsFor } from "../time.js?v=4";
import { sendRsvp, pendingRsvps } from "../outbox.js?v=4";

const CHOICES = [["going", "Going"], ["maybe", "Maybe"], ["not_going", "Not going"]];

/* The API's occurrence shapes, read defensively: the group may be nested or given by slug. */
export const occurrenceTitle = (o) => o.title || o.series_title || (o.series && o.series.title) || "Meeting";
const occurrenceGroup = (o, fallback) => (o.group && typeof o.group === "object" ? o.group : fallback)
  || { slug: o.group_slug || o.group, name: o.group_name || "" };
const rsvpOf = (o) => o.my_rsvp || o.rsvp || null;

export async function myMeetings() {
  const [page, queued] = await Promise.all([api.get("/me/meetings/?all=true&page_size=50"), pendingRsvps().catch(() => [])]);
  const waiting = new Map(queued.map((item) => [item.occurrenceId, item]));
  return results(page).map((o) => {
    const pending = waiting.get(o.id);
    return pending ? { ...o, my_rsvp: { ...(rsvpOf(o) || {}), status: pending.body.status, queued: true } } : o;
  });
}

export async function meetingsScreen() {
  const meetings = await myMeetings();
  const me = state.me;
  render("My meetings",
    h("p", { class: "lead" }, "Meetings of your groups. Saying whether you'll come is a courtesy for the group, never a requirement."),
    h("h2", { id: "coming-up" }, "Coming up"),
    meetings.length
      ? h("ul", { class: "cards", "aria-labelledby": "coming-up" }, meetings.map((o) => meetingItem(o, { rsvp: rsvpOf(o) || {} })))
      : h("p", {}, "Nothing coming up. ", h("a", { href: "#/" }, "Find a group"), " when you're ready."),
    me && me.calendar_url ? h("section", { "aria-labelledby": "subscribe-title", class: "panel" },
      h("h2", { id: "subscribe-title" }, "In your calendar"),
      h("p", {}, "Subscribe once and the meetings you plan to go to appear in your calendar app, kept up to date."),
      h("p", { class: "row" },
        h("a", { class: "button", href: me.calendar_url.replace(/^https?:/, "webcal:") }, "Subscribe in my calendar app"),
        h("a", { class: "button secondary", href: me.calendar_url }, "Calendar link (.ics)")),
      h("p", { class: "hint" }, "This link is private to you. If you've shared it by mistake, get a new one on your Me page."))
      : null);
}

/* One meeting, with RSVP buttons when `rsvp` is given (an object, possibly empty; null = not a member). */
export function meetingItem(o, { group = null, rsvp = null } = {}) {
  const g = occurrenceGroup(o, group);
  const cancelled = o.status === "cancelled";
  const title = occurrenceTitle(o);
  const places = (meeting) => `${meeting.going_count || 0} of ${meeting.capacity} places taken`;
  const capacity = o.capacity && o.status !== "cancelled" ? h("p", { class: "meta" }, places(o)) : null;
  const item = h("li", { class: `card meeting${cancelled ? " cancelled" : ""}` },
    h("h3", {}, title, g && g.name && !group ? h("span", { class: "meta" }, ` · `, h("a", { href: `#/groups/${g.slug}` }, g.name)) : null),
    h("p", {}, h("time", { datetime: o.starts_at }, when(o.starts_at, o.time_zone || (g && g.time_zone)))),
    cancelled ? h("p", { class: "notice" }, "Cancelled", o.note ? `: ${o.note}` : ".") : o.note ? h("p", {}, o.note) : null,
    o.location ? h("p", { class: "meta" }, o.location) : null,
    capacity);
  /* After a reply, the places count is read again: mine and anyone who moved up are in it. */
  const refresh = capacity ? () => api.get(`/occurrences/${o.id}/`)
    .then((fresh) => { capacity.textContent = places(fresh); }).catch(() => {}) : null;
  if (rsvp && !cancelled) item.append(rsvpControls(o, rsvp, refresh));
  if (rsvp && cancelled && rsvp.status && rsvp.status !== "not_going" && new Date(o.starts_at) > new Date()) {
    const said = h("p", { class: "rsvp-status", "aria-live": "polite" }, `You had said: ${label(rsvp.status)}.`);
    const clear = h("button", { type: "button", class: "secondary", onclick: async () => {
      clear.disabled = true;
      try { await api.delete(`/occurrences/${o.id}/rsvp/`); said.textContent = "Your reply is taken back."; clear.remove(); }
      catch (error) { said.textContent = humanMessage(error); clear.disabled = false; }
    } }, "Take back my reply");
    item.append(said, clear);
  }
  if (!cancelled) {
    item.append(h("button", { type: "button", class: "link", onclick: () => download(`kindred-meeting-${o.id}.ics`,
      icsFor({ id: o.id, title: g && g.name ? `${title} (${g.name})` : title, starts_at: o.starts_at, ends_at: o.ends_at,
        location: o.location, url: g && g.slug ? `${location.origin}/#/groups/${g.slug}` : undefined }), "text/calendar") },
    "Add to calendar"));
  }
  return item;
}

function statusText(rsvp) {
  if (rsvp.queued) return `Saved on this device: ${label(rsvp.status)}. It will be sent when you're back online.`;
  if (rsvp.status === "waitlisted") {
    const place = rsvp.waitlist_position ? ` You're number ${rsvp.waitlist_position}.` : "";
    return `The meeting is full, so you're on the waitlist.${place} If a place frees up you'll move up automatically.`;
  }
  return rsvp.status ? `You said: ${label(rsvp.status)}.` : "You haven't said yet. That's fine.";
}

const label = (status) => (CHOICES.find(([v]) => v === status) || [, status])[1];

export function rsvpControls(o, initial, onAnswered = null) {
  let rsvp = { ...initial };
  const legendId = `rsvp-${o.id}`;
  const status = h("p", { class: "rsvp-status", "aria-live": "polite" }, statusText(rsvp));
  const buttons = CHOICES.map(([value, text]) => h("button", {
    type: "button", class: "choice", "aria-pressed": String(rsvp.status === value || (value === "going" && rsvp.status === "waitlisted")),
    dataset: { status: value },
  }, text));
  const group = h("div", { class: "rsvp", role: "group", "aria-labelledby": legendId },
    h("p", { id: legendId, class: "rsvp-label" }, "Will you come?"), h("div", { class: "choices" }, buttons), status);
  for (const button of buttons) {
    button.addEventListener("click", async () => {
      buttons.forEach((b) => { b.disabled = true; });
      try {
        const answer = await sendRsvp(o.id, { status: button.dataset.status });
        rsvp = answer;
        buttons.forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.status === answer.status
          || (b.dataset.status === "going" && answer.status === "waitlisted"))));
        status.textContent = statusText(answer);
        if (onAnswered && !answer.queued) onAnswered();
      } catch (error) {
        status.textContent = humanMessage(error);
      } finally {
        buttons.forEach((b) => { b.disabled = false; });
      }
    });
  }
  return group;
}

