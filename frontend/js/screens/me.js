/* Me: profile, privacy, notifications, calendar link, API tokens, export, sign out, erase account. */
import { api, results, humanMessage, ApiError } from "kindred/api.js";
import { render, h, field, select, flash, download } from "kindred/dom.js";
import { setState } from "kindred/state.js";
import { bindForm } from "kindred/forms.js";
import { zoneChoices } from "kindred/time.js";
import { choices } from "kindred/vocabulary.js";
import { signOut, forgetPersonalData } from "kindred/session.js";
import { go } from "kindred/router.js";

/* The kinds of email, then one more setting that is not an email. */
const notificationChoices = () => [...choices("notification_kinds"),
  ["calendar_includes_group_meetings", "My private calendar shows all my groups' meetings, not only the ones I reply to"]];

export async function meScreen() {
  const me = await api.get("/me/");
  setState({ me });
  render(`Hello, ${me.display_name}`,
    h("p", { class: "lead" }, "Everything here is your choice, and you can change it any time."),
    section("profile", "Profile and privacy", profileForm(me)),
    section("notifications", "Emails", notificationsForm(me)),
    section("calendar", "Your private calendar link", calendarPart(me)),
    section("tokens", "API tokens", await tokensPart()),
    section("data", "Your data", h("p", {}, "Download everything Kindred holds about you, as a JSON file."),
      h("button", { type: "button", class: "secondary", onclick: exportData }, "Download my data")),
    section("signout", "Sign out", h("p", {}, "Signing out also clears what this device saved for offline use."),
      h("button", { type: "button", class: "secondary", onclick: () => signOut().catch((e) => flash(humanMessage(e))) }, "Sign out")),
    section("erase", "Erase my account", eraseForm()));
}

function section(id, title, ...children) {
  return h("section", { class: "panel", "aria-labelledby": `${id}-title` }, h("h2", { id: `${id}-title` }, title), children);
}

function profileForm(me) {
  const form = h("form", { class: "stack", novalidate: true },
    field("Your name", h("input", { name: "display_name", id: "me-name", value: me.display_name, required: true, autocomplete: "nickname" }),
      "Shown to the groups you join. You can also use a different name in each group."),
    field("Pronouns (optional)", h("input", { name: "pronouns", id: "me-pronouns", value: me.pronouns || "" })),
    field("Time zone", select("time_zone", zoneChoices(), me.time_zone, "me-zone"), "Meeting times are shown in this zone."),
    field("Show my name on members lists by default", h("input", { type: "checkbox", name: "show_on_rosters", id: "me-rosters", checked: !!me.show_on_rosters }),
      "Off by default. You can choose again in each group. Facilitators see only what other members see."),
    h("button", { type: "submit" }, "Save"));
  return bindForm(form, {
    draftKey: "me-profile",
    submit: async (values) => {
      const me = await api.patch("/me/", values);
      setState({ me });
      document.getElementById("page-title").textContent = `Hello, ${me.display_name}`;
      document.title = `Hello, ${me.display_name} · Kindred`;
      flash("Saved.");
    },
  });
}

function notificationsForm(me) {
  const prefs = me.notifications || {};
  const form = h("form", { class: "stack", novalidate: true },
    h("p", {}, "Kindred only emails you about what you switch on here."),
    h("fieldset", {}, h("legend", {}, "Email me when"),
      notificationChoices().map(([name, label]) => field(label, h("input", { type: "checkbox", name, id: `n-${name}`, checked: !!prefs[name] })))),
    field("Reminder, hours before", h("input", { type: "number", name: "reminder_hours", id: "n-hours", min: 1, max: 168,
      value: prefs.reminder_hours || 24, inputmode: "numeric" })),
    h("button", { type: "submit" }, "Save email choices"));
  return bindForm(form, {
    submit: async (values) => { setState({ me: await api.patch("/me/", { notifications: values }) }); flash("Your email choices are saved."); },
  });
}

