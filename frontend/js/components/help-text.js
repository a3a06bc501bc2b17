/* Where to find help now, as text with working links: web addresses (never swallowing the full stop
   after them) and phone numbers as tap-to-call tel: links. Text only: nothing is parsed as HTML. */
import { h, linkify, paragraphs } from "kindred/dom.js";

// A web address, or a phone number: 3 to 15 digits, spaces or dashes between groups, an optional leading +.
const PATTERN = /(https?:\/\/[^\s<>"')]+[^\s<>"').,;:!?])|((?<![\w/+.-])\+?\d(?:[ -]?\d){2,14}(?![\w/]))/g;

const helpLink = (found, url) => (url ? h("a", { href: url, rel: "noopener noreferrer" }, url)
  : h("a", { href: `tel:${found.replace(/[ -]/g, "")}` }, found));

export const helpParagraphs = (text) => paragraphs(text, (p) => linkify(p.trim(), PATTERN, helpLink));
