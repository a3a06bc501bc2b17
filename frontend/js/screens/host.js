/* Host (facilitators): start and edit a group, schedule meetings, cancel or change one meeting,
   welcome join requests, invite a co-facilitator. Facilitators coordinate; they never edit members. */
import { api, query, results, ApiError } from "kindred/api.js";
import { render, h, append, field, select, flash, panel } from "kindred/dom.js";
import { state, setState } from "kindred/state.js";
import { bindForm, actionButton } from "kindred/forms.js";
import { today, addDays, zonedToIso, zonedParts, zoneChoices, deviceTimeZone } from "kindred/time.js";
import { choices } from "kindred/vocabulary.js";
import { meetingCard } from "kindred/components/meeting-card.js";
import { go } from "kindred/router.js";
import {
  waitingLine, requestAnswered, NO_REQUESTS, emailHint, concernsPanel, seriesPanel, restoreButton, staffConcernsPanel,
} from "kindred/components/host-tools.js";
import { t, loadCatalog } from "kindred/i18n.js";

await loadCatalog("host");

const list = (text) => String(text || "").split(",").map((part) => part.trim()).filter(Boolean);

export async function hostScreen() {
  const [memberships, invitations, staffConcerns] = await Promise.all([
    api.get("/me/memberships/").then(results),
    api.get("/me/invitations/").then(results).catch(() => []),
    state.me && state.me.is_staff ? staffConcernsPanel() : null,
  ]);
  const hosting = memberships.filter((m) => m.role === "facilitator" && m.status === "active");
  render(t("Host"),
    h("p", { class: "lead" }, t("Facilitators coordinate their group's meetings and welcome newcomers. Co-facilitators are equals.")),
    invitations.length ? panel("invites", t("Invitations to co-facilitate"),
      h("ul", { class: "plain" }, invitations.map(invitationRow))) : null,
    staffConcerns,
    h("section", { "aria-labelledby": "hosting-title" }, h("h2", { id: "hosting-title" }, t("Groups you host")),
      hosting.length ? h("ul", { class: "cards" }, hosting.map((m) => h("li", { class: "card" },
        h("h3", {}, h("a", { href: `#/host/${m.group.slug}` }, m.group.name)),
        waitingLine(m.group.slug),
        h("p", {}, h("a", { href: `#/groups/${m.group.slug}` }, t("See the group's page"))))))
        : h("p", {}, t("You don't host a group yet."))),
    panel("new", t("Start a new group"), groupForm(null)));
}

function invitationRow(invitation) {
  const row = h("li", {}, invitation.invited_by_name
    ? t("{name} invited you to co-facilitate {group}.", { name: invitation.invited_by_name, group: invitation.group.name })
    : t("A facilitator invited you to co-facilitate {group}.", { group: invitation.group.name }), " ");
  for (const [action, label] of [["accept", t("Accept")], ["decline", t("No, thank you")]]) {
    row.append(actionButton(label, { class: action === "accept" ? "" : "secondary" }, async () => {
      await api.post(`/me/invitations/${invitation.id}/${action}/`);
      flash(action === "accept" ? t("You're now a co-facilitator.") : t("Declined. Nobody is told why."));
      go("#/host");
    }), " ");
  }
  return row;
}

export async function hostGroupScreen([slug], params) {
  const group = await api.get(`/groups/${encodeURIComponent(slug)}/`);
  setState({ group });
  const [requests, occurrences, roster, concerns, series] = await Promise.all([
    api.get(`/groups/${slug}/requests/`).then(results).catch(() => []),
    api.get(`/groups/${slug}/occurrences/${query({ from: today(), to: addDays(today(), 90) })}`).then(results),
    api.get(`/groups/${slug}/members/`).then(results).catch(() => []),
    concernsPanel(group),
    seriesPanel(group),
  ]);
  /* Just scheduled: the new meetings are marked and brought into view, not the top of the form. */
  const scheduled = params && params.get("scheduled");
  const fresh = occurrences.filter((o) => scheduled && String(o.series) === scheduled);
  render(t("Host {group}", { group: group.name }),
    h("p", {}, h("a", { href: `#/groups/${slug}` }, t("See the group's page"))),
    panel("requests", t("Join requests"), requests.length ? h("ul", { class: "plain" }, requests.map((r) => requestRow(slug, r)))
      : h("p", {}, t(NO_REQUESTS)), emailHint()),
    panel("concerns", t("Concerns"), concerns),
    panel("upcoming", t("Upcoming meetings"), occurrences.length
      ? h("ul", { class: "cards" }, occurrences.map((o) => occurrenceAdmin(group, o, fresh.includes(o))))
      : h("p", {}, t("No meetings in the next three months."))),
    panel("schedule", t("Schedule meetings"), seriesForm(group)),
    panel("series", t("Meeting series"), series),
    panel("cofacilitator", t("Invite a co-facilitator"), inviteForm(group, roster)),
    panel("edit", t("Edit the group"), groupForm(group)));
  if (fresh.length) {
    // After the router has focused the page title: move on to the new meetings, so they are what is seen and read.
    setTimeout(() => {
      const heading = document.getElementById("upcoming-title");
      heading.tabIndex = -1;
      heading.focus();
      heading.scrollIntoView({ block: "start" });
    }, 0);
  }
}

