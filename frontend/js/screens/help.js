/* "Need help now?": the group's own support resources, or the site's. */
import { api } from "kindred/api.js";
import { render, h, paragraphs } from "kindred/dom.js";

export const SITE_HELP = "If you are in danger now, call your local emergency number (for example 911, 999 or 112).\n\n"
  + "Find a free, confidential crisis line in your country at https://findahelpline.com.";

export async function helpScreen(_match, params) {
  const slug = params.get("group");
  let group = null;
  if (slug) {
    try { group = await api.get(`/groups/${encodeURIComponent(slug)}/`); } catch (error) { group = null; }
  }
  render("Need help now?",
    h("p", { class: "lead" }, "You deserve support right now. These people are there to listen."),
    group && group.support_resources
      ? h("section", { "aria-labelledby": "group-help" }, h("h2", { id: "group-help" }, `Suggested by ${group.name}`),
        paragraphs(group.support_resources))
      : null,
    h("section", { "aria-labelledby": "site-help" }, h("h2", { id: "site-help" }, "Wherever you are"), paragraphs(SITE_HELP)),
    h("p", { class: "hint" }, "Kindred groups are peer support. They are not a crisis or medical service."),
    h("p", {}, h("a", { href: group ? `#/groups/${group.slug}` : "#/" }, group ? `Back to ${group.name}` : "Back to finding a group")));
}
