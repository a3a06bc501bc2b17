/* "Share this group" (the device's own share sheet, or the link copied) and "Directions" (a geo: link,
   which opens the person's own maps app: no map service is called from here). */
import { h } from "kindred/dom.js";
import { t } from "kindred/i18n.js";

export function groupActions(group) {
  const url = `${location.origin}/#/groups/${encodeURIComponent(group.slug)}`;
  const status = h("p", { class: "hint share-status", role: "status" });
  const share = h("button", { type: "button", class: "secondary" }, t("Share this group"));
  share.addEventListener("click", () => shareLink(group, url, status));
  const where = directions(group);
  return h("div", { class: "group-actions" }, h("div", { class: "row" }, share,
    where ? h("a", { class: "button secondary", href: where }, t("Directions")) : null), status);
}

async function shareLink(group, url, status) {
  status.replaceChildren();
  if (typeof navigator.share === "function") {
    try {
      await navigator.share({ title: group.name, text: t("{group} on Kindred", { group: group.name }), url });
      return;
    } catch (error) {
      if (error.name === "AbortError") return;  // the person closed the share sheet
    }
  }
  try {
    await navigator.clipboard.writeText(url);
    status.textContent = t("Link copied. Paste it in a message or an email to share this group.");
  } catch (error) {  // no clipboard either: show the link, selected, to copy by hand
    const box = h("input", { type: "text", readonly: true, value: url, "aria-label": t("Link to this group") });
    status.replaceChildren(t("Copy this link to share the group:"), box);
    box.select();
  }
}

/* geo: (RFC 5870) at the group's position, named; else its address as a search; none when online. */
export function directions(group) {
  if (group.format === "online") return null;
  const name = encodeURIComponent(group.name).replace(/[()]/g, "");
  if (group.latitude != null && group.longitude != null) {
    const at = `${group.latitude},${group.longitude}`;
    return `geo:${at}?q=${at}(${name})`;
  }
  const address = [group.address, group.city, group.region, group.country].filter(Boolean).join(", ");
  return address ? `geo:0,0?q=${encodeURIComponent(address)}` : null;
}
