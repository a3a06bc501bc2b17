/* Tiny DOM helpers. Text is always inserted as text nodes: nothing from the API is parsed as HTML. */
import { t } from "kindred/i18n.js";

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "value" || key === "checked" || key === "selected") el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/* Replace the main area with a screen: sets the title, moves focus to the heading for screen readers. */
export function render(title, ...children) {
  const main = document.getElementById("main");
  main.replaceChildren(h("h1", { id: "page-title", tabindex: "-1" }, title));
  append(main, children);
  document.title = t("{title} · Kindred", { title });
  return main;
}

/* A titled panel of a screen, named by its heading (`${id}-title`). */
export const panel = (id, title, ...children) => h("section", { class: "panel", "aria-labelledby": `${id}-title` },
  h("h2", { id: `${id}-title` }, title), children);

/* A sentence translated whole, with a link where it says {link} (word order differs between languages). */
export const LINK = "\u0001";
export const withLink = (sentence, link) => { const [before, after = ""] = sentence.split(LINK); return [before, link, after]; };

export function focusTitle() {
  const title = document.getElementById("page-title");
  if (title) title.focus({ preventScroll: false });
}

/* Split plain text into paragraphs, as text; `links` makes a paragraph's links (by default only
   http(s) addresses are made clickable). */
export function paragraphs(text, links = linkify) {
  return String(text || "").split(/\n{2,}/).filter((p) => p.trim()).map((p) => h("p", {}, links(p)));
}

const WEB_ADDRESS = /https?:\/\/[^\s<>"')]+[^\s<>"').,;:!?]/g;  // a full stop or comma after an address is not part of it

/* Text, and a link made by link(...match) for each match of `pattern` (by default, web addresses). */
export function linkify(text, pattern = WEB_ADDRESS, link = (url) => h("a", { href: url, rel: "noopener noreferrer" }, url)) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    parts.push(text.slice(last, match.index), link(...match));
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

/* The confirmation of what someone just did. It sits at the bottom of the screen, so it is seen
   wherever the page is scrolled; it goes away on the next action or page, or when dismissed. */
export function flash(message) {
  const box = document.getElementById("flash");
  box.replaceChildren();
  if (message) {
    box.append(h("span", {}, message),
      h("button", { type: "button", class: "link", "aria-label": t("Dismiss this message"), onclick: () => flash("") }, t("Dismiss")));
  }
  box.hidden = !message;
  document.body.classList.toggle("has-flash", !!message);
  box.dataset.at = String(Date.now());
  if (message) keepFocusInView();
}

/* WCAG 2.4.11: the message must never cover the control that has focus. */
export function keepFocusInView() {
  const box = document.getElementById("flash");
  const focused = document.activeElement;
  if (!box || box.hidden || !focused || focused === document.body || box.contains(focused)) return;
  if (!focused.matches(":focus-visible")) return;  // keyboard focus only: never move what a pointer is pressing
  const overlap = focused.getBoundingClientRect().bottom - box.getBoundingClientRect().top;
  if (overlap > 0) window.scrollBy({ top: overlap + 16, behavior: "instant" });
}

/* Navigating clears old messages, but not one set just before the navigation it caused. */
export function clearStaleFlash() {
  const box = document.getElementById("flash");
  if (Date.now() - Number(box.dataset.at || 0) > 1500) flash("");
}

export function field(label, input, hint) {
  const id = input.id || `f-${input.name}`;
  input.id = id;
  const hintEl = hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null;
  if (hintEl) input.setAttribute("aria-describedby", hintEl.id);
  const labelEl = h("label", { for: id }, label);
  const check = input.type === "checkbox" || input.type === "radio";  // the box first, then its words
  return h("div", { class: check ? "field check" : "field" }, check ? [input, labelEl] : [labelEl, input], hintEl);
}

export function select(name, options, value, id) {
  return h("select", { name, id }, options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)));
}

export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  setTimeout(() => { URL.revokeObjectURL(url); link.remove(); }, 1000);
}

export function loading() {
  return h("p", { class: "loading", role: "status" }, t("Loading…"));
}
