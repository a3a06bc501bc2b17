/* Raise a concern about a group, one of its meetings, or a member (by the name they use there).
   It says plainly who reads it, and that the person it is about is never told who raised it. */
import { api, results } from "kindred/api.js";
import { render, h, field, select, withLink, LINK } from "kindred/dom.js";
import { setState } from "kindred/state.js";
import { bindForm } from "kindred/forms.js";
import { when } from "kindred/time.js";
import { t, msg, loadCatalog } from "kindred/i18n.js";

await loadCatalog("concern");

/* Who reads a concern: words that need care in every language (translators: keep every promise in them). */
const WHO_READS = [
  msg("The group's facilitators read it and decide together what to do."),
  msg("If it's about a facilitator, Kindred's site team reads it instead, and the group's facilitators never see it."),
  msg("Nobody in the group is told who raised it, and the person it's about never is. Only Kindred's site team can see that it came from you, in case they need to reach you."),
];

export async function concernScreen(_match, params) {
  const slug = params.get("group") || "";
  const group = await api.get(`/groups/${encodeURIComponent(slug)}/`);
  setState({ group });
  const mine = group.my_membership;
  const member = !!mine && mine.status === "active";
  const occurrenceId = Number(params.get("occurrence")) || null;
  const [meeting, roster, facilitators] = await Promise.all([
    member && occurrenceId ? api.get(`/occurrences/${occurrenceId}/`).catch(() => null) : null,
    member ? api.get(`/groups/${encodeURIComponent(slug)}/members/?page_size=100`).then(results).catch(() => []) : [],
    member ? api.get(`/groups/${encodeURIComponent(slug)}/facilitators/`).then(results).catch(() => []) : [],
  ]);
  /* Whom members may name: the facilitators, and those on the members list (never myself). */
  const people = new Map(facilitators.map((f) => [f.membership_id, { id: f.membership_id, name: f.name, role: "facilitator" }]));
  for (const person of roster) if (!people.has(person.id)) people.set(person.id, person);
  const others = [...people.values()].filter((person) => !mine || person.id !== mine.id);
  render(t("Raise a concern"),
    h("p", { class: "lead" }, t("If something in {group} worried or hurt you, you can tell the people who look after it.", { group: group.name })),
    h("section", { class: "panel", "aria-labelledby": "who-reads" }, h("h2", { id: "who-reads" }, t("Who reads this")),
      h("ul", {}, WHO_READS.map((line) => h("li", {}, t(line))))),
    concernForm(group, meeting, others),
    h("p", { class: "hint" }, withLink(t("If you or someone else is in danger now, please use {link} instead: a concern is read by volunteers, not straight away.",
      { link: LINK }), h("a", { href: `#/help?group=${encodeURIComponent(slug)}` }, t("Need help now?")))),
    h("p", {}, h("a", { href: `#/groups/${encodeURIComponent(slug)}` }, t("Back to {group}", { group: group.name }))));
}

function concernForm(group, meeting, others) {
  const abouts = [
    meeting ? ["meeting", t("This meeting: {title}, {when}", { title: meeting.title, when: when(meeting.starts_at, meeting.time_zone) })] : null,
    ["group", t("The group as a whole")],
    others.length ? ["person", t("Someone in the group")] : null,
  ].filter(Boolean);
  const person = others.length ? field(t("Who it's about"), select("subject_membership",
    others.map((p) => [String(p.id), p.role === "facilitator" ? t("{name} (facilitator)", { name: p.name }) : p.name]),
    String(others[0].id), "concern-person"),
  t("Listed by the name they use in this group. Someone who keeps their name off the members list isn't listed: choose the meeting or the group and describe what happened."))
    : null;
  const form = h("form", { class: "stack", novalidate: true },
    h("fieldset", {}, h("legend", {}, t("What is it about?")),
      abouts.map(([value, text], index) => field(text, h("input", { type: "radio", name: "about", value, id: `concern-about-${value}`, checked: index === 0 })))),
    person,
    field(t("What happened"), h("textarea", { name: "message", id: "concern-message", rows: 6, required: true }),
      t("In your own words. Nothing is sent until you press Send.")),
    h("button", { type: "submit" }, t("Send my concern")));
  const showPerson = () => {
    if (!person) return;
    const chosen = form.querySelector('[name="about"]:checked');
    person.hidden = !chosen || chosen.value !== "person";
    person.querySelector("select").disabled = person.hidden;
  };
  form.addEventListener("change", showPerson);
  showPerson();
  return bindForm(form, {
    draftKey: `concern-${group.slug}`, busyLabel: t("Sending…"),
    submit: async (values) => {
      const body = { group: group.slug, message: values.message };
      if (values.about === "meeting" && meeting) body.occurrence = meeting.id;
      if (values.about === "person" && values.subject_membership) body.subject_membership = Number(values.subject_membership);
      const sent = await api.post("/concerns/", body);
      sentScreen(group, sent);
    },
  });
}

function sentScreen(group, sent) {
  render(t("Thank you for telling us"),
    h("p", { class: "lead" }, sent.sent_to === "moderators" ? t("Your concern was sent to Kindred's site team.")
      : t("Your concern was sent to the facilitators of {group}.", { group: group.name })),
    h("p", {}, t("Nobody in the group is told who raised it. You don't need to do anything more.")),
    h("p", {}, h("a", { href: `#/groups/${encodeURIComponent(group.slug)}` }, t("Back to {group}", { group: group.name }))));
  document.getElementById("page-title").focus();
}
