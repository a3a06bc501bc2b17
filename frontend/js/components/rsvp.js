/* "Will you come?": one radio group (going, maybe, not going). A member waiting for a place sees
   "On the waiting list (3rd)" as their choice (not the plain going choice), and once a place opens "A place opened up
   — you're going". Focus stays on the button that was chosen while the answer is sent. */
import { humanMessage } from "kindred/api.js";
import { h } from "kindred/dom.js";
import * as store from "kindred/store.js";
import { sendRsvp } from "kindred/outbox.js";
import { label, choices } from "kindred/vocabulary.js";
import { t, ordinal } from "kindred/i18n.js";

const WAITLISTED = "waitlisted";  // said "going" to a full meeting: not a choice of its own
export const answerLabel = (status) => label("rsvp_statuses", status);
/* This device remembers which meetings I was waiting for (cleared with everything personal on sign-out),
   so the first time it sees me going instead it can say why. */
const waitingKey = (id) => `waiting:${id}`;

const waitingText = (rsvp) => (rsvp.waitlist_position
  ? t("On the waiting list ({position})", { position: ordinal(rsvp.waitlist_position) }) : t("On the waiting list"));

function statusText(rsvp, promoted) {
  if (rsvp.queued) return t("Saved on this device: {answer}. It will be sent when you're back online.", { answer: answerLabel(rsvp.status) });
  if (rsvp.status === WAITLISTED) {
    return rsvp.waitlist_position
      ? t("The meeting is full, so you're on the waiting list ({position}). If a place opens up, you'll move up automatically.",
        { position: ordinal(rsvp.waitlist_position) })
      : t("The meeting is full, so you're on the waiting list. If a place opens up, you'll move up automatically.");
  }
  if (promoted) return t("A place opened up — you're going.");
  return rsvp.status ? t("You said: {answer}.", { answer: answerLabel(rsvp.status) }) : t("You haven't said yet. That's fine.");
}

/* Remember a wait; answer whether this "going" is a place that opened up since. */
async function noticePromotion(id, status) {
  try {
    if (status === WAITLISTED) { await store.set(waitingKey(id), true); return false; }
    const waited = await store.get(waitingKey(id));
    if (waited) await store.del(waitingKey(id));
    return !!waited && status === "going";
  } catch (error) { return false; }
}

export function rsvpControls(o, initial, onAnswered = null) {
  const labelId = `rsvp-${o.id}`;
  const status = h("p", { class: "rsvp-status", "aria-live": "polite" }, statusText(initial, false));
  const options = choices("rsvp_statuses").filter(([value]) => value !== WAITLISTED);
  const buttons = options.map(([value, text]) => h("button", {
    type: "button", class: "choice", role: "radio", dataset: { status: value, label: text },
  }, text));
  let busy = false;
  const show = (rsvp) => {
    const current = rsvp.status === WAITLISTED ? "going" : rsvp.status;
    for (const button of buttons) {
      const chosen = button.dataset.status === current;
      button.setAttribute("aria-checked", String(chosen));
      button.textContent = chosen && rsvp.status === WAITLISTED ? waitingText(rsvp) : button.dataset.label;
    }
    const focusable = buttons.find((b) => b.getAttribute("aria-checked") === "true") || buttons[0];
    buttons.forEach((b) => { b.tabIndex = b === focusable ? 0 : -1; });
  };
  show(initial);
  noticePromotion(o.id, initial.status).then((promoted) => { if (promoted) status.textContent = statusText(initial, true); });

  const answer = async (button) => {
    if (busy) return;
    busy = true;
    buttons.forEach((b) => b.setAttribute("aria-disabled", "true"));
    try {
      const rsvp = await sendRsvp(o.id, { status: button.dataset.status });
      show(rsvp);
      status.textContent = statusText(rsvp, false);
      if (!rsvp.queued) noticePromotion(o.id, rsvp.status);
      if (onAnswered && !rsvp.queued) onAnswered();
    } catch (error) {
      status.textContent = humanMessage(error);
    } finally {
      busy = false;
      buttons.forEach((b) => b.removeAttribute("aria-disabled"));
    }
  };
  buttons.forEach((button, index) => {
    button.addEventListener("click", () => answer(button));
    button.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
      if (!step) return;
      event.preventDefault();
      const next = buttons[(index + step + buttons.length) % buttons.length];
      next.focus();
      answer(next);
    });
  });
  return h("div", { class: "rsvp" },
    h("p", { id: labelId, class: "rsvp-label" }, t("Will you come?")),
    h("div", { class: "choices", role: "radiogroup", "aria-labelledby": labelId }, buttons), status);
}
