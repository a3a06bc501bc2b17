/* Forms: read values, show each API error next to its field, and never lose what someone typed
   (drafts are kept in sessionStorage until the request succeeds; passwords never are). */
import { h, flash } from "kindred/dom.js";
import { ApiError, humanMessage } from "kindred/api.js";
import { friendly } from "kindred/words.js";
import { t } from "kindred/i18n.js";

/* The words a person sees for a control: its label (or its group's legend). */
function labelOf(form, input) {
  const label = input.id && form.querySelector(`label[for="${CSS.escape(input.id)}"]`);
  const legend = input.closest("fieldset") && input.closest("fieldset").querySelector("legend");
  return ((label || legend || {}).textContent || "").trim();
}

export function formValues(form) {
  const values = {};
  const seen = new Set();
  for (const el of form.elements) {
    if (!el.name || el.disabled || seen.has(el.name) || el.type === "submit") continue;
    seen.add(el.name);
    const group = form.querySelectorAll(`[name="${CSS.escape(el.name)}"]`);
    if (el.type === "checkbox" && group.length > 1) {
      values[el.name] = [...group].filter((box) => box.checked).map((box) => box.value);
    } else if (el.type === "checkbox") {
      values[el.name] = el.checked;
    } else if (el.type === "radio") {
      const chosen = [...group].find((r) => r.checked);
      values[el.name] = chosen ? chosen.value : "";
    } else if (el.type === "number") {
      values[el.name] = el.value === "" ? null : Number(el.value);
    } else {
      values[el.name] = el.value;
    }
  }
  return values;
}

const DRAFT_PREFIX = "kindred.draft.";

function saveDraft(form, key) {
  const values = formValues(form);
  for (const el of form.elements) if (el.type === "password") delete values[el.name];
  sessionStorage.setItem(DRAFT_PREFIX + key, JSON.stringify(values));
}

export function restoreDraft(form, key) {
  const raw = sessionStorage.getItem(DRAFT_PREFIX + key);
  if (!raw) return;
  const values = JSON.parse(raw);
  for (const el of form.elements) {
    if (!el.name || !(el.name in values) || el.type === "password") continue;
    const value = values[el.name];
    if (el.type === "checkbox") el.checked = Array.isArray(value) ? value.includes(el.value) : !!value;
    else if (el.type === "radio") el.checked = el.value === value;
    else el.value = value === null ? "" : value;
  }
}

export function clearDrafts() {
  for (const key of Object.keys(sessionStorage)) if (key.startsWith(DRAFT_PREFIX)) sessionStorage.removeItem(key);
}

export function clearErrors(form) {
  form.querySelectorAll(".error").forEach((el) => el.remove());
  form.querySelectorAll("[aria-invalid]").forEach((el) => {
    el.removeAttribute("aria-invalid");
    const ids = (el.getAttribute("aria-describedby") || "").split(" ").filter((id) => !id.endsWith("-error"));
    if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
    else el.removeAttribute("aria-describedby");
  });
}

/* Show an error: field messages beside their fields, the rest in a summary at the top, focused. */
export function showErrors(form, error) {
  clearErrors(form);
  const leftover = [];
  const errors = error instanceof ApiError ? error.errors : [];
  for (const item of errors) {
    const parts = (item.field || "").split(".").filter((part) => !/^\d+$/.test(part));
    const name = [parts.join("."), parts[parts.length - 1], parts[0]]
      .find((candidate) => candidate && form.querySelector(`[name="${CSS.escape(candidate)}"]`));
    const input = name && form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (!input) { leftover.push(friendly(item.message, "", item.code)); continue; }
    const message = friendly(item.message, labelOf(form, input), item.code);
    const id = `${input.id || name}-error`;
    const existing = form.querySelector(`#${CSS.escape(id)}`);
    if (existing) { existing.append(" ", message); continue; }
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", `${input.getAttribute("aria-describedby") || ""} ${id}`.trim());
    const several = form.querySelectorAll(`[name="${CSS.escape(name)}"]`).length > 1;
    const holder = (several && input.closest("fieldset")) || input.closest(".field, fieldset") || input;
    holder.append(h("p", { class: "error", id }, message));
  }
  const summary = h("div", { class: "error error-summary", role: "alert", tabindex: "-1" },
    h("p", {}, errors.length && !leftover.length ? t("Please check the highlighted fields.") : humanMessage(error)),
    leftover.length ? h("ul", {}, leftover.map((text) => h("li", {}, text))) : null);
  form.prepend(summary);
  summary.focus();
}

/* A button that asks the server for one thing; a refusal is said in the confirmation at the bottom.
   `busy`: marked aria-disabled while the request runs, and usable again after a refusal. */
export function actionButton(label, { busy = false, ...attrs }, action) {
  const button = h("button", { type: "button", ...attrs }, label);
  button.addEventListener("click", async () => {
    if (busy) button.setAttribute("aria-disabled", "true");
    try { await action(); } catch (error) { if (busy) button.removeAttribute("aria-disabled"); flash(humanMessage(error)); }
  });
  return button;
}

/* Wire a form: submit(values) is awaited; on failure the form keeps its contents and shows why. */
export function bindForm(form, { draftKey, submit, busyLabel = t("Saving…") }) {
  if (draftKey) {
    restoreDraft(form, draftKey);
    form.addEventListener("input", () => saveDraft(form, draftKey));
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    flash("");  // an old "Saved." must not sit above this form's new answer
    const button = form.querySelector('[type="submit"]');
    const label = button ? button.textContent : "";
    if (button) { button.disabled = true; button.textContent = busyLabel; }
    try {
      await submit(formValues(form), form);
      if (draftKey) sessionStorage.removeItem(DRAFT_PREFIX + draftKey);
      clearErrors(form);
    } catch (error) {
      if (!(error instanceof ApiError)) console.warn(error);
      showErrors(form, error);
    } finally {
      if (button && button.isConnected) { button.disabled = false; button.textContent = label; }
    }
  });
  return form;
}
