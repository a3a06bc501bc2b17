/* Find a group: search and every directory filter; the filters live in the address (#/?topic=grief).
   Results update in place: as you type (after a pause), or on Search, which folds the filters and
   moves focus to the results so they are in view on a small screen. */
import { api, query, results, humanMessage } from "kindred/api.js";
import { render, h, field, select, loading } from "kindred/dom.js";
import { terms, label, choices, languageNames } from "kindred/vocabulary.js";
import { meetingTime } from "kindred/time.js";
import { takeInline } from "kindred/inline.js";
import { t, plural, formatNumber } from "kindred/i18n.js";

const FILTERS = ["q", "topic", "format", "language", "weekday", "time_of_day", "near", "radius_km", "accessibility"];
const TYPING_PAUSE_MS = 400;
const timesOfDay = () => terms("times_of_day").map(({ code, label: name, hint }) => [code, t("{name} ({hint})", { name, hint })]);

export async function findScreen(_match, params) {
  const current = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) || ""]));
  const before = previewState();
  const list = h("div", { id: "results" }, loading());
  const status = h("p", { class: "visually-hidden", role: "status", id: "results-status" });
  const form = filterForm(current, (chosen, { typing }) => search(form, list, status, chosen, typing));
  render(t("Find a group"),
    h("p", { class: "lead" }, t("Peer-led groups where people with shared experience support each other. Joining is free, and you can leave any time.")),
    form, status, list);
  adoptPreview(form, before);
  // The server put the first page of the unfiltered directory in the page: a first visit needs no API call.
  const first = FILTERS.some((name) => current[name]) ? null : takeInline("groups");
  await showResults(list, current, first);
  if (before && before.typed) form.elements.q.dispatchEvent(new Event("input"));  // search what they typed
}

/* The server's first drawing of this screen (index.html, before the modules ran) may already have
   been used: what was typed, an opened "More filters" and the focus carry over to the real form. */
function previewState() {
  const preview = document.querySelector("#main form[data-preview]");
  if (!preview) return null;
  const focused = preview.contains(document.activeElement) ? document.activeElement : null;
  return { typed: preview.elements.q.value, open: preview.querySelector("details").open,
    focus: focused && (focused.name || focused.tagName.toLowerCase()) };
}

function adoptPreview(form, before) {
  if (!before) return;
  if (before.typed) form.elements.q.value = before.typed;
  if (before.open) form.querySelector("details").open = true;
  const target = before.focus && (form.elements[before.focus] || form.querySelector(before.focus));
  if (target) target.focus();
}

/* One search at a time: a newer one (the person kept typing) wins, an older answer is dropped. */
let latestSearch = 0;

async function search(form, list, status, chosen, typing) {
  const id = ++latestSearch;
  const hash = `#/${query(chosen)}`;
  if (location.hash !== hash) history[typing ? "replaceState" : "pushState"](null, "", hash);  // no re-render
  if (!typing) form.querySelector("details").open = false;  // fold the filters: the results come next
  const count = await showResults(list, chosen, null, () => id === latestSearch);
  if (id !== latestSearch) return;
  if (typing) { status.textContent = count === null ? "" : countText(count); return; }
  const heading = document.getElementById("results-title");
  if (!heading) return;
  heading.scrollIntoView({ block: "start" });  // the results, not the form, fill the screen
  heading.focus({ preventScroll: true });  // and a screen reader is told where they are
}

const countText = (count) => (count ? plural(count, "{n} group", "{n} groups") : t("No groups match yet"));

function filterForm(current, onSearch) {
  const facets = (current.accessibility || "").split(",").filter(Boolean);
  const near = h("input", { type: "hidden", name: "near", value: current.near });
  const nearStatus = h("p", { class: "hint", id: "near-status", "aria-live": "polite" },
    current.near ? t("Showing groups near you.") : "");
  const nearButton = h("button", { type: "button", class: "secondary", onclick: () => locate(near, nearStatus) },
    current.near ? t("Update my location") : t("Near me"));
  const chosenCount = FILTERS.slice(1).filter((name) => name !== "radius_km" && current[name]).length;
  const words = h("input", { type: "search", name: "q", value: current.q, autocomplete: "off", enterkeyhint: "search" });
  const form = h("form", { class: "filters", role: "search", "aria-label": t("Find a group") },
    field(t("Search"), words, t("A city, a region or country, or words like “grief” or “caregivers”.")),
    h("details", { class: "more-filters" },
      h("summary", {}, chosenCount ? plural(chosenCount, "More filters ({n} chosen)", "More filters ({n} chosen)") : t("More filters")),
      h("div", { class: "grid" },
        field(t("Topic"), h("input", { name: "topic", value: current.topic, list: "topic-list", autocomplete: "off" })),
        h("datalist", { id: "topic-list" }, terms("topics").map((topic) => h("option", { value: topic }))),
        field(t("Format"), select("format", [["", t("Any")], ...choices("formats")], current.format)),
        field(t("Language"), select("language", [["", t("Any")], ...choices("languages")], current.language)),
        field(t("Day"), select("weekday", [["", t("Any day")], ...choices("weekdays")], current.weekday)),
        field(t("Time of day"), select("time_of_day", [["", t("Any time")], ...timesOfDay()], current.time_of_day))),
      h("fieldset", {}, h("legend", {}, t("Near me (optional)")),
        h("p", { class: "hint" }, t("Your location is used only for this search and is never stored.")),
        h("div", { class: "row" }, nearButton,
          field(t("Within"), select("radius_km", [["", 25], ["5", 5], ["10", 10], ["50", 50], ["100", 100]]
            .map(([value, km]) => [value, t("{km} km", { km: formatNumber(km) })]), current.radius_km))),
        near, nearStatus),
      h("fieldset", {}, h("legend", {}, t("Access needs")),
        h("div", { class: "checks" }, choices("accessibility").map(([value, text]) => field(text,
          h("input", { type: "checkbox", name: "accessibility", value, id: `facet-${value}`, checked: facets.includes(value) })))))),
    h("div", { class: "row" }, h("button", { type: "submit" }, t("Search")),
      h("a", { href: "#/", class: "button secondary" }, t("Clear"))));
  const chosen = () => {
    const data = new FormData(form);
    const params = {};
    for (const name of FILTERS) {
      const values = data.getAll(name).filter(Boolean);
      if (values.length) params[name] = values.join(",");
    }
    if (!params.near) delete params.radius_km;
    return params;
  };
  let pause = null;
  words.addEventListener("input", () => {
    clearTimeout(pause);
    pause = setTimeout(() => onSearch(chosen(), { typing: true }), TYPING_PAUSE_MS);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(pause);
    onSearch(chosen(), { typing: false });
  });
  return form;
}

