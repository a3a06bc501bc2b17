/* Where to find help now, as text with working links: web addresses (never swallowing the full stop
   after them) and phone numbers as tap-to-call tel: links. Text only: nothing is parsed as HTML. */
import { h } from "kindred/dom.js";

// A web address, or a phone number: 3 to 15 digits, spaces or dashes between groups, an optional leading +.
const PATTERN = /(https?:\/\/[^\s<>"')]+[^\s<>"').,;:!?])|((?<![\w/+.-])\+?\d(?:[ -]?\d){2,14}(?![\w/]))/g;

export function helpLine(text) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(PATTERN)) {
    parts.push(text.slice(last, match.index));
    const [found, url] = match;
    parts.push(url ? h("a", { href: url, rel: "noopener noreferrer" }, url)
      : h("a", { href: `tel:${found.replace(/[ -]/g, "")}` }, found));
    last = match.index + found.length;
  }
  parts.push(text.slice(last));
  return parts;
}

export function helpParagraphs(text) {
  return String(text || "").split(/\n{2,}/).filter((p) => p.trim()).map((p) => h("p", {}, helpLine(p.trim())));
}
