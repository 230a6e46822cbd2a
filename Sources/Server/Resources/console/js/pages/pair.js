// Pair a phone: the duty officer makes an 8-digit code for a unit (POST /api/pairings); the officer enters it on the
// phone's sign-in page within 5 minutes and is signed in, without typing a token.
import { post } from "../api.js";
import { t } from "../i18n.js";
import { el, failure, when } from "../ui.js";

let timer = null;

export function show(main, { me }) {
  const roles = me.role === "admin" ? ["patrol", "community", "dispatcher", "investigator", "admin"] : ["patrol", "community"];
  const result = el("div", { id: "pair-result" });
  const form = el("form", { class: "card pair-form", id: "pair-form" },
    field("role", el("select", { name: "role", id: "p-role" }, roles.map((role) => el("option", { value: role }, t(`role_${role}`))))),
    field("holder", el("input", { name: "name", id: "p-name", required: true, maxlength: 128, autocomplete: "off" })),
    field("force", el("input", { name: "force", id: "p-force", maxlength: 128, autocomplete: "off", placeholder: "patrol-9" })),
    field("grid", el("input", { name: "grid", id: "p-grid", maxlength: 128, autocomplete: "off" })),
    el("div", { class: "row" }, el("button", { type: "submit", class: "primary" }, t("makeCode"))));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = Object.fromEntries([...new FormData(form)].filter(([, value]) => value.trim() !== "").map(([k, v]) => [k, v.trim()]));
    try {
      shown(result, await post("/api/pairings", body));
    } catch (error) {
      result.replaceChildren(failure(error));
    }
  });
  main.append(el("h1", {}, t("pair")), el("p", { class: "muted" }, t("pairHelp")), form, result);
}

export function leave() { clearInterval(timer); timer = null; }

function field(key, control) {
  return el("label", { for: control.id }, t(key), control);
}

/// The code in two groups of four, large, with the time it stops working and a countdown.
function shown(result, made) {
  const left = el("span", { id: "pair-left" });
  result.replaceChildren(el("div", { class: "card pair-code" },
    el("div", { class: "muted" }, `${made.name} · ${t(`role_${made.role}`)}`),
    el("div", { class: "code", id: "pair-code-shown", "data-code": made.code }, `${made.code.slice(0, 4)} ${made.code.slice(4)}`),
    el("div", {}, `${t("validUntil")} ${when(made.expires_at)} · `, left)));
  const expires = Date.parse(made.expires_at);
  const tick = () => {
    const seconds = Math.max(0, Math.round((expires - Date.now()) / 1000));
    left.textContent = seconds > 0 ? `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}` : t("expired");
  };
  clearInterval(timer);
  tick();
  timer = setInterval(tick, 1000);
}