function requestRow(slug, request) {
  const row = h("li", {}, h("p", {}, h("strong", {}, request.name), request.pronouns ? ` (${request.pronouns})` : ""),
    request.message ? h("blockquote", {}, request.message) : null);
  for (const [action, label] of [["approve", t("Welcome {name}", { name: request.name })], ["decline", t("Decline")]]) {
    row.append(actionButton(label, { class: action === "approve" ? "" : "secondary" }, async () => {
      const list = row.parentElement;
      await api.post(`/groups/${slug}/requests/${request.id}/${action}/`);
      row.remove();
      requestAnswered(list);
      flash(action === "approve" ? t("{name} is now a member.", { name: request.name }) : t("Request declined."));
    }), " ");
  }
  return row;
}

function groupForm(group) {
  /* The site's general advice stands in for a group that wrote none: it is not the group's to save. */
  const own = group && group.support_resources_source === "site" ? { ...group, support_resources: "" } : group;
  const g = own || { format: "in_person", join_policy: "open", time_zone: deviceTimeZone(), listed: true, accessibility: [] };
  const text = (name, label, hint, attrs = {}) => field(label, h("input", { name, id: `g-${name}`, value: Array.isArray(g[name]) ? g[name].join(", ") : (g[name] || ""), ...attrs }), hint);
  const area = (name, label, hint) => field(label, h("textarea", { name, id: `g-${name}`, rows: 4 }, g[name] || ""), hint);
  const sel = (name, label, options) => field(label, select(name, options, g[name], `g-${name}`));
  const form = h("form", { class: "stack", novalidate: true },
    text("name", t("Group name"), null, { required: true }),
    area("description", t("What the group is about"), t("Plain words: who it's for and what a meeting is like.")),
    text("topics", t("Topics"), t("Separate with commas, e.g. grief, carers.")),
    text("languages", t("Languages"), t("Language codes separated by commas, e.g. en, es.")),
    sel("format", t("Format"), choices("formats")),
    sel("join_policy", t("Who can join"), choices("join_policies")),
    sel("time_zone", t("Time zone"), zoneChoices()),
    text("address", t("Address (in person)"), t("Leave blank for online groups."), { autocomplete: "street-address" }),
    text("city", t("City")), text("region", t("Region")),
    text("country", t("Country code"), t("Two letters, e.g. GB."), { maxlength: 2 }),
    positionFields(g),
    text("online_url", t("Online meeting link"), t("Only members see it unless you publish it below."), { type: "url" }),
    text("online_phone", t("Dial-in number")),
    field(t("Publish the online link to everyone"),
      h("input", { type: "checkbox", name: "online_link_public", id: "g-online_link_public", checked: !!g.online_link_public })),
    h("fieldset", {}, h("legend", {}, t("Access")), h("div", { class: "checks" }, choices("accessibility").map(([value, label]) => field(label,
      h("input", { type: "checkbox", name: "accessibility", value, id: `g-acc-${value}`, checked: (g.accessibility || []).includes(value) }))))),
    field(t("List this group in the directory"), h("input", { type: "checkbox", name: "listed", id: "g-listed", checked: g.listed !== false })),
    area("agreements", t("Group agreements"),
      t("What members agree to when joining. If you change them, members are asked to read them again; nobody is removed.")),
    area("support_resources", t("Where to find help now"),
      t("Crisis lines or services for your area. Leave blank to show the site's general advice.")),
    h("button", { type: "submit" }, group ? t("Save changes") : t("Start the group")));
  const accessBoxes = form.querySelectorAll('[name="accessibility"]');
  return bindForm(form, {
    draftKey: group ? `group-${group.slug}` : "group-new",
    submit: async (values) => {
      const body = { ...values, topics: list(values.topics), languages: list(values.languages),
        accessibility: [...accessBoxes].filter((box) => box.checked).map((box) => box.value) };
      if (group) {
        await api.patch(`/groups/${group.slug}/`, body);
        flash(t("Saved."));
      } else {
        const created = await api.post("/groups/", body);
        flash(t("{group} is ready. Next, schedule its meetings.", { group: created.name }));
        go(`#/host/${created.slug}`);
      }
    },
  });
}

