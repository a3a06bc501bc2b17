/* What the server put in the page for the first screen (index.html's <script type="application/json"
   id="kindred-inline">: the first page of the directory and the vocabulary), so a first visit shows
   groups without waiting for the API. Each part is handed out once; later screens ask the API. */
let inline = null;

function read() {
  if (inline) return inline;
  const element = document.getElementById("kindred-inline");
  try { inline = element ? JSON.parse(element.textContent) : {}; } catch (error) { inline = {}; }
  return inline;
}

export function takeInline(part) {
  const data = read();
  const value = data[part] === undefined ? null : data[part];
  delete data[part];
  return value;
}

/* Whether this page is the copy the service worker kept (offline): then its data is not fresh. */
export const pageWasSaved = () => !!document.querySelector("#kindred-inline[data-saved]");
