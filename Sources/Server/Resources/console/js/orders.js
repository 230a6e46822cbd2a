// Order actions (acknowledge, on scene, resolve) as real buttons, for the roles the API lets act on an order.
import { post } from "./api.js";
import { message, t } from "./i18n.js";
import { el, toast } from "./ui.js";

const actions = [
  { key: "ack", path: "ack", from: ["pending", "notified", "escalated"] },
  { key: "onScene", path: "on-scene", from: ["acknowledged"] },
  { key: "resolve", path: "resolve", from: ["acknowledged", "on_scene"] },
];

/// Mirrors `Caller.mayAct(onOrderOf:)`: admins and dispatchers act on any order, patrol and community on their own.
export function mayAct(me, order) {
  if (!me.capabilities.includes("orders")) return false;
  if (me.role === "admin" || me.role === "dispatcher") return true;
  return (me.role === "patrol" || me.role === "community") && order.force_id === me.force;
}

export const awaitingAck = (order) => actions[0].from.includes(order.state);

/// The buttons an order's state allows; `done` runs after a change (to redraw).
export function orderButtons(me, order, done, { only } = {}) {
  if (!mayAct(me, order)) return [];
  return actions.filter((action) => action.from.includes(order.state) && (!only || only === action.key)).map((action) =>
    el("button", {
      type: "button", class: action.key === "ack" ? "primary" : null, "data-action": action.key, "data-order": order.id,
      onclick: async (event) => {
        event.stopPropagation();
        event.currentTarget.disabled = true;
        try {
          // Resolving takes the note typed beside the button (what happened), if any.
          const note = action.key === "resolve" ? document.getElementById(`note-${order.id}`)?.value.trim() : "";
          await post(`/api/orders/${encodeURIComponent(order.id)}/${action.path}`, note ? { note } : undefined);
          toast(`${t(action.key)} · ${t("done")}`);
        } catch (error) {
          toast(t("failed") + message(error));
        }
        done();
      },
    }, label(me, order, action)));
}

/// A unit acts on its own order; a duty officer who presses the button acts in the unit's name (a radio call),
/// and the button says so, so it is never taken for "I have seen this alert".
function label(me, order, action) {
  const unit = order.force_name ?? order.force_id;
  return me.force === order.force_id ? t(action.key) : `${t(`${action.key}For`)} ${unit}`;
}