/* Where the group shows for "Near me": found from the city when the group is saved; the facilitator
   moves the pin by giving its latitude and longitude (copied from any map app). */
function positionFields(g) {
  const coordinate = (name, label, range) => field(label, h("input", { type: "number", name, id: `g-${name}`, step: "any",
    min: -range, max: range, inputmode: "decimal", value: g[name] == null ? "" : String(g[name]) }));
  return h("fieldset", {}, h("legend", {}, t("Map position (in person)")),
    h("p", { class: "hint", id: "g-position-hint" }, g.latitude == null
      ? t("Leave blank: it is found from the city when you save, so people searching near them find the group.")
      : [g.approximate ? `${t("Found from the city.")} ` : "", t("If the pin is off, give the latitude and longitude from a map app.")]),
    h("div", { class: "grid" }, coordinate("latitude", t("Latitude"), 90), coordinate("longitude", t("Longitude"), 180)));
}

function seriesForm(group) {
  const weekdayChecks = h("fieldset", { class: "weekly" }, h("legend", {}, t("On")),
    h("div", { class: "checks" }, choices("weekdays").map(([value, label]) => field(label, h("input", { type: "checkbox", name: "weekdays", value, id: `s-day-${value}` })))));
  const nth = select("nth", [["1", t("First")], ["2", t("Second")], ["3", t("Third")], ["4", t("Fourth")], ["-1", t("Last")]], "1", "s-nth");
  const monthDay = select("month_weekday", choices("weekdays"), "MO", "s-month-weekday");
  const zoneSelect = select("time_zone", zoneChoices(), group.time_zone, "s-zone");
  const form = h("form", { class: "stack", novalidate: true },
    field(t("Title"), h("input", { name: "title", id: "s-title", required: true, value: t("Weekly meeting") })),
    field(t("First meeting"), h("input", { type: "date", name: "start_date", id: "s-date", required: true, value: addDays(today(), 7) })),
    field(t("Starts at"), h("input", { type: "time", name: "start_time", id: "s-time", required: true, value: "19:00" })),
    field(t("Length in minutes"), h("input", { type: "number", name: "duration_minutes", id: "s-duration", min: 15, value: 90, inputmode: "numeric" })),
    field(t("Time zone"), zoneSelect, t("Meetings stay at this local time, also when the clocks change.")),
    h("fieldset", {}, h("legend", {}, t("Repeats")),
      [["none", t("Just once")], ["weekly", t("Every week (or every few weeks)")], ["monthly", t("Monthly, on a weekday")]].map(([value, words]) =>
        field(words, h("input", { type: "radio", name: "frequency", value, id: `s-freq-${value}`, checked: value === "weekly" })))),
    h("div", { class: "stack repeating" },
      field(t("Every how many weeks or months"), h("input", { type: "number", name: "interval", id: "s-interval", min: 1, value: 1, inputmode: "numeric" })),
      weekdayChecks,
      h("div", { class: "row monthly" }, field(t("Which"), nth), field(t("Weekday"), monthDay)),
      field(t("Last date (optional)"), h("input", { type: "date", name: "until", id: "s-until" })),
      field(t("Or how many meetings (optional)"), h("input", { type: "number", name: "count", id: "s-count", min: 1, inputmode: "numeric" }))),
    field(t("Places (optional)"), h("input", { type: "number", name: "capacity", id: "s-capacity", min: 1, inputmode: "numeric" }),
      t("When a meeting is full, people can join a waitlist and move up automatically.")),
    field(t("Place, if different from the group's"), h("input", { name: "location", id: "s-location" })),
    h("button", { type: "submit" }, t("Schedule")));
  /* Only the controls the chosen repeat uses are shown (hidden ones are disabled, so never sent). */
  const showFor = (frequency) => {
    for (const [selector, shown] of [[".repeating", frequency !== "none"], [".weekly", frequency === "weekly"],
      [".monthly", frequency === "monthly"]]) {
      const part = form.querySelector(selector);
      part.hidden = !shown;
      part.querySelectorAll("input, select").forEach((control) => { control.disabled = !shown; });
    }
  };
  const chosen = () => (form.querySelector('[name="frequency"]:checked') || { value: "weekly" }).value;
  form.addEventListener("change", (event) => { if (event.target.name === "frequency") showFor(chosen()); });
  bindForm(form, {
    draftKey: `series-${group.slug}`, busyLabel: t("Scheduling…"),
    submit: async (v) => {
      if (v.frequency === "weekly" && !(v.weekdays || []).length) {
        const message = t("Choose the day or days it meets.");
        throw new ApiError({ status: 400, detail: message, errors: [{ field: "weekdays", message, code: "weekdays_needed" }] });
      }
      const body = { title: v.title, start_date: v.start_date, start_time: v.start_time, duration_minutes: v.duration_minutes || 90,
        time_zone: v.time_zone, capacity: v.capacity, location: v.location };
      if (v.frequency !== "none") {
        const weekly = v.frequency === "weekly";
        body.recurrence = { frequency: v.frequency, interval: v.interval || 1,
          weekdays: weekly ? (Array.isArray(v.weekdays) ? v.weekdays : []) : [`${v.nth}${v.month_weekday}`] };
        if (v.until) body.recurrence.until = v.until;
        if (v.count) body.recurrence.count = v.count;
      }
      const created = await api.post(`/groups/${group.slug}/series/`, body);
      flash(t("Scheduled. Members can now see the meetings."));
      go(`#/host/${group.slug}?scheduled=${created.id}`);
    },
  });
  showFor(chosen());  // after a restored draft, too
  return form;
}

