/* The API client: JSON over fetch, the session's CSRF token on unsafe requests, and problem+json
   errors turned into ApiError with per-field messages. Set <meta name="kindred-api"> to use an API
   on another origin (that server must list this origin in CORS_ALLOWED_ORIGINS). */
import { setState } from "kindred/state.js";
import { t, plural } from "kindred/i18n.js";

const meta = document.querySelector('meta[name="kindred-api"]');
export const API_ROOT = ((meta && meta.content) || "") + "/api/v1";
let csrfToken = null;
/* When this device last changed something. Reads for a while after it skip any copy the browser
   kept (a public page may be kept for 60 s) and ask the server, so a screen shown after joining,
   leaving or answering never shows how things stood before. */
let changedAt = 0;
const FRESH_FOR_MS = 5 * 60 * 1000;
let unauthorized = async () => {};

/* Called (and awaited) whenever the API answers 401: the session this device held is gone (signed
   out or erased elsewhere), so whatever it kept about the person must go before anything else runs. */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

export class ApiError extends Error {
  constructor({ status, title, detail, code, errors, retryAfter, offline }) {
    super(detail || title || t("Something went wrong."));
    Object.assign(this, { status, title, detail, code, errors: errors || [], retryAfter, offline: !!offline });
  }
}

export function humanMessage(error) {
  if (error.offline) return t("You seem to be offline. Nothing you typed is lost; try again when you're connected.");
  if (error.status === 429) {
    const wait = error.retryAfter;
    return wait ? t("That's a lot of requests in a short time. Please try again in {wait}.", { wait: retryText(wait) })
      : t("That's a lot of requests in a short time. Please try again in a little while.");
  }
  if (error.status === 401) return t("Please sign in first.");
  // The server writes its problems in the page's language already (its code never changes).
  return error.detail || error.title || t("Something went wrong. Please try again.");
}

function retryText(seconds) {
  if (seconds < 90) return plural(seconds, "{n} second", "{n} seconds");
  return plural(Math.ceil(seconds / 60), "{n} minute", "{n} minutes");
}

export function resetCsrf() {
  csrfToken = null;
}

async function csrf() {
  if (!csrfToken) {
    const response = await fetch(`${API_ROOT}/auth/csrf/`, { credentials: "include" });
    csrfToken = (await response.json()).csrf_token;
  }
  return csrfToken;
}

export async function request(method, path, body, { retried = false } = {}) {
  const headers = { Accept: "application/json" };
  const unsafe = !["GET", "HEAD"].includes(method);
  let response;
  try {
    if (unsafe) headers["X-CSRFToken"] = await csrf();
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const fresh = !unsafe && Date.now() - changedAt < FRESH_FOR_MS;
    response = await fetch(path.startsWith("http") ? path : API_ROOT + path, {
      method, headers, credentials: "include", body: body === undefined ? undefined : JSON.stringify(body),
      cache: fresh ? "no-cache" : "default",
    });
  } catch (error) {
    setState({ offline: true });
    throw new ApiError({ status: 0, detail: t("You're offline."), offline: true });
  }
  if (method === "GET") setState({ servedFromCache: response.headers.get("X-Kindred-Offline") === "1" });
  if (unsafe && response.status < 500) changedAt = Date.now();  // even a refusal may mean the page was out of date
  if (response.ok) return response.status === 204 ? null : response.json();
  const problem = await response.json().catch(() => ({}));
  if (response.status === 401) await unauthorized();
  if (response.status === 403 && unsafe && !retried && /csrf/i.test(problem.detail || "")) {
    resetCsrf();
    return request(method, path, body, { retried: true });
  }
  const retryAfter = parseInt(response.headers.get("Retry-After") || "", 10);
  throw new ApiError({ ...problem, status: response.status, retryAfter: Number.isNaN(retryAfter) ? null : retryAfter });
}

export const api = {
  get: (path) => request("GET", path),
  post: (path, body = {}) => request("POST", path, body),
  put: (path, body) => request("PUT", path, body),
  patch: (path, body) => request("PATCH", path, body),
  delete: (path, body) => request("DELETE", path, body),
};

export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) value.forEach((v) => search.append(key, v));
    else if (value !== "" && value !== null && value !== undefined && value !== false) search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/* Lists are paginated ({results, next}); some endpoints may answer a bare list. */
export function results(page) {
  return Array.isArray(page) ? page : (page && page.results) || [];
}
