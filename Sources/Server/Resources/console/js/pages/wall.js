// The camera wall: 1, 4 or 9 live views at once, each with its camera's state (refreshed every 3 seconds). Each tile
// is a live player of its own, which reconnects by itself after a lost connection; the cameras are those the caller
// may watch, in the order GET /api/cameras lists them.
import { get } from "../api.js";
import { t } from "../i18n.js";
import { el, failure } from "../ui.js";
import { livePlayer } from "../video.js";

const layouts = [1, 4, 9];
let timer = null;
let players = [];
let tiles = 1;

export function show(main) {
  const grid = el("div", { id: "wall", class: "wall" });
  const message = el("div");
  const choices = el("div", { class: "row wall-layouts", role: "group", "aria-label": t("wallLayout") },
    t("wallLayout"), ...layouts.map((count) => el("button", { type: "button", "data-tiles": count }, String(count))));
  choices.addEventListener("click", (event) => {
    const count = Number(event.target.closest("button[data-tiles]")?.dataset.tiles);
    if (!count || count === tiles) return;
    tiles = count;
    draw(grid, cameras, message);
  });
  main.append(el("h1", {}, t("wall"), " ", el("span", { class: "muted" }, `(${t("refreshed")})`)), choices, message, grid);
  let cameras = null;
  const load = async () => {
    try {
      const listed = await get("/api/cameras");
      const changed = !cameras || listed.map((c) => c.id).join() !== cameras.map((c) => c.id).join();
      cameras = listed;
      message.replaceChildren();
      if (changed) draw(grid, cameras, message);
      else states(grid, cameras);
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
  stop();
}

function stop() {
  for (const player of players) player.close();
  players = [];
}

function draw(grid, cameras, message) {
  stop();
  grid.style.setProperty("--columns", Math.sqrt(tiles));
  for (const button of document.querySelectorAll(".wall-layouts button")) button.setAttribute("aria-pressed", String(Number(button.dataset.tiles) === tiles));
  if (!cameras?.length) {
    grid.replaceChildren();
    message.replaceChildren(el("p", { class: "muted" }, t("wallEmpty")));
    return;
  }
  players = cameras.slice(0, tiles).map((camera) => livePlayer(camera.id, { id: null, title: camera.name ?? camera.id }));
  grid.replaceChildren(...players.map((player, index) => el("div", { class: "tile", "data-camera": cameras[index].id },
    player.element, el("span", { class: "tile-state" }))));
  states(grid, cameras);
}

function states(grid, cameras) {
  for (const tile of grid.querySelectorAll(".tile")) {
    const camera = cameras.find((c) => c.id === tile.dataset.camera);
    const label = tile.querySelector(".tile-state");
    label.textContent = camera ? t(`cam_${camera.state}`) : "";
    label.dataset.state = camera?.state ?? "";
  }
}
