/* Me: profile, privacy, emails, calendar link, export, sign out, erase account; links to sign-in and
   security (kindred/screens/account.js) and to For developers (API tokens). */
import { api, humanMessage, ApiError } from "kindred/api.js";
import { render, h, field, flash, download } from "kindred/dom.js";
import { setState } from "kindred/state.js";
import { bindForm } from "kindred/forms.js";
import { zoneChoices, zoneLabel } from "kindred/time.js";
import { choices } from "kindred/vocabulary.js";
import { signOut, forgetPersonalData } from "kindred/session.js";
import { go } from "kindred/router.js";

/* The kinds of email (the calendar's setting is not an email: it lives with the calendar link). */
const notificationChoices = () => choices("notification_kinds");

export async function meScreen() {
  const me = await api.get("/me/");
  setState({ me });
  render(`Hello, ${me.display_name}`,
    h("p", { class: "lead" }, "Everything here is your choice, and you can change it any time."),
    section("profile", "Profile and privacy", profileForm(me)),
    section("notifications", "Emails", notificationsForm(me)),
    section("calendar", "Your private calendar link", calendarPart(me)),
    section("security", "Sign-in and security",
      h("p", {}, "Change your password or email address, and see where you're signed in."),
      h("p", {}, h("a", { href: "#/me/security" }, "Sign-in and security"))),
    section("data", "Your data", h("p", {}, "Download everything Kindred holds about you, as a JSON file."),
      h("button", { type: "button", class: "secondary", onclick: exportData }, "Download my data")),
    section("developers", "For developers",
      h("p", {}, "Personal API tokens, for connecting other sites or apps. Most people never need one."),
      h("p", {}, h("a", { href: "#/me/developers" }, "For developers"))),
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
    field("Time zone", zoneInput(me.time_zone), "Type a city or region to search, e.g. London or New York. Meeting times are shown in this zone."),
    zoneList(),
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

/* A searchable time zone: a text box with the zones as suggestions, each with a friendly name. */
function zoneInput(value) {
  return h("input", { name: "time_zone", id: "me-zone", value, list: "me-zone-list", autocomplete: "off", spellcheck: "false" });
}

const zoneList = () => h("datalist", { id: "me-zone-list" },
  zoneChoices().map(([zone]) => h("option", { value: zone, label: zoneLabel(zone) })));

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
  const prefs = me.notifications || {};
  const setting = bindForm(h("form", { class: "stack", novalidate: true },
    field("Show all my groups' meetings in it, not only the ones I reply to", h("input", { type: "checkbox",
      name: "calendar_includes_group_meetings", id: "n-calendar_includes_group_meetings", checked: !!prefs.calendar_includes_group_meetings })),
    h("button", { type: "submit", class: "secondary" }, "Save calendar choice")), {
    submit: async (values) => { setState({ me: await api.patch("/me/", { notifications: values }) }); flash("Your calendar choice is saved."); },
  });
  return [h("p", {}, "Add this to your calendar app to see the meetings you plan to go to. Keep it to yourself."),
    h("p", {}, link), setting, h("p", {}, "If you've shared it by mistake, get a new one; the old link stops working."), rotate];
}

async function exportData() {
  try {
    const data = await api.get("/me/export/");
    download("kindred-export.json", JSON.stringify(data, null, 2), "application/json");
    flash("Downloaded kindred-export.json: everything Kindred holds about you. Keep it somewhere safe.");
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