function calendarPart(me) {
  const link = h("code", { class: "wrap" }, me.calendar_url || "");
  const rotate = h("button", { type: "button", class: "secondary" }, "Get a new link");
  rotate.addEventListener("click", async () => {
    try {
      const updated = await api.post("/me/calendar/rotate/");
      setState({ me: updated });
      link.textContent = updated.calendar_url;
      flash("You have a new calendar link. The old one no longer works.");
    } catch (error) { flash(humanMessage(error)); }
  });
  return [h("p", {}, "Add this to your calendar app to see the meetings you plan to go to. Keep it to yourself."),
    h("p", {}, link), h("p", {}, "If you've shared it by mistake, get a new one; the old link stops working."), rotate];
}

async function tokensPart() {
  let tokens = [];
  try { tokens = results(await api.get("/auth/tokens/")); } catch (error) { /* listed as none */ }
  const shown = h("div", { "aria-live": "polite" });
  const none = h("p", { class: "hint" }, "You have no tokens.");
  const list = h("ul", { class: "plain" });
  const changed = () => { none.hidden = list.children.length > 0; };
  /* A revoked token disappears from the list, and its secret from the screen if it is still shown. */
  const row = (token) => tokenRow(token, () => {
    if (shown.dataset.token === String(token.id)) { shown.replaceChildren(); delete shown.dataset.token; }
    changed();
  });
  list.append(...tokens.map(row));
  changed();
  const form = h("form", { class: "stack", novalidate: true },
    field("Token name", h("input", { name: "name", id: "token-name", required: true }), "For example, the site or app that will use it."),
    field("Access", select("scope", [["read", "Read only"], ["read write", "Read and write"]], "read", "token-scope")),
    h("button", { type: "submit" }, "Create token"));
  bindForm(form, {
    submit: async (values, theForm) => {
      const token = await api.post("/auth/tokens/", values);
      theForm.reset();
      list.append(row(token));
      changed();
      shown.dataset.token = String(token.id);
      const copy = navigator.clipboard ? h("button", { type: "button", class: "secondary", onclick: () => navigator.clipboard
        .writeText(token.token).then(() => flash("Copied.")).catch(() => flash("Couldn't copy; select the text instead.")) },
      "Copy the token") : null;
      shown.replaceChildren(h("div", { class: "notice" },
        h("p", {}, `Here is your new token "${token.name}". Copy it now: it won't be shown again.`),
        h("p", {}, h("code", { class: "wrap" }, token.token)), copy));
    },
  });
  return [h("p", {}, "For people who connect other sites or apps to Kindred. Most people never need one."),
    none, list, shown, form];
}

function tokenRow(token, onRevoked) {
  const revoke = h("button", { type: "button", class: "secondary" }, "Revoke");
  const row = h("li", {}, h("span", {}, `${token.name} (${token.scope === "read" ? "read only" : "read and write"}, ${token.prefix}…)`), " ", revoke);
  revoke.setAttribute("aria-label", `Revoke ${token.name}`);
  revoke.addEventListener("click", async () => {
    try { await api.delete(`/auth/tokens/${token.id}/`); row.remove(); onRevoked(); flash(`Revoked ${token.name}. It no longer works.`); }
    catch (error) { flash(humanMessage(error)); }
  });
  return row;
}

async function exportData() {
  try {
    const data = await api.get("/me/export/");
    download("kindred-export.json", JSON.stringify(data, null, 2), "application/json");
  } catch (error) { flash(humanMessage(error)); }
}

function eraseForm() {
  const form = h("form", { class: "stack", novalidate: true },
    h("p", {}, "This erases your account, your memberships, your replies to meetings and your tokens, for good. It can't be undone. You may want to download your data first."),
    field("I understand this can't be undone", h("input", { type: "checkbox", name: "confirm", id: "erase-confirm", required: true })),
    field("Your password", h("input", { type: "password", name: "password", id: "erase-password", autocomplete: "current-password", required: true })),
    h("button", { type: "submit", class: "danger" }, "Erase my account"));
  return bindForm(form, {
    busyLabel: "Erasing…",
    submit: async (values) => {
      if (!values.confirm) {
        throw new ApiError({ status: 400, detail: "Please tick the box to confirm.",
          errors: [{ field: "confirm", message: "Please tick the box to confirm.", code: "required" }] });
      }
      await api.delete("/me/", { password: values.password });
      await forgetPersonalData();
      setState({ me: null });
      flash("Your account has been erased. Thank you for being part of Kindred.");
      go("#/");
    },
  });
}

