/* The members list of a group, shown to its members: the names people chose to share, and how
   many others there are. Facilitators see exactly this too; nobody sees who stays off it. */
import { api, results } from "kindred/api.js";
import { h } from "kindred/dom.js";
import { t, plural } from "kindred/i18n.js";

export function rosterSection(group) {
  const body = h("div", { "aria-live": "polite" }, h("p", { class: "loading" }, t("Loading the members list…")));
  const section = h("section", { "aria-labelledby": "roster-title" }, h("h2", { id: "roster-title" }, t("Members")), body);
  api.get(`/groups/${encodeURIComponent(group.slug)}/members/?page_size=100`).then((page) => {
    const people = results(page);
    const counts = (page && page.counts) || {};
    const hidden = counts.hidden || 0;
    body.replaceChildren(...[
      people.length ? h("ul", { class: "tags roster", "aria-label": t("Members who show their name") },
        people.map((person) => h("li", {}, person.name, person.pronouns ? ` (${person.pronouns})` : "",
          person.role === "facilitator" ? [" · ", t("facilitator")] : ""))) : null,
      h("p", { class: "hint" }, [
        counts.members ? plural(counts.members, "{n} member in all.", "{n} members in all.") : null,
        hidden ? plural(hidden, "One has chosen not to show a name here.", "{n} have chosen not to show a name here.") : null,
        t("Only this group's members can see this list."),
      ].filter(Boolean).join(" "))].filter(Boolean));
  }).catch(() => body.replaceChildren(h("p", {}, t("The members list couldn't be loaded just now."))));
  return section;
}
