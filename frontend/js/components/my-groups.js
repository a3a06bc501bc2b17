/* "My groups" on the member's home (My meetings, where signing in lands): the groups I belong to,
   and my requests to join that wait for a reply, each of which I can withdraw. */
import { api, results } from "kindred/api.js";
import { h, panel, withLink, LINK } from "kindred/dom.js";
import { withdrawButton } from "kindred/components/leave.js";
import { t, loadCatalog } from "kindred/i18n.js";

await loadCatalog("meetings");  // its words travel with My meetings, the screen that shows it

export async function myGroupsSection() {
  const memberships = await api.get("/me/memberships/?page_size=100").then(results).catch(() => null);
  const section = panel("my-groups", t("My groups"));
  if (memberships === null) { section.append(h("p", {}, t("Your groups couldn't be loaded just now."))); return section; }
  const active = memberships.filter((m) => m.status === "active");
  const pending = memberships.filter((m) => m.status === "pending");
  if (!memberships.length) {
    section.append(h("p", {}, withLink(t("You haven't joined a group yet. {link} when you're ready.", { link: LINK }),
      h("a", { href: "#/" }, t("Find a group")))));
  }
  if (active.length) {
    section.append(h("ul", { class: "plain tappable" }, active.map((m) => h("li", {},
      h("a", { href: `#/groups/${encodeURIComponent(m.group.slug)}` }, m.group.name),
      m.role === "facilitator" ? h("span", { class: "meta" }, ` · ${t("you facilitate")}`) : null))));
  }
  if (pending.length) {
    section.append(h("h3", { id: "my-requests-title" }, t("Waiting for a reply")),
      h("ul", { class: "plain tappable", "aria-labelledby": "my-requests-title" }, pending.map(requestRow)));
  }
  return section;
}

function requestRow(m) {
  const withdraw = withdrawButton(m.group, t("Withdraw"),
    { "aria-label": t("Withdraw my request to join {group}", { group: m.group.name }) });
  return h("li", { class: "row" }, h("span", {}, h("a", { href: `#/groups/${encodeURIComponent(m.group.slug)}` }, m.group.name),
    h("span", { class: "meta" }, ` · ${t("your request is with its facilitators")}`)), withdraw);
}
