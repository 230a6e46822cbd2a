// Video in the console: a camera's live view (fragmented MP4 over a WebSocket into Media Source Extensions) and an
// incident's clip with its hit moment marked. Both need the token: the WebSocket carries it as a subprotocol
// (browsers cannot set headers on one), the clip is fetched with it as a blob.
import { download, post, request, token } from "./api.js";
import { message, t } from "./i18n.js";
import { el, when } from "./ui.js";

/// Seconds behind the newest frame before the player jumps to it (MSE drifts behind without such a rule).
const maxLag = 1;
/// Seconds of played video kept in the buffer.
const keep = 10;

/// A live player for `camera`; `close()` ends it. It reconnects after a lost connection, not after a refusal.
/// `id` names its video element (null for none: a wall has several), `title` is shown above it.
export function livePlayer(camera, { id = "live-video", title = camera } = {}) {
  const video = el("video", { class: "live", autoplay: true, playsinline: true });
  if (id) video.id = id;
  video.muted = true;
  const note = el("p", { class: "muted live-note", role: "status" });
  if (id) note.id = "live-note";
  const holder = el("div", { class: "live-view", "data-camera": camera }, el("h2", {}, `${t("liveView")} · ${title}`), video, note);
  // closed: no reconnecting (the page left, or the stills took over); stopped: the page left.
  const state = { socket: null, closed: false, stopped: false, buffer: null, queue: [] };
  const connect = () => {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}/api/cameras/${encodeURIComponent(camera)}/live`,
      ["sharpeyes", `bearer.${token()}`]);
    socket.binaryType = "arraybuffer";
    socket.onmessage = (event) => (typeof event.data === "string" ? start(event.data) : append(event.data));
    socket.onclose = (event) => {
      if (state.closed) return;
      note.textContent = event.reason || t("liveEnded");
      // 1003: a codec the view cannot send (neither H.264 nor H.265): the camera's picture each second instead, said so.
      if (event.code === 1003) { stills(); return; }
      // 4xxx: refused (token, role, camera). Anything else: try again.
      if (event.code < 4000) setTimeout(() => state.closed || connect(), 2000);
    };
    state.socket = socket;
  };
  const start = (mime) => {
    // H.265 comes where the camera sends it: a browser that cannot play it shows the picture each second instead.
    if (!window.MediaSource || !MediaSource.isTypeSupported(mime)) {
      state.closed = true;
      state.socket.close();
      stills(`${t("liveUnsupported")} (${mime})`);
      return;
    }
    const source = new MediaSource();
    Object.assign(state, { buffer: null, queue: [] });
    video.src = URL.createObjectURL(source);
    source.addEventListener("sourceopen", () => {
      state.buffer = source.addSourceBuffer(mime);
      state.buffer.addEventListener("updateend", () => { followEdge(video, state.buffer); pump(); });
      pump();
    }, { once: true });
    note.textContent = "";
  };
  const append = (data) => { state.queue.push(new Uint8Array(data)); pump(); };
  const pump = () => {
    const { buffer, queue } = state;
    if (!buffer || buffer.updating || !queue.length) return;
    const played = buffer.buffered.length ? video.currentTime - buffer.buffered.start(0) : 0;
    if (played > 2 * keep) { buffer.remove(0, video.currentTime - keep); return; }
    // Everything that arrived since the last append, in one append (one fragment per frame otherwise).
    const bytes = new Uint8Array(queue.reduce((sum, part) => sum + part.length, 0));
    queue.reduce((offset, part) => { bytes.set(part, offset); return offset + part.length; }, 0);
    state.queue = [];
    try { buffer.appendBuffer(bytes); } catch (error) { note.textContent = String(error); }
  };
  /// The camera's picture of the moment (`picture.jpg`), fetched with the token each second into an image.
  const stills = (why = t("liveStills")) => {
    const picture = el("img", { class: "live still", alt: `${t("liveView")} · ${title}` });
    if (id) picture.id = id;
    video.replaceWith(picture);
    note.textContent = why;
    const refresh = async () => {
      if (state.stopped) return;
      try {
        const response = await request(`/api/cameras/${encodeURIComponent(camera)}/picture.jpg`, { raw: true });
        const previous = picture.src;
        picture.src = URL.createObjectURL(await response.blob());
        if (previous.startsWith("blob:")) URL.revokeObjectURL(previous);
        picture.dataset.frames = String(Number(picture.dataset.frames || 0) + 1);
      } catch { /* the next second tries again */ }
      state.timer = setTimeout(refresh, 1000);
    };
    refresh();
  };
  connect();
  return { element: holder, close() { state.closed = state.stopped = true; clearTimeout(state.timer); state.socket?.close(); } };
}

/// Keeps the player within `maxLag` of the newest frame it has, and inside what is buffered.
function followEdge(video, buffer) {
  if (!buffer.buffered.length) return;
  const last = buffer.buffered.length - 1;
  const [from, end] = [buffer.buffered.start(last), buffer.buffered.end(last)];
  if (video.currentTime < from || end - video.currentTime > maxLag) video.currentTime = Math.max(from, end - 0.2);
  if (video.paused) video.play().catch(() => {});
}

/// An incident's clip, played from a footage link (`POST /api/media-links`: the token cannot ride on a video
/// element's own requests), so the browser streams it and seeks with Range requests instead of fetching it whole;
/// the hit moment is marked on a bar under it, with a button to it.
export function clipPlayer(url, hitOffset) {
  const video = el("video", { id: "clip-video", controls: true, preload: "auto", playsinline: true });
  video.muted = true;
  const mark = el("span", { class: "clip-hit", id: "clip-hit", title: t("hitMoment") });
  const toHit = el("button", { type: "button", id: "clip-to-hit" }, t("hitMoment"));
  toHit.addEventListener("click", () => { video.currentTime = Math.max(0, hitOffset - 1); video.play().catch(() => {}); });
  video.addEventListener("loadedmetadata", () => {
    if (video.duration > 0) mark.style.left = `${Math.min(100, (100 * hitOffset) / video.duration)}%`;
  });
  post("/api/media-links", { path: url }).then((link) => { video.src = link.url; })
    .catch(() => video.replaceWith(el("p", { class: "muted" }, t("noImage"))));
  // A link lasts 5 minutes: a page left open asks for a new one when the element fails on an expired one.
  video.addEventListener("error", () => {
    if (video.dataset.renewed) return;
    video.dataset.renewed = "1";
    const at = video.currentTime;
    post("/api/media-links", { path: url }).then((link) => { video.src = link.url; video.currentTime = at; }).catch(() => {});
  });
  return el("div", { class: "clip", "data-hit-offset": hitOffset ?? "" }, el("h2", {}, t("clip")), video,
    el("div", { class: "clip-bar" }, mark), toHit);
}

/// The recording export form (investigators, admins): a camera, a time range (the last 10 minutes to start with) and
/// a download of GET /api/cameras/{id}/recording.mp4, the same join as `sharpeyes export`; a refusal (no footage,
/// over 2 hours) is shown in words. `setCameras` fills the camera choice, keeping the one chosen.
export function exportForm() {
  const camera = el("select", { id: "export-camera", "aria-label": t("camera") });
  const local = (date) => new Date(date.getTime() - date.getTimezoneOffset() * 60000).toISOString().slice(0, 19);
  const now = new Date();
  const from = el("input", { type: "datetime-local", id: "export-from", step: 1, value: local(new Date(now - 600000)), "aria-label": t("from") });
  const to = el("input", { type: "datetime-local", id: "export-to", step: 1, value: local(now), "aria-label": t("to") });
  const note = el("span", { class: "muted", id: "export-note", role: "status" });
  const form = el("form", { id: "export-form", class: "row filters" }, el("strong", {}, t("exportRecording")), camera,
    el("label", {}, t("from"), from), el("label", {}, t("to"), to), el("button", { type: "submit" }, t("exportVideo")), note);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const [start, end] = [new Date(from.value), new Date(to.value)];
    const query = new URLSearchParams({ from: start.toISOString(), to: end.toISOString() });
    note.textContent = t("exporting");
    try {
      const response = await download(`/api/cameras/${encodeURIComponent(camera.value)}/recording.mp4?${query}`,
        `${camera.value}-${from.value}.mp4`);
      // What the range lacks (X-Recording-Gaps: start/end, …), in the reader's times.
      const gaps = (response.headers.get("x-recording-gaps") ?? "").split(",").filter(Boolean)
        .map((gap) => gap.trim().split("/").map((time) => when(time)).join(" – "));
      note.textContent = gaps.length ? `${t("exported")} · ${t("notRecorded")}: ${gaps.join("; ")}` : t("exported");
    } catch (error) {
      note.textContent = message(error);
    }
  });
  const setCameras = (ids) => {
    if (ids.join() === [...camera.options].map((option) => option.value).join()) return;
    const chosen = camera.value;
    camera.replaceChildren(...ids.map((id) => el("option", { value: id }, id)));
    if (ids.includes(chosen)) camera.value = chosen;
  };
  return { element: form, setCameras };
}
