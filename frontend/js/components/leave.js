/* Leaving a group, and withdrawing a request to join. Leaving asks once, says what happens, and
   where coming back is free (an open group) offers to undo it for a few seconds. Nobody is told
   either way, and no reason is asked. */
import { api, humanMessage } from "kindred/api.js";
import { h, flash } from "kindred/dom.js";
import { actionButton } from "kindred/forms.js";
import { state } from "kindred/state.js";
import { route } from "kindred/router.js";
import { t, formatNumber } from "kindred/i18n.js";

export const UNDO_SECONDS = 10;

/* On the group's page, and (shorter, named by its aria-label) in My groups. */
export function withdrawButton(group, label = t("Withdraw my request"), attrs = {}) {
  return actionButton(label, { class: "secondary", busy: true, ...attrs }, async () => {
    await api.delete(`/groups/${group.slug}/membership/`);
    await route();  // the page again, from fresh answers (the hash is unchanged)
    flash(t("Your request to join {group} is withdrawn. You can ask again whenever you like.", { group: group.name }));
  });
}

/* Whether coming back is as easy as leaving: an open group, agreements already accepted. */
const freeToRejoin = (group, membership) => group.join_policy !== "approval" && !membership.agreements_pending
  && membership.role !== "facilitator";

function consequences(group, membership) {
  const lines = [t("You stop being a member at once. Your replies to its upcoming meetings are taken back, and any place you held goes to someone waiting."),
    t("Nobody is told, and you won't be asked why.")];
  if (membership.role === "facilitator") lines.push(t("You also stop facilitating it. If you're its only facilitator, the group will show that it's looking for one."));
  lines.push(group.join_policy === "approval"
    ? t("This group welcomes each new member personally, so to come back you would ask to join again and wait for a reply.")
    : t("You can join again whenever you like."));
  return lines;
}

export function leaveControls(group, membership) {
  const start = h("button", { type: "button", class: "secondary", "aria-expanded": "false", "aria-controls": "leave-confirm" },
    t("Leave this group"));
  const yes = actionButton(t("Yes, leave {group}", { group: group.name }), { class: "danger", busy: true }, async () => {
    await api.delete(`/groups/${group.slug}/membership/`);
    await route();
    flash(t("You've left {group}.", { group: group.name }));
    if (freeToRejoin(group, membership)) offerUndo(group, membership);
  });
  const stay = h("button", { type: "button", class: "secondary" }, t("Stay in the group"));
  const confirm = h("div", { id: "leave-confirm", class: "notice", role: "group", "aria-labelledby": "leave-confirm-title", hidden: true },
    h("p", { id: "leave-confirm-title" }, h("strong", {}, t("Leave {group}?", { group: group.name }))),
    h("ul", {}, consequences(group, membership).map((line) => h("li", {}, line))),
    h("p", { class: "row" }, yes, stay));
  const toggle = (open) => {
    confirm.hidden = !open;
    start.setAttribute("aria-expanded", String(open));
    (open ? yes : start).focus();
  };
  start.addEventListener("click", () => toggle(confirm.hidden));
  stay.addEventListener("click", () => toggle(false));
  return h("div", {}, start, confirm);
}

/* An "Undo" button in the confirmation for a few seconds: it joins again with the same name and
   roster choice (the replies to meetings were let go, and are not brought back). */
function offerUndo(group, membership) {
  const box = document.getElementById("flash");
  const undoText = (seconds) => t("Undo ({seconds} s)", { seconds: formatNumber(seconds) });
  const undo = h("button", { type: "button", class: "link" }, undoText(UNDO_SECONDS));
  undo.setAttribute("aria-label", t("Undo leaving {group}", { group: group.name }));
  let left = UNDO_SECONDS;
  const timer = setInterval(() => {
    left -= 1;
    if (left <= 0 || !undo.isConnected) { clearInterval(timer); undo.remove(); return; }
    undo.textContent = undoText(left);
  }, 1000);
  undo.addEventListener("click", async () => {
    clearInterval(timer);
    undo.setAttribute("aria-disabled", "true");
    const body = { agreed: true };
    if (state.me && membership.name_in_group !== state.me.display_name) body.display_name = membership.name_in_group;
    let said;
    try {
      const again = await api.post(`/groups/${group.slug}/membership/`, body);
      if (again.show_on_roster !== membership.show_on_roster) {
        await api.patch(`/groups/${group.slug}/membership/`, { show_on_roster: membership.show_on_roster });
      }
      said = t("You're back in {group}. Your replies to meetings were let go; answer again whenever you like.", { group: group.name });
    } catch (error) { said = humanMessage(error); }
    await route();
    flash(said);
  });
  box.insertBefore(undo, box.lastChild);
}
