/* "My groups" on the member's home (My meetings, where signing in lands): the groups I belong to,
   and my requests to join that wait for a reply, each of which I can withdraw. */
import { api, results, humanMessage } from "kindred/api.js";
import { h, flash } from "kindred/dom.js";
import { route } from "kindred/router.js";

export async function myGroupsSection() {
  const memberships = await api.get("/me/memberships/?page_size=100").then(results).catch(() => null);
  const section = h("section", { class: "panel", "aria-labelledby": "my-groups-title" }, h("h2", { id: "my-groups-title" }, "My groups"));
  if (memberships === null) { section.append(h("p", {}, "Your groups couldn't be loaded just now.")); return section; }
  const active = memberships.filter((m) => m.status === "active");
  const pending = memberships.filter((m) => m.status === "pending");
  if (!memberships.length) section.append(h("p", {}, "You haven't joined a group yet. ", h("a", { href: "#/" }, "Find a group"), " when you're ready."));
  if (active.length) {
    section.append(h("ul", { class: "plain tappable" }, active.map((m) => h("li", {},
      h("a", { href: `#/groups/${encodeURIComponent(m.group.slug)}` }, m.group.name),
      m.role === "facilitator" ? h("span", { class: "meta" }, " · you facilitate") : null))));
  }
  if (pending.length) {
    section.append(h("h3", { id: "my-requests-title" }, "Waiting for a reply"),
      h("ul", { class: "plain tappable", "aria-labelledby": "my-requests-title" }, pending.map(requestRow)));
  }
  return section;
}

function requestRow(m) {
  const withdraw = h("button", { type: "button", class: "secondary" }, "Withdraw");
  withdraw.setAttribute("aria-label", `Withdraw my request to join ${m.group.name}`);
  withdraw.addEventListener("click", async () => {
    withdraw.setAttribute("aria-disabled", "true");
    try {
      await api.delete(`/groups/${encodeURIComponent(m.group.slug)}/membership/`);
      await route();
      flash(`Your request to join ${m.group.name} is withdrawn. You can ask again whenever you like.`);
    } catch (error) { withdraw.removeAttribute("aria-disabled"); flash(humanMessage(error)); }
  });
  return h("li", { class: "row" }, h("span", {}, h("a", { href: `#/groups/${encodeURIComponent(m.group.slug)}` }, m.group.name),
    h("span", { class: "meta" }, " · your request is with its facilitators")), withdraw);
}
