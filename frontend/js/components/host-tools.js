/* Host's tools beyond one meeting: what waits for a facilitator (requests, concerns), the concerns
   inbox, editing or ending a whole series, and undoing a cancellation. Facilitators coordinate: none
   of this touches a member's replies or profile. */
import { api, results } from "kindred/api.js";
import { h, field, flash, panel, withLink, LINK } from "kindred/dom.js";
import { bindForm, actionButton } from "kindred/forms.js";
import { when, today } from "kindred/time.js";
import { label } from "kindred/vocabulary.js";
import { route } from "kindred/router.js";
import { t, plural, msg, formatDate, formatList, loadCatalog } from "kindred/i18n.js";

await loadCatalog("host");  // its words travel with Host, the screen that shows it

const slugPath = (slug) => `/groups/${encodeURIComponent(slug)}`;
const count = (page) => (page && typeof page.count === "number" ? page.count : results(page).length);

/* "2 requests to join · 1 open concern" for a group on Host's list (nothing when nothing waits). */
export function waitingLine(slug) {
  const line = h("p", { class: "meta", "aria-live": "polite" });
  Promise.all([
    api.get(`${slugPath(slug)}/requests/?page_size=1`).then(count).catch(() => 0),
    api.get(`${slugPath(slug)}/concerns/?status=open&page_size=1`).then(count).catch(() => 0),
  ]).then(([requests, concerns]) => {
    const parts = [requests ? plural(requests, "{n} request to join", "{n} requests to join") : null,
      concerns ? plural(concerns, "{n} open concern", "{n} open concerns") : null].filter(Boolean);
    line.replaceChildren(parts.length ? h("span", { class: "badge" }, t("Waiting for you: {items}", { items: parts.join(" · ") }))
      : t("Nothing waiting for you."));
  });
  return line;
}

/* Marked for the catalog here, translated where it is shown (t(NO_REQUESTS)). */
export const NO_REQUESTS = msg("No requests waiting. When someone asks to join, their request appears here.");

/* After the last request is answered, the panel says so instead of going blank. */
export function requestAnswered(list) {
  if (list && !list.querySelector("li")) list.replaceWith(h("p", {}, t(NO_REQUESTS)));
}

export const emailHint = () => h("p", { class: "hint" },
  withLink(t("Want an email when someone asks to join? Switch it on under {link}, in your email choices.", { link: LINK }),
    h("a", { href: "#/me" }, t("Me"))));

// --- concerns -------------------------------------------------------------------------------------

function about(concern, group) {
  if (concern.subject) {
    return concern.subject.name ? t("About {name}", { name: concern.subject.name })
      : t("About a former member, or someone who has since hidden their name");
  }
  if (concern.occurrence) return t("About the meeting on {when}", { when: when(concern.occurrence.starts_at, group.time_zone) });
  return t("About the group");
}

function concernRow(concern, group, { named = false } = {}) {
  const row = h("li", { class: "card" },
    named ? h("h3", {}, h("a", { href: `#/groups/${encodeURIComponent(concern.group)}` }, concern.group_name)) : null,
    h("p", {}, h("strong", {}, about(concern, group)), h("span", { class: "meta" }, ` · ${t("raised {when}", { when: when(concern.created_at) })}`)),
    h("blockquote", {}, concern.message));
  const form = h("form", { class: "stack", novalidate: true },
    field(t("What was done (kept in the moderation log)"), h("textarea", { name: "note", id: `resolve-${concern.id}`, rows: 2, required: true })),
    h("button", { type: "submit" }, t("Mark as resolved")));
  bindForm(form, {
    submit: async (values) => {
      await api.post(`/concerns/${concern.id}/resolve/`, { note: values.note });
      await route();
      flash(t("Marked as resolved. Thank you for looking after the group."));
    },
  });
  row.append(h("details", {}, h("summary", {}, t("Resolve this concern")), form));
  return row;
}

export async function concernsPanel(group) {
  const page = await api.get(`${slugPath(group.slug)}/concerns/?status=open&page_size=50`).catch(() => null);
  const concerns = results(page);
  return [
    page === null ? h("p", {}, t("Concerns couldn't be loaded just now."))
      : concerns.length ? h("ul", { class: "cards" }, concerns.map((c) => concernRow(c, group)))
        : h("p", {}, t("No open concerns.")),
    h("p", { class: "hint" }, t("Who raised a concern is never shown, to you either. One about a facilitator goes to Kindred's site team instead.")),
  ];
}

/* For the site's moderators (staff) only: concerns that name a facilitator, or that no facilitator
   could read, in every group (the API answers anyone else 403). */
export async function staffConcernsPanel() {
  let page;
  try { page = await api.get("/concerns/?status=open&page_size=50"); } catch (error) { return null; }
  const concerns = results(page);
  return panel("staff-concerns", t("Concerns for Kindred's site team"),
    h("p", { class: "hint" }, t("Those about a facilitator, or raised where no facilitator could read them. Who raised each is in the admin, never here.")),
    concerns.length ? h("ul", { class: "cards" }, concerns.map((c) => concernRow(c, {}, { named: true })))
      : h("p", {}, t("No open concerns.")));
}

