/* My meetings: my upcoming meetings with going / maybe / not going, waitlist places, calendar links. */
import { api, results } from "kindred/api.js";
import { render, h } from "kindred/dom.js";
import { state } from "kindred/state.js";
import { pendingRsvps } from "kindred/outbox.js";
import { meetingCard, rsvpOf } from "kindred/components/meeting-card.js";

/* Every upcoming meeting of my groups; a reply saved on this device while offline shows as mine. */
async function myMeetings() {
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
      ? h("ul", { class: "cards", "aria-labelledby": "coming-up" }, meetings.map((o) => meetingCard(o, { rsvp: rsvpOf(o) || {} })))
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
