/* Find a group: search and every directory filter; the filters live in the address (#/?topic=grief). */
import { api, query, results, humanMessage } from "kindred/api.js";
import { render, h, field, select, loading } from "kindred/dom.js";
import { terms, label, choices } from "kindred/vocabulary.js";
import { go } from "kindred/router.js";

const FILTERS = ["q", "topic", "format", "language", "weekday", "time_of_day", "near", "radius_km", "accessibility"];
const timesOfDay = () => terms("times_of_day").map(({ code, label: name, hint }) => [code, `${name} (${hint})`]);

export async function findScreen(_match, params) {
  const current = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) || ""]));
  const form = filterForm(current);
  const list = h("div", { id: "results", "aria-live": "polite" }, loading());
  render("Find a group",
    h("p", { class: "lead" }, "Peer-led groups where people with shared experience support each other. Joining is free, and you can leave any time."),
    form, list);
  await showResults(list, current);
}

function filterForm(current) {
  const facets = (current.accessibility || "").split(",").filter(Boolean);
  const near = h("input", { type: "hidden", name: "near", value: current.near });
  const nearStatus = h("p", { class: "hint", id: "near-status", "aria-live": "polite" },
    current.near ? "Showing groups near you." : "");
  const nearButton = h("button", { type: "button", class: "secondary", onclick: () => locate(near, nearStatus) },
    current.near ? "Update my location" : "Near me");
  const form = h("form", { class: "filters", role: "search", "aria-label": "Find a group" },
    field("Search", h("input", { type: "search", name: "q", value: current.q, autocomplete: "off" }),
      "Words in a group's name, description or topics, like “grief” or “caregivers”."),
    h("details", { class: "more-filters", open: FILTERS.slice(1).some((name) => current[name]) },
      h("summary", {}, "More filters"),
      h("div", { class: "grid" },
        field("Topic", h("input", { name: "topic", value: current.topic, list: "topic-list", autocomplete: "off" })),
        h("datalist", { id: "topic-list" }, terms("topics").map((topic) => h("option", { value: topic }))),
        field("Format", select("format", [["", "Any"], ...choices("formats")], current.format)),
        field("Language", select("language", [["", "Any"], ...choices("languages")], current.language)),
        field("Day", select("weekday", [["", "Any day"], ...choices("weekdays")], current.weekday)),
        field("Time of day", select("time_of_day", [["", "Any time"], ...timesOfDay()], current.time_of_day))),
      h("fieldset", {}, h("legend", {}, "Near me (optional)"),
        h("p", { class: "hint" }, "Your location is used only for this search and is never stored."),
        h("div", { class: "row" }, nearButton,
          field("Within", select("radius_km", [["", "25 km"], ["5", "5 km"], ["10", "10 km"], ["50", "50 km"], ["100", "100 km"]], current.radius_km))),
        near, nearStatus),
      h("fieldset", {}, h("legend", {}, "Access needs"),
        h("div", { class: "checks" }, choices("accessibility").map(([value, text]) => field(text,
          h("input", { type: "checkbox", name: "accessibility", value, id: `facet-${value}`, checked: facets.includes(value) })))))),
    h("div", { class: "row" }, h("button", { type: "submit" }, "Search"),
      h("a", { href: "#/", class: "button secondary" }, "Clear")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const params = {};
    for (const name of FILTERS) {
      const values = data.getAll(name).filter(Boolean);
      if (values.length) params[name] = values.join(",");
    }
    if (!params.near) delete params.radius_km;
    go(`#/${query(params)}`);
  });
  return form;
}

function locate(input, status) {
  if (!navigator.geolocation) { status.textContent = "This browser can't share a location."; return; }
  status.textContent = "Asking your browser for your location…";
  navigator.geolocation.getCurrentPosition((position) => {
    input.value = `${position.coords.latitude.toFixed(3)},${position.coords.longitude.toFixed(3)}`;
    status.textContent = "Got it. Press Search to see groups near you.";
  }, () => { status.textContent = "We couldn't get your location. You can search by city or topic instead."; },
  { maximumAge: 600000, timeout: 15000 });
}

async function showResults(list, current) {
  const params = { ...current };
  if (params.near) params.ordering = "distance"; else delete params.radius_km;
  try {
    const page = await api.get(`/groups/${query(params)}`);
    const groups = results(page);
    const count = page && typeof page.count === "number" ? page.count : groups.length;
    list.replaceChildren(
      h("h2", { id: "results-title" }, count ? `${count} group${count === 1 ? "" : "s"}` : "No groups match yet"),
      groups.length ? h("ul", { class: "cards", "aria-labelledby": "results-title" }, groups.map(groupCard))
        : h("p", {}, "Try fewer filters, or a nearby city. New groups start all the time."));
    if (page && page.next) list.append(moreButton(list.querySelector("ul"), page.next));
  } catch (error) {
    list.replaceChildren(h("p", { role: "alert" }, error.offline
      ? "You're offline, and this search hasn't been saved on this device. Try again when you're connected."
      : humanMessage(error)));
  }
}

/* `next` is absolute, on the site's own address (SITE_URL): ask for its path through this app's API root,
   so "more" works wherever the app and the API are reached from. */
const apiPath = (link) => {
  const url = new URL(link, location.href);
  return url.pathname.replace(/^.*?\/api\/v1(?=\/)/, "") + url.search;
};

function moreButton(ul, next) {
  const button = h("button", { type: "button", class: "secondary" }, "Show more groups");
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

function groupCard(group) {
  const place = [group.city, group.country].filter(Boolean).join(", ");
  return h("li", { class: "card" },
    h("h3", {}, h("a", { href: `#/groups/${group.slug}` }, group.name)),
    h("p", { class: "meta" }, [label("formats", group.format), place, group.distance_km != null ? `${group.distance_km} km away` : null,
      (group.languages || []).join(", ")].filter(Boolean).join(" · ")),
    group.description ? h("p", { class: "clamp" }, group.description) : null,
    (group.topics || []).length ? h("ul", { class: "tags", "aria-label": "Topics" }, group.topics.map((t) => h("li", {}, t))) : null,
    group.join_policy === "approval" ? h("p", { class: "hint" }, "Facilitators welcome each new member personally.") : null);
}
