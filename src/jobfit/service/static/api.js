// Calls to the jobfit API (/v1) from the page: JSON or multipart in, JSON out, and every
// failure turned into an ApiError whose message a person can act on.

const KEY_STORE = "jobfit-api-key";
let memoryKey = ""; // used when sessionStorage is off

export class ApiError extends Error {
  constructor(status, type, message, retryAfter = null) {
    super(message);
    this.status = status; // 0 when the server could not be reached
    this.type = type;
    this.retryAfter = retryAfter;
  }
}

export function apiKey() {
  try {
    return sessionStorage.getItem(KEY_STORE) || "";
  } catch {
    return "";
  }
}

export function setApiKey(key) {
  try {
    if (key) sessionStorage.setItem(KEY_STORE, key);
    else sessionStorage.removeItem(KEY_STORE);
  } catch {
    // storage is off (private mode): the key lasts until the page is reloaded
  }
  memoryKey = key;
}

// The server's message as a sentence: a leading plain word capitalized ("no such job" ->
// "No such job"), a file name left alone ("cv.pdf: not a readable PDF"), a final period.
function sentence(text) {
  const t = String(text || "").trim();
  if (!t) return t;
  const capital = /^[a-z]+\s/.test(t) ? t[0].toUpperCase() + t.slice(1) : t;
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

// The words shown for a failed request: what happened, then the server's own message.
function plainWords(status, type, message, retryAfter) {
  const said = sentence(message);
  switch (status) {
    case 401:
      return "This server needs an API key. Enter it above, then try again.";
    case 413:
      return `The file is too large. ${said}`;
    case 422:
      return type === "unreadable_document"
        ? `The file could not be read. ${said}`
        : `Please check what you entered. ${said}`;
    case 503:
      if (/retry/i.test(said)) return said;
      return `The server is busy; retry in ${retryAfter || "a few"} s. ${said}`.trim();
    default:
      return said || `The request failed (HTTP ${status}); try again.`;
  }
}

/**
 * Calls the API. `json` sends a JSON body, `form` a FormData (multipart). Resolves to the
 * parsed JSON (null for 204); rejects with an ApiError.
 */
export async function call(path, { method = "GET", json, form, signal } = {}) {
  const headers = { Accept: "application/json" };
  const key = apiKey() || memoryKey;
  if (key) headers["X-API-Key"] = key;
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form !== undefined) {
    body = form;
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body, signal, cache: "no-store" });
  } catch (err) {
    if (err && err.name === "AbortError") throw err;
    throw new ApiError(
      0,
      "unreachable",
      `The jobfit server at ${location.host} cannot be reached. Check that "jobfit serve" ` +
        "is still running and that this computer is connected to it, then try again.",
    );
  }
  if (response.status === 204) return null;
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = (data && data.error) || {};
    const retry = response.headers.get("Retry-After");
    throw new ApiError(
      response.status,
      error.type || "http_error",
      plainWords(response.status, error.type, error.message, retry),
      retry,
    );
  }
  return data;
}
