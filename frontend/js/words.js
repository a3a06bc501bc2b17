/* Friendly words: the API's raw validation texts said the way a person would, places at a meeting
   in plain words. The API's own sentences (about agreements, time zones...) are already written for
   people, in the page's language, and pass through unchanged. */
import { t, plural, lang } from "kindred/i18n.js";

const number = (message) => (String(message).match(/\d+/) || [""])[0];
const fillIn = (label) => (label ? t("Please fill in “{label}”.", { label }) : t("Please fill this in."));

/* The framework's generic texts, by their machine-readable code (the same in every language); the
   number a limit names is read from the message, which says it in digits in every language. */
const BY_CODE = {
  blank: fillIn,
  required: fillIn,
  null: fillIn,
  max_length: (_label, message) => t("Please keep this to {n} characters or fewer.", { n: number(message) }),
  min_length: (_label, message) => t("Please use at least {n} characters.", { n: number(message) }),
  max_value: (_label, message) => t("Please choose a number no bigger than {n}.", { n: number(message) }),
  min_value: (_label, message) => t("Please choose a number of at least {n}.", { n: number(message) }),
  invalid_choice: () => t("Please choose one of the options offered."),
};

/* Codes that mean several things ("invalid"), told apart by the framework's English text (an
   answer in another language is the server's own translated sentence, and is shown as it is). */
const RAW = [
  [/^This field may not be blank\.$|^This field is required\.$|^This field may not be null\.$/, fillIn],
  [/^Ensure this field has no more than (\d+) characters\.$/, BY_CODE.max_length],
  [/^Ensure this field has at least (\d+) characters\.$/, BY_CODE.min_length],
  [/^Ensure this value is less than or equal to (\d+)\.$/, BY_CODE.max_value],
  [/^Ensure this value is greater than or equal to (\d+)\.$/, BY_CODE.min_value],
  [/^A valid (integer|number) is required\.$/, () => t("Please enter a number, using digits.")],
  [/^Enter a valid URL\.$/, () => t("Please enter a full web address, starting with https://.")],
  [/^Enter a valid email address\.$/, () => t("Please enter an email address, like name@example.org.")],
  [/^".*" is not a valid choice\.$/, BY_CODE.invalid_choice],
  [/^Date has wrong format/, () => t("Please enter a date, like 2027-03-02.")],
  [/^Time has wrong format/, () => t("Please enter a time, like 19:00.")],
  [/^Datetime has wrong format/, () => t("Please enter a date and a time.")],
  [/^Must be a valid boolean\.$/, () => t("Please tick the box or leave it empty.")],
  [/^Not a valid string\.$/, () => t("Please type this as text.")],
];

/* One message of a problem+json `errors` item (with its `code`), in friendly words. In English the
   framework's own texts are recognised; in another language the server's message is already
   translated, and a generic code (blank, max_length...) is said the friendlier way. */
export function friendly(message, label = "", code = "") {
  const text = String(message || "");
  const name = label.replace(/\s*\(optional\)$/, "").replace(t(" (optional)"), "").trim();
  for (const [pattern, say] of RAW) {
    if (pattern.test(text)) return say(name, text);
  }
  if (BY_CODE[code] && !/^en\b/.test(lang())) return BY_CODE[code](name, text);
  return text;
}

/* "1 place, none taken", "5 places, 2 taken", "5 places, all taken". */
export function placesText(capacity, taken) {
  if (!taken) return plural(capacity, "{n} place, none taken", "{n} places, none taken");
  if (taken >= capacity) return plural(capacity, "{n} place, taken", "{n} places, all taken");
  return plural(capacity, "{n} place, {taken} taken", "{n} places, {taken} taken", { taken });
}