function locate(input, status) {
  if (!navigator.geolocation) { status.textContent = t("This browser can't share a location."); return; }
  status.textContent = t("Asking your browser for your location…");
  navigator.geolocation.getCurrentPosition((position) => {
    input.value = `${position.coords.latitude.toFixed(3)},${position.coords.longitude.toFixed(3)}`;
    status.textContent = t("Got it. Press Search to see groups near you.");
  }, () => { status.textContent = t("We couldn't get your location. You can search by city or topic instead."); },
  { maximumAge: 600000, timeout: 15000 });
}

/* The results for `current` (or the page the server already gave); returns how many match, or null
   when they could not be loaded. `stillWanted()` false: a newer search owns the list, leave it. */
async function showResults(list, current, page = null, stillWanted = () => true) {
  const params = { ...current };
  if (params.near) params.ordering = "distance"; else delete params.radius_km;
  try {
    page = page || await api.get(`/groups/${query(params)}`);
    if (!stillWanted()) return null;
    const groups = results(page);
    const count = page && typeof page.count === "number" ? page.count : groups.length;
    list.replaceChildren(
      h("h2", { id: "results-title", tabindex: "-1" }, countText(count)),
      groups.length ? h("ul", { class: "cards", "aria-labelledby": "results-title" }, groups.map(groupCard))
        : h("p", {}, t("Try fewer filters, another spelling, or a nearby city. New groups start all the time.")));
    if (page && page.next) list.append(moreButton(list.querySelector("ul"), page.next));
    return count;
  } catch (error) {
    if (!stillWanted()) return null;
    list.replaceChildren(h("p", { role: "alert" }, error.offline
      ? t("You're offline, and this search hasn't been saved on this device. It will show by itself when you're back online.")
      : humanMessage(error)));
    if (error.offline) {
      const search = ++latestSearch;  // unless someone searches again before then
      window.addEventListener("online", () => {
        if (search === latestSearch && list.isConnected) showResults(list, current, null, () => search === latestSearch);
      }, { once: true });
    }
    return null;
  }
}

/* `next` is absolute, on the site's own address (SITE_URL): ask for its path through this app's API root,
   so "more" works wherever the app and the API are reached from. */
const apiPath = (link) => {
  const url = new URL(link, location.href);
  return url.pathname.replace(/^.*?\/api\/v1(?=\/)/, "") + url.search;
};

function moreButton(ul, next) {
  const button = h("button", { type: "button", class: "secondary" }, t("Show more groups"));
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const page = await api.get(apiPath(next));
      ul.append(...results(page).map(groupCard));
      if (page.next) { next = page.next; button.disabled = false; } else button.remove();
    } catch (error) { button.disabled = false; button.textContent = humanMessage(error); }
  });
  return button;
}

/* A group in the list: the whole card is one link to its page (its name is the link's text). */
function groupCard(group) {
  const place = [group.city, group.country].filter(Boolean).join(", ");
  const next = group.next_meeting;
  return h("li", { class: "card group-card" },
    h("h3", {}, h("a", { href: `#/groups/${group.slug}` }, group.name)),
    h("p", { class: "meta" }, [label("formats", group.format), place,
      group.distance_km != null ? t("{km} km away", { km: formatNumber(group.distance_km) }) : null,
      languageNames(group.languages)].filter(Boolean).join(" · ")),
    next ? h("p", { class: "next-meeting" }, t("Next meeting:"), " ", h("time", { datetime: next.starts_at },
      meetingTime(next.starts_at, next.ends_at, next.time_zone, { inPerson: group.format !== "online" })))
      : h("p", { class: "meta" }, t("No meetings planned yet.")),
    group.description ? h("p", { class: "clamp" }, group.description) : null,
    (group.topics || []).length ? h("ul", { class: "tags", "aria-label": t("Topics") }, group.topics.map((topic) => h("li", {}, topic))) : null,
    group.join_policy === "approval" ? h("p", { class: "hint" }, t("Facilitators welcome each new member personally.")) : null);
}
