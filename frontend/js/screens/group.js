/* A group's page: what it is, its agreements, facilitators, upcoming meetings; join, ask, or leave. */
import { api, query, results, humanMessage } from "kindred/api.js";
import { render, h, field, paragraphs, flash, panel } from "kindred/dom.js";
import { state, setState } from "kindred/state.js";
import { bindForm, actionButton } from "kindred/forms.js";
import { today, addDays } from "kindred/time.js";
import { label, languageNames } from "kindred/vocabulary.js";
import { t } from "kindred/i18n.js";
import { meetingCard } from "kindred/components/meeting-card.js";
import { groupActions } from "kindred/components/share.js";
import { go } from "kindred/router.js";
import { leaveControls, withdrawButton } from "kindred/components/leave.js";
import { rosterSection } from "kindred/components/roster.js";
import { helpParagraphs } from "kindred/components/help-text.js";

export async function groupScreen([slug]) {
  // Both at once: on a slow connection each round trip is half a second.
  const meetings = api.get(`/groups/${slug}/occurrences/${query({ from: today(), to: addDays(today(), 60) })}`)
    .then(results).catch(() => null);
  const group = await api.get(`/groups/${encodeURIComponent(slug)}/`);
  setState({ group });
  const membership = group.my_membership;
  const active = membership && membership.status === "active";
  const occurrences = await meetings;
  const place = [group.address, group.city, group.region, group.country].filter(Boolean).join(", ");
  render(group.name,
    h("p", { class: "meta" }, [label("formats", group.format), place, languageNames(group.languages)].filter(Boolean).join(" · ")),
    groupActions(group),
    group.is_archived ? h("p", { class: "notice" }, t("This group is archived. Only its facilitators can see it.")) : null,
    paragraphs(group.description),
    (group.topics || []).length ? h("ul", { class: "tags", "aria-label": t("Topics") }, group.topics.map((topic) => h("li", {}, topic))) : null,
    (group.accessibility || []).length ? h("section", { "aria-labelledby": "access-title" },
      h("h2", { id: "access-title" }, t("Access")), h("ul", {}, group.accessibility.map((f) => h("li", {}, label("accessibility", f))))) : null,
    group.online_url ? h("p", {}, t("Online:"), " ", h("a", { href: group.online_url, rel: "noopener noreferrer" }, t("join the meeting link")),
      group.online_phone ? [" ", t("or call"), " ", h("a", { href: `tel:${group.online_phone.replace(/[^\d+]/g, "")}`, dir: "ltr" }, group.online_phone)] : "") : null,
    h("section", { "aria-labelledby": "facilitators-title" }, h("h2", { id: "facilitators-title" }, t("Facilitators")),
      group.looking_for_facilitator || !(group.facilitators || []).length
        ? h("p", {}, t("This group is looking for a facilitator. Members keep meeting in the meantime."))
        : h("ul", {}, group.facilitators.map((f) => h("li", {}, f.name)))),
    h("section", { "aria-labelledby": "agreements-title" }, h("h2", { id: "agreements-title" }, t("Our agreements")),
      group.agreements ? paragraphs(group.agreements) : h("p", {}, t("This group hasn't written its agreements yet."))),
    membershipSection(group, membership),
    h("section", { "aria-labelledby": "meetings-title" }, h("h2", { id: "meetings-title" }, t("Upcoming meetings")),
      occurrences === null ? h("p", {}, t("Meeting times couldn't be loaded just now."))
        : occurrences.length ? h("ul", { class: "cards" }, occurrences.map((o) => meetingCard(o, {
          group, rsvp: active ? (o.my_rsvp || {}) : null })))
          : h("p", {}, t("No meetings are scheduled in the next two months."))),
    h("p", {}, h("a", { href: `/api/v1/groups/${group.slug}/calendar.ics` }, t("Subscribe to this group's calendar")),
      " ", t("(all its meetings, in any calendar app).")),
    active ? rosterSection(group) : null,
    groupHelp(group),
    state.me ? h("section", { "aria-labelledby": "concern-title" }, h("h2", { id: "concern-title" }, t("Something not right?")),
      h("p", {}, t("If something in this group worried or hurt you, you can tell the people who look after it. The person it's about is never told who raised it.")),
      h("p", {}, h("a", { class: "button secondary", href: `#/concern?group=${encodeURIComponent(group.slug)}` }, t("Raise a concern")))) : null);
}

