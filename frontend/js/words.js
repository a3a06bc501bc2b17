/* Friendly words: the API's raw validation texts said the way a person would, places at a meeting
   in plain words, and ordinals ("3rd"). The API's own sentences (about agreements, time zones...)
   are already written for people and pass through unchanged. */

/* The framework's generic English texts, and what to say instead (`label` is the field's label). */
const RAW = [
  [/^This field may not be blank\.$|^This field is required\.$|^This field may not be null\.$/,
    (label) => (label ? `Please fill in “${label}”.` : "Please fill this in.")],
  [/^Ensure this field has no more than (\d+) characters\.$/, (_label, n) => `Please keep this to ${n} characters or fewer.`],
  [/^Ensure this field has at least (\d+) characters\.$/, (_label, n) => `Please use at least ${n} characters.`],
  [/^Ensure this value is less than or equal to (\d+)\.$/, (_label, n) => `Please choose a number no bigger than ${n}.`],
  [/^Ensure this value is greater than or equal to (\d+)\.$/, (_label, n) => `Please choose a number of at least ${n}.`],
  [/^A valid (integer|number) is required\.$/, () => "Please enter a number, using digits."],
  [/^Enter a valid URL\.$/, () => "Please enter a full web address, starting with https://."],
  [/^Enter a valid email address\.$/, () => "Please enter an email address, like name@example.org."],
  [/^".*" is not a valid choice\.$/, () => "Please choose one of the options offered."],
  [/^Date has wrong format/, () => "Please enter a date, like 2027-03-02."],
  [/^Time has wrong format/, () => "Please enter a time, like 19:00."],
  [/^Datetime has wrong format/, () => "Please enter a date and a time."],
  [/^Must be a valid boolean\.$/, () => "Please tick the box or leave it empty."],
  [/^Not a valid string\.$/, () => "Please type this as text."],
];

/* One message of a problem+json `errors` item, in friendly words. */
export function friendly(message, label = "") {
  const text = String(message || "");
  for (const [pattern, say] of RAW) {
    const match = text.match(pattern);
    if (match) return say(label.replace(/\s*\(optional\)$/, ""), ...match.slice(1));
  }
  return text;
}

/* "1 place, none taken", "5 places, 2 taken", "5 places, all taken". */
export function placesText(capacity, taken) {
  const places = `${capacity} place${capacity === 1 ? "" : "s"}`;
  if (!taken) return `${places}, none taken`;
  if (taken >= capacity) return capacity === 1 ? `${places}, taken` : `${places}, all taken`;
  return `${places}, ${taken} taken`;
}

/* 1st, 2nd, 3rd, 4th, 11th, 21st... */
export function ordinal(n) {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : { 1: "st", 2: "nd", 3: "rd" }[n % 10] || "th";
  return `${n}${suffix}`;
}
