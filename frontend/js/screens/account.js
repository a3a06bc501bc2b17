/* The account's own screens: check your email, confirm an address, forgot password, choose a new
   password, sign-in and security (password, email, where you're signed in), and For developers
   (personal API tokens). Links in emails open #/confirm, #/confirm-email and #/reset with ?token=. */
import { api, results, humanMessage } from "kindred/api.js";
import { render, h, field, select, flash, panel, withLink, LINK } from "kindred/dom.js";
import { bindForm, actionButton } from "kindred/forms.js";
import { state, setState } from "kindred/state.js";
import { go } from "kindred/router.js";
import { forgetPersonalData, rememberAddress, rememberedAddress } from "kindred/session.js";
import { t, plural, msg, formatDate, loadCatalog, shown } from "kindred/i18n.js";

await loadCatalog("account");

const RESEND_WAIT_SECONDS = 60;  // the server sends at most one confirmation a minute per address

/* A link's token is read once and taken out of the address bar, so it stays out of the history. */
function takeToken(params, screen) {
  const token = params.get("token") || "";
  if (token) history.replaceState(null, "", `#/${screen}`);
  return token;
}

function passwordInput(name, id, autocomplete) {
  return h("input", { type: "password", name, id, autocomplete, required: true, minlength: 10 });
}

const NEW_PASSWORD_HINT = msg("At least 10 characters, not only spaces. A few words together works well.");

/* --- check your email, and send it again ------------------------------------------------------------ */

export function checkEmailScreen() {
  const address = rememberedAddress();
  const status = h("p", { role: "status" });
  const email = h("input", { type: "email", name: "email", id: "resend-email", autocomplete: "email", required: true,
    value: address });
  const send = h("button", { type: "submit", class: "secondary" }, t("Send it again"));
  const form = h("form", { class: "stack narrow", novalidate: true },
    field(t("Your email"), email), send, status);
  bindForm(form, {
    busyLabel: t("Sending…"),
    submit: async (values) => {
      const answer = await api.post("/auth/verify-email/resend/", values);
      rememberAddress(values.email);
      status.textContent = answer.detail;
      setTimeout(() => holdOff(send), 0);  // after bindForm gives the button back
    },
  });
  render(t("Check your email"),
    h("p", { class: "lead" }, address
      ? t("We've sent a link to {address}. Open it to confirm your address, then you can sign in.", { address })
      : t("We've sent you a link. Open it to confirm your address, then you can sign in.")),
    h("p", {}, t("It can take a few minutes, and sometimes lands in a spam or junk folder. The link works for three days.")),
    h("h2", {}, t("Nothing arrived?")), form,
    h("p", {}, h("a", { href: "#/login" }, t("Back to sign in"))));
}

/* "Send it again" rests for a minute after each use: the server would not send sooner anyway. */
function holdOff(button) {
  button.disabled = true;
  setTimeout(() => { if (button.isConnected) button.disabled = false; }, RESEND_WAIT_SECONDS * 1000);
}

/* --- confirming an address (a new account, or a changed address) ------------------------------------- */

export async function confirmScreen(_match, params) {
  await useConfirmationLink(takeToken(params, "confirm"), {
    done: t("Your email address is confirmed"), words: t("Thank you. You can sign in now."),
  });
}

export async function confirmEmailScreen(_match, params) {
  await useConfirmationLink(takeToken(params, "confirm-email"), {
    done: t("Your new email address is confirmed"), words: t("From now on, sign in with your new address."),
  });
}

async function useConfirmationLink(token, { done, words }) {
  try {
    await api.post("/auth/verify-email/", { token });
  } catch (error) {
    render(t("This link didn't work"), h("p", {}, humanMessage(error)),
      h("p", {}, t("If you've already used it, all is well: just sign in.")),
      h("p", {}, h("a", { href: "#/login" }, t("Sign in")), " · ", h("a", { href: "#/check-email" }, t("Send a new link"))));
    return;
  }
  if (state.me) setState({ me: await api.get("/me/").catch(() => state.me) });
  render(done, h("p", { class: "lead" }, words),
    h("p", {}, h("a", { href: state.me ? "#/me" : "#/login", class: "button" }, state.me ? t("Back to Me") : t("Sign in"))));
}

/* --- forgot password, choose a new one --------------------------------------------------------------- */

