/* Times in the viewer's zone, with the group's zone noted when it differs; the zones to choose from. */
import { state } from "kindred/state.js";
import { t, dateFormatter, shown } from "kindred/i18n.js";

let deviceZone = null;  // asked once: each ask makes a formatter, slow on a cheap phone
export const deviceTimeZone = () => (deviceZone = deviceZone || Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
const viewerTimeZone = () => (state.me && state.me.time_zone) || deviceTimeZone();

/* Every zone this browser knows (UTC always among them), as [zone, words] for select(). */
export function zoneChoices() {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return (all.includes("UTC") ? all : ["UTC", ...all]).map((zone) => [zone, zone.replace(/_/g, " ")]);
}

/* "London · Greenwich Mean Time (GMT+0)": the place a zone is named after, and what it is called. */
export function zoneLabel(zone) {
  const place = zone.split("/").pop().replace(/_/g, " ");
  const part = (style) => {
    try {
      return dateFormatter({ timeZone: zone, timeZoneName: style }).formatToParts(new Date())
        .find((p) => p.type === "timeZoneName")?.value || "";
    } catch (error) { return ""; }
  };
  const name = part("longGeneric");
  const offset = part("shortOffset");
  return [place, name && `${name}${offset && offset !== name ? ` (${offset})` : ""}`].filter(Boolean).join(" · ");
}

/* In the page's language (i18n.js makes each formatter once: making one is slow on a cheap phone). */
const formatter = (zone, options) => dateFormatter({ timeZone: zone, ...options });

const format = (iso, zone, options) => formatter(zone, options).format(new Date(iso));

export function when(iso, groupZone) {
  const zone = viewerTimeZone();
  const main = shown(format(iso, zone, { weekday: "long", day: "numeric", month: "long", hour: "numeric", minute: "2-digit" }));
  if (!groupZone || groupZone === zone || sameOffset(iso, zone, groupZone)) return main;
  const theirs = shown(format(iso, groupZone, { weekday: "short", hour: "numeric", minute: "2-digit" }));
  return t("{when} your time ({theirs} in {zone}, the group's time)", { when: main, theirs, zone: shown(groupZone.replace(/_/g, " ")) });
}

function sameOffset(iso, a, b) {
  const opts = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  return format(iso, a, opts) === format(iso, b, opts);
}

export function today() {
  return new Intl.DateTimeFormat("en-CA", { timeZone: viewerTimeZone() }).format(new Date());  // YYYY-MM-DD
}

export function addDays(isoDate, days) {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/* iCalendar TEXT (RFC 5545 3.3.11): every line break (CR LF, a lone CR, LF, U+2028/9) is written as
   the two characters \n, backslash, semicolon and comma are escaped, and other control characters
   are dropped, so nothing a group or meeting is called can start a line of its own in the file. */
export function icsText(text) {
  return String(text || "")
    .replace(/\r\n?|[\n\u0085\u2028\u2029]/g, "\n")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "")
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, "\\n");
}

/* A URI value is not escaped in iCalendar: control characters and spaces are simply dropped. */
export function icsUri(uri) {
  return String(uri || "").replace(/[\u0000-\u0020\u007f-\u009f\u2028\u2029]/g, "");
}

/* Content lines longer than 75 octets are folded (CRLF and a space), never inside a character. */
function fold(line) {
  const encoder = new TextEncoder();
  let folded = "";
  let width = 0;
  for (const character of line) {
    const size = encoder.encode(character).length;
    if (width + size > 75) {
      folded += "\r\n ";
      width = 1;
    }
    folded += character;
    width += size;
  }
  return folded;
}

/* A one-event iCalendar file for "Add to calendar", made on the device (works offline too). */
export function icsFor({ id, title, starts_at, ends_at, location, description, url }) {
  const stamp = (iso) => new Date(iso).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const lines = [
    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Kindred//PWA//EN", "BEGIN:VEVENT",
    `UID:occurrence-${icsUri(id)}@kindred`, `DTSTAMP:${stamp(new Date().toISOString())}`,
    `DTSTART:${stamp(starts_at)}`, `DTEND:${stamp(ends_at || starts_at)}`, `SUMMARY:${icsText(title)}`,
  ];
  if (location) lines.push(`LOCATION:${icsText(location)}`);
  if (description) lines.push(`DESCRIPTION:${icsText(description)}`);
  if (url) lines.push(`URL:${icsUri(url)}`);
  lines.push("END:VEVENT", "END:VCALENDAR");
  return lines.map(fold).join("\r\n") + "\r\n";
}

/* The instant when the wall clock in `zone` shows date + time, as ISO 8601 with that zone's offset. */
export function zonedToIso(date, time, zone) {
  const wall = Date.parse(`${date}T${time}:00Z`);
  let guess = wall;
  for (let i = 0; i < 2; i += 1) guess = wall - offsetMinutes(guess, zone) * 60000;
  const offset = offsetMinutes(guess, zone);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${date}T${time}:00${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

function offsetMinutes(instant, zone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric",
    month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
    .formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour % 24, +parts.minute, +parts.second);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60000);
}

/* The wall-clock date and time of an instant in `zone`: ["2027-03-02", "19:00"]. */
export function zonedParts(iso, zone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric",
    month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return [`${parts.year}-${parts.month}-${parts.day}`, `${String(+parts.hour % 24).padStart(2, "0")}:${parts.minute}`];
}

/* A zone as people say it: "Europe/Berlin" -> "Berlin", "America/Argentina/Buenos_Aires" -> "Buenos Aires". */
export const zoneName = (zone) => (zone === "UTC" ? "UTC" : zone.split("/").pop().replace(/_/g, " "));

function span(startIso, endIso, zone, options) {
  const made = formatter(zone, options);
  if (!endIso || typeof made.formatRange !== "function") return shown(made.format(new Date(startIso)));
  return shown(made.formatRange(new Date(startIso), new Date(endIso)));
}

const LONG = { weekday: "long", day: "numeric", month: "long", hour: "numeric", minute: "2-digit" };
const SHORT = { weekday: "short", hour: "numeric", minute: "2-digit" };

/* When a meeting is, start to end. In person, the clock where it meets comes first (that is the
   time on the door), then the viewer's when it differs; online, the viewer's clock first, then the
   group's. `zone` is the meeting's own IANA zone. */
export function meetingTime(startIso, endIso, zone, { inPerson = false } = {}) {
  const viewer = viewerTimeZone();
  const meeting = zone || viewer;
  if (meeting === viewer || sameOffset(startIso, meeting, viewer)) return span(startIso, endIso, viewer, LONG);
  const [first, second] = inPerson ? [meeting, viewer] : [viewer, meeting];
  const spans = { first: span(startIso, endIso, first, LONG), second: span(startIso, endIso, second, SHORT) };
  const place = shown(zoneName(meeting));  // the meeting's clock, named for its place
  return inPerson
    ? t("{first} {zone} time ({second} your time)", { ...spans, zone: place })
    : t("{first} your time ({second} {zone} time)", { ...spans, zone: place });
}
