// The console's shell: sign-in, the page bar, the live feed that runs on every page, and the hash router.
import { APIError, EventFeed, clearToken, exchangeCode, get, setToken, token, whenUnauthorized } from "./api.js";
import { applyStatic, message, switchLanguage, t } from "./i18n.js";
import { alerts } from "./alerts.js";
import { draw as drawAttention, resetAttention, seen, startAttention } from "./attention.js";
import { connection } from "./connection.js";
import { el } from "./ui.js";
import * as live from "./pages/live.js";
import * as history from "./pages/history.js";
import * as incident from "./pages/incident.js";
import * as trajectory from "./pages/trajectory.js";
import * as cameras from "./pages/cameras.js";
import * as wall from "./pages/wall.js";
import * as watchlists from "./pages/watchlists.js";
import * as pair from "./pages/pair.js";
import * as map from "./pages/map.js";
import * as community from "./pages/community.js";

// Each page with the capability it needs (GET /api/me lists the caller's); pages a role may not use are not shown.
const pages = [
  { name: "live", module: live, needs: "events", nav: true },
  { name: "map", module: map, needs: "incidents", nav: true },
  { name: "history", module: history, needs: "incidents", nav: true },
  { name: "trajectory", module: trajectory, needs: "trajectories", nav: true },
  { name: "cameras", module: cameras, needs: "operations", nav: true },
  { name: "wall", module: wall, needs: "live_view", nav: true },
  { name: "watchlists", module: watchlists, needs: "read_watchlists", nav: true },
  { name: "pair", module: pair, needs: "pair_devices", nav: true },
  { name: "community", module: community, needs: "communities", nav: true },
  { name: "incident", module: incident, needs: "incidents", nav: false },
];

const session = { me: null, feed: null, page: null };
const $ = (id) => document.getElementById(id);

function may(capability) { return session.me?.capabilities.includes(capability) ?? false; }

function showSignIn(message = "") {
  session.feed?.stop();
  session.feed = null;
  session.me = null;
  session.page?.module.leave?.();
  session.page = null;
  alerts.reset();
  $("bar").hidden = true;
  resetAttention();
  $("main").replaceChildren();
  $("signin").hidden = false;
  $("signin-error").textContent = message;
  $("pair-error").textContent = "";
  $("token").value = "";
  $("pair-code").value = "";
  $("pair-code").focus();
}

async function signIn() {
  try {
    session.me = await get("/api/me");
  } catch (error) {
    // Unreachable: the token is kept, and sign-in is tried again when the server answers.
    if (error instanceof APIError) clearToken();
    showSignIn(error instanceof APIError ? t("badToken") : t("unreachable"));
    return;
  }
  $("signin").hidden = true;
  $("bar").hidden = false;
  drawBar();
  if (may("events")) {
    session.feed = new EventFeed({
      onEvent: (type, data) => alerts.receive(type, data),
      onState: (state) => {
        if (state === "down") connection.lost(); else if (state === "live") connection.answered();
        $("feed-state").className = `feed-state ${state}`;
        $("feed-state").dataset.state = state;
        $("feed-state").textContent = t(state === "live" ? "feedLive" : state === "down" ? "feedDown" : "feedNone");
      },
    });
    session.feed.start();
  }
  route();
}

function drawBar() {
  applyStatic();
  const current = session.page?.name;
  $("nav").replaceChildren(...pages.filter((page) => page.nav && may(page.needs)).map((page) =>
    el("a", { href: `#/${page.name}`, "aria-current": page.name === current ? "page" : null, "data-page": page.name }, t(page.name))));
  const me = session.me;
  $("who").textContent = me ? `${me.name} · ${t(`role_${me.role}`)}${me.grid ? ` · ${t("grid")} ${me.grid}` : ""}` : "";
  $("lang").textContent = t("language");
  $("signin-lang").textContent = t("language");
  $("sound").textContent = alerts.sound ? t("soundOn") : t("soundOff");
  $("sound").setAttribute("aria-pressed", String(alerts.sound));
  $("sound").hidden = !may("events");
  const state = $("feed-state").dataset.state;
  if (state) $("feed-state").textContent = t(state === "live" ? "feedLive" : state === "down" ? "feedDown" : "feedNone");
  drawAttention();
}

/// The server answers again: the feed reconnects now, and the page on screen reads its data again (or is drawn
/// again where it could not load), without a reload.
function recovered() {
  session.feed?.kick();
  if (!session.me) { if (token()) signIn(); return; }
  const module = session.page?.module;
  if (module?.resume) module.resume();
  else if ($("main").querySelector("[data-unreachable]")) route();
}

/// `#/name/rest?query`: the page, its path argument (an incident id) and its query (filters).
function route() {
  if (!session.me) return;
  const [path, query = ""] = location.hash.replace(/^#\/?/, "").split("?");
  const [name, ...rest] = path.split("/");
  const allowed = pages.filter((page) => may(page.needs));
  const page = allowed.find((candidate) => candidate.name === name) ?? allowed.find((candidate) => candidate.nav);
  session.page?.module.leave?.();
  session.page = page;
  if (page?.name === "live") seen();
  drawBar();
  const main = $("main");
  main.replaceChildren();
  if (!page) { main.append(el("p", { class: "error" }, t("forbidden"))); return; }
  page.module.show(main, { arg: decodeURIComponent(rest.join("/")), query: new URLSearchParams(query), me: session.me, may });
}

function start() {
  applyStatic();
  whenUnauthorized(() => { clearToken(); showSignIn(t("badToken")); });
  $("signin-form").addEventListener("submit", (event) => {
    event.preventDefault();
    setToken($("token").value.trim());
    signIn();
  });
  $("pair-signin").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      setToken((await exchangeCode($("pair-code").value)).token);
      signIn();
    } catch (error) {
      $("pair-error").textContent = message(error);
    }
  });
  $("signout").addEventListener("click", () => { clearToken(); showSignIn(); });
  const language = () => { switchLanguage(); drawBar(); if (session.me) route(); };
  $("lang").addEventListener("click", language);
  $("signin-lang").addEventListener("click", () => { switchLanguage(); $("signin-lang").textContent = t("language"); });
  $("sound").addEventListener("click", () => { alerts.toggleSound(); drawBar(); });
  window.addEventListener("hashchange", route);
  alerts.onChange = (type, data) => session.page?.module.changed?.(type, data);
  startAttention(() => session.page?.name === "live");
  connection.onChange((down) => { if (!down) recovered(); });
  if (token()) signIn(); else showSignIn();
}

start();
