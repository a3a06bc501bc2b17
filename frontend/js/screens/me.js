/* Me: profile, privacy, emails, calendar link, export, sign out, erase account; links to sign-in and
   security (kindred/screens/account.js) and to For developers (API tokens). */
import { api, ApiError } from "kindred/api.js";
import { render, h, field, select, flash, download, panel } from "kindred/dom.js";
import { setState } from "kindred/state.js";
import { bindForm, actionButton } from "kindred/forms.js";
import { zoneChoices, zoneLabel } from "kindred/time.js";
import { choices, raw } from "kindred/vocabulary.js";
import { signOut, forgetPersonalData } from "kindred/session.js";
import { go } from "kindred/router.js";
import { t, loadCatalog, setLanguage } from "kindred/i18n.js";

await loadCatalog("me");

export async function meScreen() {
  const me = await api.get("/me/");
  setState({ me });
  render(t("Hello, {name}", { name: me.display_name }),
    h("p", { class: "lead" }, t("Everything here is your choice, and you can change it any time.")),
    panel("profile", t("Profile and privacy"), profileForm(me)),
    panel("language", t("Language"), languageForm(me)),
    panel("notifications", t("Emails"), notificationsForm(me)),
    panel("calendar", t("Your private calendar link"), calendarPart(me)),
    panel("security", t("Sign-in and security"),
      h("p", {}, t("Change your password or email address, and see where you're signed in.")),
      h("p", {}, h("a", { href: "#/me/security" }, t("Sign-in and security")))),
    panel("data", t("Your data"), h("p", {}, t("Download everything Kindred holds about you, as a JSON file.")),
      actionButton(t("Download my data"), { class: "secondary" }, exportData)),
    panel("developers", t("For developers"),
      h("p", {}, t("Personal API tokens, for connecting other sites or apps. Most people never need one.")),
      h("p", {}, h("a", { href: "#/me/developers" }, t("For developers")))),
    panel("signout", t("Sign out"), h("p", {}, t("Signing out also clears what this device saved for offline use.")),
      actionButton(t("Sign out"), { class: "secondary" }, signOut)),
    panel("erase", t("Erase my account"), eraseForm()));
}

function profileForm(me) {
  const form = h("form", { class: "stack", novalidate: true },
    field(t("Your name"), h("input", { name: "display_name", id: "me-name", value: me.display_name, required: true, autocomplete: "nickname" }),
      t("Shown to the groups you join. You can also use a different name in each group.")),
    field(t("Pronouns (optional)"), h("input", { name: "pronouns", id: "me-pronouns", value: me.pronouns || "" })),
    field(t("Time zone"), zoneInput(me.time_zone),
      t("Type a city or region to search, e.g. London or New York. Meeting times are shown in this zone.")),
    zoneList(),
    field(t("Show my name on members lists by default"),
      h("input", { type: "checkbox", name: "show_on_rosters", id: "me-rosters", checked: !!me.show_on_rosters }),
      t("Off by default. You can choose again in each group. Facilitators see only what other members see.")),
    h("button", { type: "submit" }, t("Save")));
  return bindForm(form, {
    draftKey: "me-profile",
    submit: async (values) => {
      const me = await api.patch("/me/", values);
      setState({ me });
      const hello = t("Hello, {name}", { name: me.display_name });
      document.getElementById("page-title").textContent = hello;
      document.title = t("{title} · Kindred", { title: hello });
      flash(t("Saved."));
    },
  });
}

/* The language Kindred speaks to me in, here and in emails: one of the app's languages (each named in
   itself), or "" to follow the browser. Saved to the profile, then the page reloads in it. */