function occurrenceAdmin(group, o, isNew = false) {
  const zone = o.time_zone || group.time_zone;
  const item = meetingCard(o, { group, hosting: true });
  if (isNew) {
    item.classList.add("new");
    item.querySelector("h3").prepend(h("span", { class: "badge" }, t("New")), " ");
  }
  if (o.status === "cancelled") {
    append(item, [restoreButton(o)]);  // none once the meeting has started
    return item;
  }
  const cancelForm = h("form", { class: "stack", novalidate: true },
    field(t("A note for members"), h("textarea", { name: "note", id: `c-note-${o.id}`, rows: 2 }),
      t("For example: the room is closed; we'll meet next week.")),
    h("button", { type: "submit", class: "danger" }, t("Cancel this meeting")));
  bindForm(cancelForm, {
    draftKey: `cancel-${o.id}`, busyLabel: t("Cancelling…"),
    submit: async (v) => {
      await api.post(`/occurrences/${o.id}/cancel/`, { note: v.note });
      flash(t("Cancelled. Members who planned to come are told."));
      go(`#/host/${group.slug}`);
    },
  });
  const [date, time] = zonedParts(o.starts_at, zone);
  const changeForm = h("form", { class: "stack", novalidate: true },
    field(t("Date"), h("input", { type: "date", name: "date", id: `o-date-${o.id}`, value: date })),
    field(t("Starts at ({zone})", { zone: zone.replace(/_/g, " ") }), h("input", { type: "time", name: "time", id: `o-time-${o.id}`, value: time })),
    field(t("Place"), h("input", { name: "location", id: `o-location-${o.id}`, value: o.location || "" })),
    field(t("Note for members"), h("input", { name: "note", id: `o-note-${o.id}`, value: o.note || "" })),
    h("button", { type: "submit" }, t("Change this meeting only")));
  bindForm(changeForm, {
    submit: async (v) => {
      await api.patch(`/occurrences/${o.id}/`, { starts_at: zonedToIso(v.date, v.time, zone), location: v.location, note: v.note });
      flash(t("Changed. The other meetings in the series stay as they were."));
      go(`#/host/${group.slug}`);
    },
  });
  item.append(h("details", {}, h("summary", {}, t("Change this meeting")), changeForm),
    h("details", {}, h("summary", {}, t("Cancel this meeting")), cancelForm));
  return item;
}

function inviteForm(group, roster) {
  const members = roster.filter((m) => m.role !== "facilitator");
  if (!members.length) {
    return h("p", {}, t("Invite a member once they've joined and chosen to show on the members list. They accept or decline themselves."));
  }
  const choose = select("membership_id", members.map((m) => [String(m.id), m.name]), String(members[0].id), "invite-member");
  const form = h("form", { class: "stack", novalidate: true },
    h("p", {}, t("Co-facilitators are equals. The member decides whether to accept. Only members who show on the members list are listed.")),
    field(t("Member"), choose), h("button", { type: "submit" }, t("Send invitation")));
  return bindForm(form, {
    submit: async (v) => {
      await api.post(`/groups/${group.slug}/facilitators/`, { membership_id: Number(v.membership_id) });
      const option = choose.querySelector(`option[value="${CSS.escape(v.membership_id)}"]`);
      if (option) option.remove();
      if (!choose.options.length) form.replaceChildren(h("p", {}, t("Everyone listed has been invited. They accept or decline themselves.")));
      flash(option ? t("Invitation sent. {name} can accept or decline it on their Host page.", { name: option.textContent })
        : t("Invitation sent. They can accept or decline it on their Host page."));
    },
  });
}
