/* My meetings, the member's home: the calendar subscription first, my groups and requests, then my
   upcoming meetings by week, with a filter by group. Going / maybe / not going on each. */
import { api, results } from "kindred/api.js";
import { render, h, field, select, withLink, LINK } from "kindred/dom.js";
import { state } from "kindred/state.js";
import { pendingRsvps } from "kindred/outbox.js";
import { today, addDays, zonedParts, deviceTimeZone } from "kindred/time.js";
import { meetingCard, rsvpOf } from "kindred/components/meeting-card.js";
import { myGroupsSection } from "kindred/components/my-groups.js";
import { t, plural, formatDate, loadCatalog } from "kindred/i18n.js";

await loadCatalog("meetings");

/* Every upcoming meeting of my groups; a reply saved on this device while offline shows as mine. */
async function myMeetings() {
  const [page, queued] = await Promise.all([api.get("/me/meetings/?all=true&page_size=50"), pendingRsvps().catch(() => [])]);
  const waiting = new Map(queued.map((item) => [item.occurrenceId, item]));
  return results(page).map((o) => {
    const pending = waiting.get(o.id);
    return pending ? { ...o, my_rsvp: { ...(rsvpOf(o) || {}), status: pending.body.status, queued: true } } : o;
  });
}

/* The Monday (YYYY-MM-DD) of the week an instant falls in, on my own calendar. */
function mondayOf(isoDate) {
  const weekday = (new Date(`${isoDate}T12:00:00Z`).getUTCDay() + 6) % 7;  // Monday 0
  return addDays(isoDate, -weekday);
}

function weekHeading(monday, thisMonday) {
  if (monday === thisMonday) return t("This week");
  if (monday === addDays(thisMonday, 7)) return t("Next week");
  const day = formatDate(new Date(`${monday}T12:00:00Z`), { timeZone: "UTC", day: "numeric", month: "long" });
  return t("Week of Monday {day}", { day });
}

function byWeek(meetings) {
  const zone = (state.me && state.me.time_zone) || deviceTimeZone();
  const weeks = new Map();
  for (const o of meetings) {
    const monday = mondayOf(zonedParts(o.starts_at, zone)[0]);
    if (!weeks.has(monday)) weeks.set(monday, []);
    weeks.get(monday).push(o);
  }
  return weeks;
}

function weekSections(meetings) {
  const thisMonday = mondayOf(today());
  return [...byWeek(meetings)].map(([monday, list]) => {
    const id = `week-${monday}`;
    return h("section", { class: "week", "aria-labelledby": id, dataset: { week: monday } },
      h("h3", { id }, weekHeading(monday, thisMonday)),
      h("ul", { class: "cards", "aria-labelledby": id }, list.map((o) => {
        const card = meetingCard(o, { rsvp: rsvpOf(o) || {} });
        card.dataset.group = o.group;
        return card;
      })));
  });
}

/* Show one group's meetings (or all): cards of other groups, and weeks left empty, are hidden. */
function groupFilter(meetings, weeks, status) {
  const names = new Map(meetings.map((o) => [o.group, o.group_name]));
  if (names.size < 2) return null;
  const choose = select("group", [["", t("All my groups")], ...[...names].sort((a, b) => a[1].localeCompare(b[1]))], "", "meetings-group");
  choose.addEventListener("change", () => {
    let shown = 0;
    for (const week of weeks) {
      let inWeek = 0;
      for (const card of week.querySelectorAll("li.meeting")) {
        card.hidden = !!choose.value && card.dataset.group !== choose.value;
        if (!card.hidden) inWeek += 1;
      }
      week.hidden = inWeek === 0;
      shown += inWeek;
    }
    status.textContent = choose.value
      ? plural(shown, "{n} meeting of {group}.", "{n} meetings of {group}.", { group: names.get(choose.value) }) : "";
  });
  return h("div", { class: "filters-row" }, field(t("Show meetings of"), choose));
}

/* Near the top, but small: one line and one button, so the meetings are not pushed down. */
function calendarPanel(me) {
  if (!me || !me.calendar_url) return null;
  return h("section", { "aria-labelledby": "subscribe-title", class: "panel compact" },
    h("h2", { id: "subscribe-title" }, t("In your calendar")),
    h("p", {}, withLink(t("The meetings you plan to go to, in your own calendar app and kept up to date. {link}, private to you.",
      { link: LINK }), h("a", { href: me.calendar_url }, t("Calendar link (.ics)")))),
    h("a", { class: "button", href: me.calendar_url.replace(/^https?:/, "webcal:") }, t("Subscribe in my calendar app")));
}

export async function meetingsScreen() {
  const [meetings, groups] = await Promise.all([myMeetings(), myGroupsSection()]);
  const weeks = weekSections(meetings);
  const status = h("p", { class: "hint", role: "status" });
  render(t("My meetings"),
    h("p", { class: "lead" }, t("Meetings of your groups. Saying whether you'll come is a courtesy for the group, never a requirement.")),
    calendarPanel(state.me),
    groups,
    h("h2", { id: "coming-up" }, t("Coming up")),
    meetings.length ? [groupFilter(meetings, weeks, status), status, weeks]
      : h("p", {}, withLink(t("Nothing coming up. {link} when you're ready.", { link: LINK }), h("a", { href: "#/" }, t("Find a group")))));
}
