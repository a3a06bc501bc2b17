/* The members list of a group, shown to its members: the names people chose to share, and how
   many others there are. Facilitators see exactly this too; nobody sees who stays off it. */
import { api, results } from "kindred/api.js";
import { h } from "kindred/dom.js";

export function rosterSection(group) {
  const body = h("div", { "aria-live": "polite" }, h("p", { class: "loading" }, "Loading the members list…"));
  const section = h("section", { "aria-labelledby": "roster-title" }, h("h2", { id: "roster-title" }, "Members"), body);
  api.get(`/groups/${encodeURIComponent(group.slug)}/members/?page_size=100`).then((page) => {
    const people = results(page);
    const counts = (page && page.counts) || {};
    const hidden = counts.hidden || 0;
    body.replaceChildren(...[
      people.length ? h("ul", { class: "tags roster", "aria-label": "Members who show their name" },
        people.map((person) => h("li", {}, person.name, person.pronouns ? ` (${person.pronouns})` : "",
          person.role === "facilitator" ? " · facilitator" : ""))) : null,
      h("p", { class: "hint" }, [
        counts.members ? `${counts.members} member${counts.members === 1 ? "" : "s"} in all.` : null,
        hidden ? `${hidden === 1 ? "One has" : `${hidden} have`} chosen not to show a name here.` : null,
        "Only this group's members can see this list.",
      ].filter(Boolean).join(" "))].filter(Boolean));
  }).catch(() => body.replaceChildren(h("p", {}, "The members list couldn't be loaded just now.")));
  return section;
}