export function forgotScreen() {
  const status = h("div", { role: "status" });
  const form = h("form", { class: "stack narrow", novalidate: true },
    field(t("Your email"), h("input", { type: "email", name: "email", id: "forgot-email", autocomplete: "email", required: true,
      value: rememberedAddress() })),
    h("button", { type: "submit" }, t("Email me a link")));
  bindForm(form, {
    busyLabel: t("Sending…"),
    submit: async (values) => {
      const answer = await api.post("/auth/password-reset/", values);
      status.replaceChildren(h("p", { class: "notice" }, answer.detail));
    },
  });
  render(t("Forgot your password?"),
    h("p", { class: "lead" }, t("Tell us the address you signed up with, and we'll email you a link to choose a new password.")),
    form, status, h("p", {}, h("a", { href: "#/login" }, t("Back to sign in"))));
}

export function resetScreen(_match, params) {
  const token = takeToken(params, "reset");
  const form = h("form", { class: "stack narrow", novalidate: true },
    field(t("New password"), passwordInput("new_password", "reset-password", "new-password"), t(NEW_PASSWORD_HINT)),
    field(t("Also switch off my personal API tokens"), h("input", { type: "checkbox", name: "end_api_tokens", id: "reset-tokens" }),
      t("Only if you use tokens for other sites or apps and think one may have been seen by someone else.")),
    h("button", { type: "submit" }, t("Set my new password")));
  bindForm(form, {
    submit: async (values) => {
      try {
        await api.post("/auth/password-reset/confirm/", { ...values, token });
      } catch (error) {
        if (/^token_/.test(error.code || "")) error.errors = [];  // about the link, not a field here: said once
        throw error;
      }
      await forgetPersonalData();  // every session ended, this device's too
      setState({ me: null });
      flash(t("Your new password is set, and you've been signed out everywhere. Sign in with it now."));
      go("#/login");
    },
  });
  render(t("Choose a new password"),
    h("p", { class: "lead" }, t("Once it's set, you'll be signed out on every device, to keep your account safe.")),
    form, h("p", {}, withLink(t("Link not working? {link}.", { link: LINK }), h("a", { href: "#/forgot" }, t("Ask for a new one")))));
}

/* --- sign-in and security: password, email, where you're signed in ------------------------------------ */

export async function securityScreen() {
  const me = state.me || await api.get("/me/");
  const sessions = h("div", {});
  /* After a change that ends sessions, only the list is redrawn: the forms keep what is being typed. */
  const refresh = async () => sessions.replaceChildren(...await sessionsPart(refresh));
  await refresh();
  render(t("Sign-in and security"),
    h("p", { class: "lead" }, t("Your password, your email address, and where you're signed in.")),
    panel("sessions", t("Where you're signed in"), sessions),
    panel("password", t("Change your password"), passwordForm(refresh)),
    panel("email", t("Change your email address"), emailPart(me)),
    h("p", {}, h("a", { href: "#/me" }, t("Back to Me"))));
}

function passwordForm(refreshSessions) {
  const form = h("form", { class: "stack", novalidate: true },
    field(t("Current password"), passwordInput("current_password", "pw-current", "current-password")),
    field(t("New password"), passwordInput("new_password", "pw-new", "new-password"), t(NEW_PASSWORD_HINT)),
    h("button", { type: "submit" }, t("Change my password")));
  return bindForm(form, {
    submit: async (values, theForm) => {
      const answer = await api.post("/me/password/", values);
      theForm.reset();
      flash(answer.detail);
      await refreshSessions();
    },
  });
}

function emailPart(me) {
  const waiting = me.pending_email
    ? h("p", { class: "notice" }, t("Waiting for {address} to be confirmed: open the link we sent there.", { address: me.pending_email }))
    : null;
  const form = h("form", { class: "stack", novalidate: true },
    field(t("New email address"), h("input", { type: "email", name: "new_email", id: "email-new", autocomplete: "email", required: true })),
    field(t("Your password"), passwordInput("password", "email-password", "current-password")),
    h("button", { type: "submit" }, t("Send a confirmation link")));
  bindForm(form, {
    busyLabel: t("Sending…"),
    submit: async (values, theForm) => {
      const answer = await api.post("/me/email/", values);
      theForm.reset();
      flash(answer.detail);
    },
  });
  return [h("p", {}, withLink(t("You sign in with {link}. It's never shown to anyone.", { link: LINK }), h("strong", {}, me.email))),
    waiting, h("p", { class: "hint" }, t("We'll email a link to the new address; your address changes only when you open it.")), form];
}

