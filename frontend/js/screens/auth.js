/* Sign in and create an account (which is confirmed by email before it can sign in). */
import { api } from "kindred/api.js";
import { render, h, field, flash, withLink, LINK } from "kindred/dom.js";
import { bindForm } from "kindred/forms.js";
import { deviceTimeZone } from "kindred/time.js";
import { signedIn, rememberAddress } from "kindred/session.js";
import { go } from "kindred/router.js";
import { t, loadCatalog } from "kindred/i18n.js";

await loadCatalog("auth");

function nextHash(params, options) {
  const next = (options && options.next) || (params && params.get && params.get("next")) || "#/meetings";
  return /^#\/[\w/?=&%.-]*$/.test(next) && !next.startsWith("#/login") ? next : "#/meetings";
}

export function loginScreen(_match, params, options) {
  const next = nextHash(params, options);
  const form = h("form", { class: "stack narrow", novalidate: true },
    field(t("Email"), h("input", { type: "email", name: "email", id: "login-email", autocomplete: "email", required: true })),
    field(t("Password"), h("input", { type: "password", name: "password", id: "login-password", autocomplete: "current-password", required: true })),
    h("button", { type: "submit" }, t("Sign in")));
  bindForm(form, {
    draftKey: "login", busyLabel: t("Signing in…"),
    submit: async (values) => {
      let me;
      try {
        me = await api.post("/auth/login/", values);
      } catch (error) {
        if (error.code !== "email_not_confirmed") throw error;
        rememberAddress(values.email);  // the right password, an address not yet confirmed
        flash(error.detail);
        go("#/check-email");
        return;
      }
      await signedIn(me);
      flash(t("Welcome back, {name}.", { name: me.display_name }));
      go(next);
    },
  });
  render(t("Sign in"), form,
    h("p", {}, h("a", { href: "#/forgot" }, t("Forgot your password?"))),
    h("p", {}, withLink(t("New here? {link}.", { link: LINK }), h("a", { href: "#/register" }, t("Create a free account")))));
}

export function registerScreen() {
  const form = h("form", { class: "stack narrow", novalidate: true },
    field(t("Your name"), h("input", { name: "display_name", id: "register-name", autocomplete: "nickname", required: true }),
      t("Any name you like. A first name or a nickname is fine.")),
    field(t("Pronouns (optional)"), h("input", { name: "pronouns", id: "register-pronouns" })),
    field(t("Email"), h("input", { type: "email", name: "email", id: "register-email", autocomplete: "email", required: true }),
      t("Only used to sign in and for the emails you choose. Never shown to anyone.")),
    field(t("Password"), h("input", { type: "password", name: "password", id: "register-password", autocomplete: "new-password",
      required: true, minlength: 10 }), t("At least 10 characters. A few words together works well.")),
    h("input", { type: "hidden", name: "time_zone", value: deviceTimeZone() }),
    h("button", { type: "submit" }, t("Create my account")));
  bindForm(form, {
    draftKey: "register", busyLabel: t("Creating your account…"),
    submit: async (values) => {
      await api.post("/auth/register/", values);
      rememberAddress(values.email);
      go("#/check-email");
    },
  });
  render(t("Create an account"),
    h("p", { class: "lead" }, t("An account lets you join groups and say which meetings you'll come to. Nobody sees your email.")),
    form, h("p", {}, withLink(t("Already have an account? {link}.", { link: LINK }), h("a", { href: "#/login" }, t("Sign in")))));
}