// --- series -----------------------------------------------------------------------------------------

/* "First Monday", "last Friday": which weekday of the month a monthly series meets on. */
const NTH = {
  1: msg("first {day}"), 2: msg("second {day}"), 3: msg("third {day}"), 4: msg("fourth {day}"), "-1": msg("last {day}"),
};

/* When a series meets, in words: "Every week on Tuesday and Thursday at 19:00". */
function rhythm(series) {
  const time = series.start_time.slice(0, 5);
  const r = series.recurrence;
  if (!r) {
    const date = formatDate(new Date(`${series.start_date}T12:00:00Z`), { timeZone: "UTC", dateStyle: "long" });
    return t("Once, on {date} at {time}", { date, time });
  }
  const days = formatList((r.weekdays || []).map((code) => {
    const match = code.match(/^(-?\d)?([A-Z]{2})$/);
    const day = label("weekdays", match ? match[2] : code);
    if (!match || !match[1]) return day;
    return NTH[match[1]] ? t(NTH[match[1]], { day }) : `${match[1]} ${day}`;
  }));
  return r.frequency === "monthly"
    ? plural(r.interval, "Every month on the {days} at {time}", "Every {n} months on the {days} at {time}", { days, time })
    : plural(r.interval, "Every week on {days} at {time}", "Every {n} weeks on {days} at {time}", { days, time });
}

function seriesRow(group, series) {
  const zone = series.time_zone.replace(/_/g, " ");
  const edit = h("form", { class: "stack", novalidate: true },
    field(t("Title"), h("input", { name: "title", id: `se-title-${series.id}`, value: series.title, required: true })),
    field(t("Starts at ({zone})", { zone }),
      h("input", { type: "time", name: "start_time", id: `se-time-${series.id}`, value: series.start_time.slice(0, 5) })),
    field(t("Length in minutes"), h("input", { type: "number", name: "duration_minutes", id: `se-duration-${series.id}`, min: 5,
      value: series.duration_minutes, inputmode: "numeric" })),
    field(t("Places (optional)"), h("input", { type: "number", name: "capacity", id: `se-capacity-${series.id}`, min: 1,
      value: series.capacity ?? "", inputmode: "numeric" })),
    field(t("New place (optional)"), h("input", { name: "location", id: `se-location-${series.id}` }),
      series.location ? t("Now: {place}. Leave blank to keep it.", { place: series.location }) : t("Leave blank to keep the group's place.")),
    field(t("From"), h("input", { type: "date", name: "apply_from", id: `se-from-${series.id}`, value: today() }),
      t("Meetings before this date stay as they are. A meeting you changed or cancelled by itself keeps its change.")),
    h("button", { type: "submit" }, t("Save the series")));
  bindForm(edit, {
    submit: async (v) => {
      const body = { title: v.title, start_time: v.start_time, duration_minutes: v.duration_minutes, capacity: v.capacity,
        apply_from: v.apply_from };
      if (v.location.trim()) body.location = v.location.trim();
      await api.patch(`/series/${series.id}/`, body);
      await route();
      flash(t("The series is changed. Members who plan to come to a meeting whose time or place moved are told."));
    },
  });
  const end = actionButton(t("End “{title}”", { title: series.title }), { class: "danger", busy: true }, async () => {
    await api.delete(`/series/${series.id}/`);
    await route();
    flash(t("“{title}” has ended. Its past meetings stay; members who planned to come to a future one are told.", { title: series.title }));
  });
  return h("li", { class: "card" },
    h("h3", {}, series.title),
    h("p", { class: "meta" }, plural(series.duration_minutes, "{rhythm} ({zone}), {n} minute", "{rhythm} ({zone}), {n} minutes",
      { rhythm: rhythm(series), zone })),
    h("details", {}, h("summary", {}, t("Edit the whole series")), edit),
    h("details", {}, h("summary", {}, t("End the series")),
      h("p", {}, t("Its future meetings are taken off the schedule; any that someone answered are cancelled, and those members are told. Past meetings stay. This can't be undone, but you can always schedule a new series.")),
      end));
}

export async function seriesPanel(group) {
  const page = await api.get(`${slugPath(group.slug)}/series/?page_size=50`).catch(() => null);
  const live = results(page).filter((series) => !series.ended_at);
  if (page === null) return h("p", {}, t("The series couldn't be loaded just now."));
  return live.length ? h("ul", { class: "cards" }, live.map((series) => seriesRow(group, series)))
    : h("p", {}, t("No meeting series yet. Schedule one above."));
}

// --- one cancelled meeting ------------------------------------------------------------------------------

/* A cancelled meeting that has not started can be put back on (its replies were kept). */
export function restoreButton(o) {
  if (o.status !== "cancelled" || new Date(o.starts_at) <= new Date()) return null;
  return actionButton(t("Undo the cancellation"), { class: "secondary", busy: true }, async () => {
    await api.post(`/occurrences/${o.id}/restore/`);
    await route();
    flash(t("The meeting is back on. Members who planned to come are told."));
  });
}