async function sessionsPart(refresh) {
  const sessions = await api.get("/me/sessions/");
  const list = h("ul", { class: "plain", id: "sessions" }, sessions.map((session) => sessionRow(session)));
  const others = sessions.filter((session) => !session.current).length;
  const endOthers = actionButton(t("Sign out everywhere else"), { class: "secondary", disabled: !others }, async () => {
    const { ended } = await api.post("/me/sessions/end-others/");
    flash(plural(ended, "Signed out on {n} other device.", "Signed out on {n} other devices."));
    await refresh();
  });
  return [h("p", {}, t("Each device or browser where you've signed in. If you don't recognise one, sign it out and change your password.")),
    list, endOthers];
}

function sessionRow(session) {
  const when = (iso) => (iso ? formatDate(new Date(iso), { dateStyle: "medium", timeStyle: "short" }) : t("unknown"));
  const row = h("li", {}, h("strong", {}, shown(session.device)), session.current ? ` ${t("(this device)")}` : "",
    h("br"), h("span", { class: "hint" }, t("Signed in {signed_in} · last seen {last_seen}",
      { signed_in: when(session.signed_in_at), last_seen: when(session.last_seen_at) })));
  if (!session.current) {
    const named = t("Sign out {device}", { device: session.device });
    row.append(" ", actionButton(t("Sign out"), { class: "secondary", "aria-label": named }, async () => {
      await api.delete(`/me/sessions/${encodeURIComponent(session.id)}/`);
      row.remove();
      flash(t("Signed out {device}.", { device: session.device }));
    }));
  }
  return row;
}

/* --- for developers: personal API tokens ----------------------------------------------------------- */

export async function developersScreen() {
  render(t("For developers"),
    h("p", { class: "lead" }, t("For people who connect other sites or apps to Kindred. Most people never need this.")),
    panel("tokens", t("Personal API tokens"), await tokensPart()),
    h("p", {}, withLink(t("The API is described at {link}.", { link: LINK }), h("a", { href: "/api/v1/docs/", translate: "no" }, "/api/v1/docs/"))),
    h("p", {}, h("a", { href: "#/me" }, t("Back to Me"))));
}

async function tokensPart() {
  const tokens = await api.get("/auth/tokens/").then(results).catch(() => []);  // listed as none
  const shown = h("div", { "aria-live": "polite" });
  const none = h("p", { class: "hint" }, t("You have no tokens."));
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
    field(t("Token name"), h("input", { name: "name", id: "token-name", required: true }), t("For example, the site or app that will use it.")),
    field(t("What it can do"), select("scope", [["read", t("Read only")], ["read write", t("Read and write")]], "read", "token-scope")),
    h("button", { type: "submit" }, t("Create token")));
  bindForm(form, {
    submit: async (values, theForm) => {
      const token = await api.post("/auth/tokens/", values);
      theForm.reset();
      list.append(row(token));
      changed();
      shown.dataset.token = String(token.id);
      const copy = navigator.clipboard ? h("button", { type: "button", class: "secondary", onclick: () => navigator.clipboard
        .writeText(token.token).then(() => flash(t("Copied."))).catch(() => flash(t("Couldn't copy; select the text instead."))) },
      t("Copy the token")) : null;
      shown.replaceChildren(h("div", { class: "notice" },
        h("p", {}, t("Here is your new token {name}. Copy it now: it won't be shown again.", { name: `"${token.name}"` })),
        h("p", {}, h("code", { class: "wrap", translate: "no" }, token.token)), copy));
    },
  });
  return [none, list, shown, form];
}

function tokenRow(token, onRevoked) {
  const revoke = actionButton(t("Revoke"), { class: "secondary", "aria-label": t("Revoke {name}", { name: token.name }) }, async () => {
    await api.delete(`/auth/tokens/${token.id}/`);
    row.remove();
    onRevoked();
    flash(t("Revoked {name}. It no longer works.", { name: token.name }));
  });
  const access = token.scope === "read" ? t("read only") : t("read and write");
  const row = h("li", {}, h("span", {}, t("{name} ({access}, {prefix}…)", { name: token.name, access, prefix: token.prefix })), " ", revoke);
  return row;
}
