/* "Need help now?": the group's own suggestions (credited to it, only when it wrote some), then the
   site-wide signposting, which lives in index.html's footer so it shows before and without this
   script. Here it is shown once, in the main area; the footer copy steps aside on this screen. */
import { api } from "kindred/api.js";
import { render, h } from "kindred/dom.js";
import { setState } from "kindred/state.js";
import { helpParagraphs } from "kindred/components/help-text.js";
import { t } from "kindred/i18n.js";

/* The site-wide text, as the page has it (crisis lines, links and all, in the page's language):
   copied, never retyped. */
function siteHelp() {
  const source = document.getElementById("site-help");
  return source ? [...source.children].filter((el) => el.tagName !== "H2").map((el) => el.cloneNode(true)) : [];
}

export async function helpScreen(_match, params) {
  const slug = params.get("group");
  const group = slug ? await api.get(`/groups/${encodeURIComponent(slug)}/`).catch(() => null) : null;
  if (group) setState({ group });
  const own = group && group.support_resources_source === "group" && group.support_resources;
  render(t("Need help now?"),
    h("p", { class: "lead" }, t("You deserve support right now. These people are there to listen.")),
    own ? h("section", { "aria-labelledby": "group-help" }, h("h2", { id: "group-help" }, t("Suggested by the facilitators of {group}", { group: group.name })),
      helpParagraphs(group.support_resources)) : null,
    h("section", { "aria-labelledby": "site-help-here" }, h("h2", { id: "site-help-here" }, t("Wherever you are")), siteHelp()),
    h("p", { class: "hint" }, t("Kindred groups are peer support. They are not a crisis or medical service.")),
    h("p", {}, h("a", { href: group ? `#/groups/${group.slug}` : "#/" }, group ? t("Back to {group}", { group: group.name }) : t("Back to finding a group"))));
}
