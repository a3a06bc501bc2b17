// What an integrator's TypeScript looks like with the types openapi-typescript generates from
// docs/openapi.yaml (`make clients`). tests/integrators/test_generated_clients.py copies this file
// beside var/clients/typescript/kindred-api.d.ts and type-checks it with `tsc --strict`; the lines
// marked @ts-expect-error prove the document's rules reach the types (tsc fails if they compile).
import type { components, operations, paths } from "./kindred-api";

type Schemas = components["schemas"];
type Problem = Schemas["Problem"];
type GroupPage = paths["/api/v1/groups/"]["get"]["responses"][200]["content"]["application/json"];
type MeetingPage = operations["groups_occurrences_list"]["responses"][200]["content"]["application/json"];
type Me = operations["me_retrieve"]["responses"][200]["content"]["application/json"];
type CalendarSecret = operations["me_calendar_ics_retrieve"]["parameters"]["path"]["secret"];

/** Numbered and cursor lists alike: `next` is the next page's URL, or null on the last. */
interface Page<Item> {
  next: string | null;
  results: Item[];
}

async function getJson<T>(url: string, token?: string): Promise<T> {
  const headers: Record<string, string> = token === undefined ? {} : { Authorization: `Bearer ${token}` };
  const response = await fetch(url, { headers });
  if (!response.ok) {
    const problem = (await response.json()) as Problem;
    throw new Error(`${problem.status} ${problem.code}: ${problem.detail}`);
  }
  return (await response.json()) as T;
}

async function* everyResult<Item>(first: string, token?: string): AsyncGenerator<Item> {
  let url: string | null = first;
  while (url !== null) {
    const page: Page<Item> = await getJson<Page<Item>>(url, token);
    yield* page.results;
    url = page.next;
  }
}

export async function journey(base: string, token: string, slug: string): Promise<string[]> {
  const seen: string[] = [];
  // Both list shapes fit the one loop.
  const groupPage: Page<Schemas["GroupSummaryOutput"]> = await getJson<GroupPage>(`${base}/api/v1/groups/?q=grief`);
  for await (const group of everyResult<GroupPage["results"][number]>(`${base}/api/v1/groups/?q=grief`)) {
    seen.push(`${group.slug}: ${group.topics.join(", ")} (${group.accessibility.join(", ")})`);
  }
  for await (const meeting of everyResult<MeetingPage["results"][number]>(`${base}/api/v1/groups/${slug}/occurrences/`)) {
    const start: string = meeting.local_start;
    seen.push(`${meeting.title} at ${start}, ${meeting.my_rsvp === null ? "no reply" : meeting.my_rsvp.status}`);
  }
  seen.push(`${groupPage.results.length} groups on the first page`);

  // My private calendar: the secret comes with my profile (to a session or a `read write` token;
  // a `read` token gets null, so the type says it may be missing).
  const me = await getJson<Me>(`${base}/api/v1/me/`, token);
  const maybeSecret: CalendarSecret | null = me.calendar_secret;
  if (maybeSecret === null) throw new Error("a read write token sees the calendar secret");
  const secret: CalendarSecret = maybeSecret;
  const feed = await fetch(`${base}/api/v1/me/calendar/${secret}.ics`);
  seen.push(`${me.display_name}'s calendar: ${feed.status}`);
  return seen;
}

// The rules the server enforces are in the types.
export const join: Schemas["JoinInputRequest"] = { agreed: true };
// @ts-expect-error joining means agreeing: `agreed` can only be true
export const refuse: Schemas["JoinInputRequest"] = { agreed: false };
export const zone: Schemas["TimeZoneEnum"] = "Europe/London";
// @ts-expect-error only IANA zone names are accepted
export const mars: Schemas["TimeZoneEnum"] = "Mars/Olympus";
export const byUser: Schemas["FacilitatorInviteInputRequest"] = { user_id: 7 };
// @ts-expect-error an invitation names a member by one id
export const byNothing: Schemas["FacilitatorInviteInputRequest"] = {};
export const rsvp: Schemas["RsvpInputRequest"] = { status: "going" };
// @ts-expect-error an RSVP is going, maybe or not_going
export const attended: Schemas["RsvpInputRequest"] = { status: "attended" };
