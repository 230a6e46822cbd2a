// Every camera's state and counters, refreshed every 3 seconds while the page is open.
import { get } from "../api.js";
import { t } from "../i18n.js";
import { el, failure, when } from "../ui.js";
import { exportForm, livePlayer } from "../video.js";

let timer = null;
let player = null;

export function show(main, { may }) {
  const body = el("tbody", { id: "camera-rows" });
  const message = el("div");
  const stamp = el("span", { class: "muted", id: "cameras-updated" });
  const live = el("div", { id: "live-holder" });
  body.addEventListener("click", (event) => {
    const camera = event.target.closest("button[data-live]")?.dataset.live;
    if (!camera) return;
    player?.close();
    player = livePlayer(camera);
    live.replaceChildren(player.element);
  });
  const exporter = may("history") ? exportForm() : null;
  main.append(el("h1", {}, t("cameras"), " ", el("span", { class: "muted" }, `(${t("refreshed")})`)), el("table", {},
    el("thead", {}, el("tr", {},
      ["camera", "name", "state"].map((key) => el("th", {}, t(key))),
      ["input", "analysed", "decoded", "dropped", "reconnects", "sightingCount"].map((key) => el("th", { class: "num" }, t(key))),
      ["lastFrame", "lastError", "liveView"].map((key) => el("th", {}, t(key))))), body), ...[stamp, message, exporter?.element, live].filter(Boolean));
  const load = async () => {
    try {
      const cameras = await get("/api/cameras");
      body.replaceChildren(...cameras.map(row));
      exporter?.setCameras(cameras.map((camera) => camera.id));
      stamp.textContent = when(new Date().toISOString());
      message.replaceChildren();
    } catch (error) {
      message.replaceChildren(failure(error));
    }
  };
  load();
  timer = setInterval(load, 3000);
}

export function leave() {
  clearInterval(timer);
  timer = null;
  player?.close();
  player = null;
}

const number = (value, digits = 0) => (value == null ? "" : Number(value).toFixed(digits));

function row(camera) {
  const healthy = ["live", "connecting", "finished", "disabled"].includes(camera.state);
  return el("tr", { "data-camera": camera.id },
    el("td", {}, camera.id), el("td", {}, camera.name ?? ""),
    el("td", {}, el("span", { class: `state ${healthy ? "" : "sev sev-high"}` }, t(`cam_${camera.state}`))),
    el("td", { class: "num" }, number(camera.input_fps, 1)), el("td", { class: "num" }, number(camera.analysed_fps, 1)),
    el("td", { class: "num" }, number(camera.frames_decoded)), el("td", { class: "num" }, number(camera.frames_dropped)),
    el("td", { class: "num" }, number(camera.reconnects)), el("td", { class: "num" }, number(camera.sightings)),
    el("td", {}, when(camera.last_frame_at)),
    el("td", {}, camera.last_error ?? ""),
    el("td", {}, el("button", { type: "button", "data-live": camera.id }, t("watchLive"))));
}
