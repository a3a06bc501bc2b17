/* Sign in and create an account (which is confirmed by email before it can sign in). */
import { api } from "kindred/api.js";
import { render, h, field, flash } from "kindred/dom.js";
import { bindForm } from "kindred/forms.js";
import { deviceTimeZone } from "kindred/time.js";
import { signedIn, rememberAddress } from "kindred/session.js";
import { go } from "kindred/router.js";

function nextHash(params, options) {
  const next = (options && options.next) || (params && params.get && params.get("next")) || "#/meetings";
  return /^#\/[\w/?=&%.-]*$/.test(next) && !next.startsWith("#/login") ? next : "#/meetings";
}

export function loginScreen(_match, params, options) {
  const next = nextHash(params, options);
  const form = h("form", { class: "stack narrow", novalidate: true },
    field("Email", h("input", { type: "email", name: "email", id: "login-email", autocomplete: "email", required: true })),
    field("Password", h("input", { type: "password", name: "password", id: "login-password", autocomplete: "current-password", required: true })),
    h("button", { type: "submit" }, "Sign in"));
  bindForm(form, {
    draftKey: "login", busyLabel: "Signing in…",
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
      flash(`Welcome back, ${me.display_name}.`);
      go(next);
    },
  });
  render("Sign in", form,
    h("p", {}, h("a", { href: "#/forgot" }, "Forgot your password?")),
    h("p", {}, "New here? ", h("a", { href: "#/register" }, "Create a free account"), "."));
}

export function registerScreen() {
  const form = h("form", { class: "stack narrow", novalidate: true },
    field("Your name", h("input", { name: "display_name", id: "register-name", autocomplete: "nickname", required: true }),
      "Any name you like. A first name or a nickname is fine."),
    field("Pronouns (optional)", h("input", { name: "pronouns", id: "register-pronouns" })),
    field("Email", h("input", { type: "email", name: "email", id: "register-email", autocomplete: "email", required: true }),
      "Only used to sign in and for the emails you choose. Never shown to anyone."),
    field("Password", h("input", { type: "password", name: "password", id: "register-password", autocomplete: "new-password",
      required: true, minlength: 10 }), "At least 10 characters. A few words together works well."),
    h("input", { type: "hidden", name: "time_zone", value: deviceTimeZone() }),
    h("button", { type: "submit" }, "Create my account"));
  bindForm(form, {
    draftKey: "register", busyLabel: "Creating your account…",
    submit: async (values) => {
      await api.post("/auth/register/", values);
      rememberAddress(values.email);
      go("#/check-email");
    },
  });
  render("Create an account",
    h("p", { class: "lead" }, "An account lets you join groups and say which meetings you'll come to. Nobody sees your email."),
    form, h("p", {}, "Already have an account? ", h("a", { href: "#/login" }, "Sign in"), "."));
}