function languageForm(me) {
  const options = [["", t("Same as my browser")], ...raw("interface_languages").map((entry) => [entry.code, entry.label])];
  const chosen = select("language", options, me.language || "", "me-language");
  const form = h("form", { class: "stack", novalidate: true },
    field(t("Language"), chosen, t("For this app and the emails Kindred sends you.")),
    h("button", { type: "submit", class: "secondary" }, t("Save language")));
  options.forEach(([code], index) => { if (code) chosen.options[index].lang = code; });  // each name is in its own language
  return bindForm(form, {
    submit: async (values) => {
      setState({ me: await api.patch("/me/", { language: values.language }) });
      await setLanguage(values.language);  // remembers it on this device, then reloads in that language
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
    h("p", {}, t("Kindred only emails you about what you switch on here.")),
    h("fieldset", {}, h("legend", {}, t("Email me when")),
      // The kinds of email (the calendar's setting is not an email: it lives with the calendar link).
      choices("notification_kinds").map(([name, label]) => field(label, h("input", { type: "checkbox", name, id: `n-${name}`, checked: !!prefs[name] })))),
    field(t("Reminder, hours before"), h("input", { type: "number", name: "reminder_hours", id: "n-hours", min: 1, max: 168,
      value: prefs.reminder_hours || 24, inputmode: "numeric" })),
    h("button", { type: "submit" }, t("Save email choices")));
  return bindForm(form, {
    submit: async (values) => {
      setState({ me: await api.patch("/me/", { notifications: values }) });
      flash(t("Your email choices are saved."));
    },
  });
}

function calendarPart(me) {
  const link = h("code", { class: "wrap", translate: "no" }, me.calendar_url || "");  // an address, in no language
  const rotate = actionButton(t("Get a new link"), { class: "secondary" }, async () => {
    const updated = await api.post("/me/calendar/rotate/");
    setState({ me: updated });
    link.textContent = updated.calendar_url;
    flash(t("You have a new calendar link. The old one no longer works."));
  });
  const prefs = me.notifications || {};
  const setting = bindForm(h("form", { class: "stack", novalidate: true },
    field(t("Show all my groups' meetings in it, not only the ones I reply to"), h("input", { type: "checkbox",
      name: "calendar_includes_group_meetings", id: "n-calendar_includes_group_meetings", checked: !!prefs.calendar_includes_group_meetings })),
    h("button", { type: "submit", class: "secondary" }, t("Save calendar choice"))), {
    submit: async (values) => {
      setState({ me: await api.patch("/me/", { notifications: values }) });
      flash(t("Your calendar choice is saved."));
    },
  });
  return [h("p", {}, t("Add this to your calendar app to see the meetings you plan to go to. Keep it to yourself.")),
    h("p", {}, link), setting, h("p", {}, t("If you've shared it by mistake, get a new one; the old link stops working.")), rotate];
}

async function exportData() {
  const data = await api.get("/me/export/");
  download("kindred-export.json", JSON.stringify(data, null, 2), "application/json");
  flash(t("Downloaded {file}: everything Kindred holds about you. Keep it somewhere safe.", { file: "kindred-export.json" }));
}

function eraseForm() {
  const form = h("form", { class: "stack", novalidate: true },
    // One literal, so the catalog test finds it whole.
    h("p", {}, t("This erases your account, your memberships, your replies to meetings and your tokens, for good. It can't be undone. You may want to download your data first.")),
    field(t("I understand this can't be undone"), h("input", { type: "checkbox", name: "confirm", id: "erase-confirm", required: true })),
    field(t("Your password"), h("input", { type: "password", name: "password", id: "erase-password", autocomplete: "current-password", required: true })),
    h("button", { type: "submit", class: "danger" }, t("Erase my account")));
  return bindForm(form, {
    busyLabel: t("Erasing…"),
    submit: async (values) => {
      if (!values.confirm) {
        const message = t("Please tick the box to confirm.");
        throw new ApiError({ status: 400, detail: message, errors: [{ field: "confirm", message, code: "confirmation_needed" }] });
      }
      await api.delete("/me/", { password: values.password });
      await forgetPersonalData();
      setState({ me: null });
      flash(t("Your account has been erased. Thank you for being part of Kindred."));
      go("#/");
    },
  });
}

