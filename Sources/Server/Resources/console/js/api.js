// The token-protected API. The token lives in sessionStorage: it goes when the tab closes, and only this
// server's pages can read it. Media and exports need the token too, so they are fetched as blobs.
import { connection } from "./connection.js";

const tokenKey = "sharpeyes.token";

export function token() { return sessionStorage.getItem(tokenKey); }
export function setToken(value) { sessionStorage.setItem(tokenKey, value); }
export function clearToken() { sessionStorage.removeItem(tokenKey); }

/// An API answer that was not 2xx: `status` (401, 403, 404, 409, …), the server's message and its stable `code`
/// (what the console translates; absent on older servers); for a refused value, the `field` and file `line` it is in.
export class APIError extends Error {
  constructor(status, message, code = null, { field = null, line = null } = {}) {
    super(message);
    Object.assign(this, { status, code, field, line });
  }
}

/// No answer at all (the server is down or the network is): the page says so in words and retries.
export class Unreachable extends Error {
  constructor() { super("unreachable"); this.status = 0; }
}

let onUnauthorized = () => {};
/// What to do when the token stops working (revoked while the page is open): back to sign-in.
export function whenUnauthorized(handler) { onUnauthorized = handler; }

/// The one route a page calls without a token: exchanging a pairing code for one.
const tokenless = new Set(["/api/pair"]);

export async function request(path, { method = "GET", body, headers = {}, raw = false, signal } = {}) {
  // Signed out (or signing in as someone else): a request would only be refused, so none is sent.
  if (!token() && !tokenless.has(path)) throw new APIError(401, "signed out", "token_required");
  let response;
  try {
    response = await fetch(path, {
      method, body, signal, cache: "no-store",
      headers: { ...(token() ? { Authorization: `Bearer ${token()}` } : {}), ...headers },
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    connection.lost();
    throw new Unreachable();
  }
  connection.answered();
  if (!response.ok) {
    let message = response.statusText, code = null, field = null, line = null;
    try { ({ error: message = message, code = null, field = null, line = null } = await response.json()); } catch { /* not JSON */ }
    if (response.status === 401) onUnauthorized();
    throw new APIError(response.status, message, code, { field, line });
  }
  if (raw) return response;
  if (response.status === 204) return null;
  return response.json();
}

export const get = (path) => request(path);
export const post = (path, json) => request(path, {
  method: "POST", body: json === undefined ? undefined : JSON.stringify(json),
  headers: json === undefined ? {} : { "Content-Type": "application/json" },
});
export const remove = (path) => request(path, { method: "DELETE" });

/// A pairing code for a token (no token yet: the route needs none).
export async function exchangeCode(code) {
  const saved = token();
  clearToken();
  try {
    return await post("/api/pair", { code: code.replace(/[\s-]/g, "") });
  } finally {
    if (saved) setToken(saved);
  }
}

// Object URLs of fetched images, by API path; a bounded cache so a long night does not grow the tab without end.
const media = new Map();
const mediaLimit = 300;

/// An object URL for an image route, or null when there is none (404, 403: community callers get no crops).
export async function mediaURL(path) {
  if (!path) return null;
  if (media.has(path)) return media.get(path);
  const promise = request(path, { raw: true })
    .then(async (response) => URL.createObjectURL(await response.blob()))
    .catch(() => null);
  media.set(path, promise);
  if (media.size > mediaLimit) {
    const [oldest, url] = media.entries().next().value;
    media.delete(oldest);
    url.then((u) => u && URL.revokeObjectURL(u));
  }
  return promise;
}

/// Downloads a token-protected file (CSV export) under `filename`; returns the response (for its headers).
export async function download(path, filename) {
  const response = await request(path, { raw: true });
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return response;
}

/// The live feed. EventSource cannot send an Authorization header, so this reads the server-sent events from a
/// streamed fetch, keeps the last event id and reconnects with Last-Event-ID (the server resends what was missed).
export class EventFeed {
  constructor({ onEvent, onState }) {
    this.onEvent = onEvent;
    this.onState = onState;
    this.lastId = null;
    this.retry = 2000;
    this.stopped = false;
  }

  start() { this.stopped = false; this.loop(); }

  stop() {
    this.stopped = true;
    this.controller?.abort();
  }

  /// Ends the wait before the next attempt (the server answers again).
  kick() { this.wake?.(); }

  async loop() {
    let failures = 0;
    while (!this.stopped) {
      try {
        await this.connect();
        failures = 0;
      } catch (error) {
        if (this.stopped) return;
        if (error instanceof APIError && (error.status === 401 || error.status === 403)) { this.onState("none"); return; }
        failures += 1;
      }
      if (this.stopped) return;
      this.onState("down");
      // Back off, but never past 10 s, and not at all once /health answers again (kick).
      await new Promise((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, Math.min(this.retry * 2 ** Math.min(failures, 3), 10000));
      });
    }
  }

  async connect() {
    this.controller = new AbortController();
    const headers = { Accept: "text/event-stream" };
    if (this.lastId !== null) headers["Last-Event-ID"] = this.lastId;
    const response = await request("/api/events", { raw: true, headers, signal: this.controller.signal });
    this.onState("live");
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    // The server sends a keep-alive every 15 s: a stream silent for 40 s is dead (a cable pulled, a host gone).
    let watchdog;
    const arm = () => { clearTimeout(watchdog); watchdog = setTimeout(() => this.controller.abort(), 40000); };
    let buffer = "";
    for (;;) {
      arm();
      const { value, done } = await reader.read().finally(() => clearTimeout(watchdog));
      if (done) return;
      buffer += value.replace(/\r\n?/g, "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        this.dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  }

  dispatch(block) {
    let type = "message", data = [], id = null;
    for (const line of block.split("\n")) {
      if (line === "" || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") type = value;
      else if (field === "data") data.push(value);
      else if (field === "id") id = value;
      else if (field === "retry" && /^\d+$/.test(value)) this.retry = Number(value);
    }
    if (id !== null) this.lastId = id;
    if (data.length === 0) return;
    try { this.onEvent(type, JSON.parse(data.join("\n"))); } catch { /* a malformed event is skipped */ }
  }
}