/* The group's own help, credited to it; the site's general advice is in every page's footer already,
   so it is not repeated here. */
function groupHelp(group) {
  if (group.support_resources_source === "site" || !group.support_resources) return null;
  return h("section", { "aria-labelledby": "help-title", class: "help-box" }, h("h2", { id: "help-title" }, t("Where to find help now")),
    h("p", { class: "hint" }, t("Suggested by the facilitators of {group}:", { group: group.name })), helpParagraphs(group.support_resources));
}

const membershipSection = (group, membership) => panel("membership", t("Being part of this group"), membershipParts(group, membership));

/* What the caller can do here: sign in, join, wait for the facilitators' reply, or take part (and leave). */
function membershipParts(group, membership) {
  const leaveNote = h("p", { class: "reassure" }, t("You can leave any time, in one step. Nobody is told, and you won't be asked why."));
  if (!state.me) {
    return [h("p", {}, t("Sign in or create a free account to join.")), leaveNote,
      h("p", { class: "row" }, h("a", { class: "button", href: `#/login?next=${encodeURIComponent(`#/groups/${group.slug}`)}` }, t("Sign in")),
        h("a", { class: "button secondary", href: `#/register?next=${encodeURIComponent(`#/groups/${group.slug}`)}` }, t("Create an account")))];
  }
  if (!membership) return [joinForm(group), leaveNote];
  if (membership.status === "pending") {
    return [h("p", {}, t("Your request to join is with the facilitators. You'll hear back here.")), withdrawButton(group)];
  }
  return [
    h("p", {}, membership.role === "facilitator" ? t("You're a facilitator of this group.") : t("You're a member of this group."),
      " ", t("Others here know you as {name}.", { name: membership.name_in_group })),
    membership.agreements_pending ? agreeAgain(group) : null,
    rosterChoice(group, membership),
    membership.role === "facilitator" ? h("p", {}, h("a", { class: "button secondary", href: `#/host/${group.slug}` }, t("Host this group"))) : null,
    leaveNote, leaveControls(group, membership)];
}

function joinForm(group) {
  const approval = group.join_policy === "approval";
  const form = h("form", { class: "stack", novalidate: true },
    h("p", {}, approval ? t("The facilitators welcome each new member personally. Ask to join, and they'll reply here.")
      : t("Anyone is welcome to join.")),
    field(t("I have read the group's agreements and will keep them"), h("input", { type: "checkbox", name: "agreed", id: "join-agreed", required: true })),
    field(t("Your name in this group (optional)"), h("input", { name: "display_name", id: "join-name", autocomplete: "nickname" }),
      t("Leave blank to use {name}.", { name: state.me.display_name })),
    approval ? field(t("A few words for the facilitators (optional)"), h("textarea", { name: "message", id: "join-message", rows: 3 })) : null,
    h("button", { type: "submit" }, approval ? t("Ask to join") : t("Join this group")));
  return bindForm(form, {
    draftKey: `join-${group.slug}`, busyLabel: t("Joining…"),
    submit: async (values) => {
      const membership = await api.post(`/groups/${group.slug}/membership/`, values);
      flash(membership.status === "pending" ? t("Your request has been sent. Thank you for reaching out.")
        : t("Welcome to {group}. We're glad you're here.", { group: group.name }));
      go(`#/groups/${group.slug}`);
    },
  });
}

function agreeAgain(group) {
  const button = actionButton(t("I accept the updated agreements"), {}, async () => {
    await api.patch(`/groups/${group.slug}/membership/`, { agreed: true });
    go(`#/groups/${group.slug}`);
  });
  return h("div", { class: "notice" }, h("p", {}, t("The group's agreements have changed. Please read them above; you stay a member either way.")), button);
}

function rosterChoice(group, membership) {
  const box = h("input", { type: "checkbox", id: "show-on-roster", checked: !!membership.show_on_roster });
  box.addEventListener("change", async () => {
    try {
      await api.patch(`/groups/${group.slug}/membership/`, { show_on_roster: box.checked });
      const roster = document.querySelector('section[aria-labelledby="roster-title"]');
      if (roster) roster.replaceWith(rosterSection(group));  // the list shows the change at once
      flash(box.checked ? t("Other members can now see your name in this group.") : t("Your name is now hidden from this group's members list."));
    } catch (error) { box.checked = !box.checked; flash(humanMessage(error)); }
  });
  return field(t("Show my name on this group's members list"), box, t("Only members of this group can see the list."));
}
