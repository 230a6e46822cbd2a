package import Foundation
import Logging
package import Incidents

/// An order the dispatcher planned, with its first transition and, when its force has a webhook, its message:
/// the rows either store inserts, in this order.
package struct PlannedOrder: Sendable {
    package var order: DispatchOrder
    package var transition: OrderTransition
    package var message: OutboxMessage?
}

/// A change of an order's state: the order after it and the transition that records it.
package struct OrderChange: Sendable {
    package var order: DispatchOrder
    package var transition: OrderTransition

    package init(order: DispatchOrder, transition: OrderTransition) {
        self.order = order
        self.transition = transition
    }
}

/// What escalation does to one overdue order.
package struct Escalation: Sendable {
    package var change: OrderChange
    /// The next tier of the order's rule is planned, excluding these forces, if the incident is still open; nil
    /// when it is not (the order expired as taken, or a higher tier already went out).
    package var nextTierExcluding: Set<String>?
}

/// The dispatcher's decisions, apart from the writes that carry them out: the SQLite store (GRDB, in the caller's
/// transaction) and the PostgreSQL store (PostgresNIO, rows taken `FOR UPDATE`) make the same ones.
extension Dispatcher {
    /// Whether `incident` has a rule with tier `tier` (planning it reads nothing otherwise).
    package func hasTier(_ tier: Int, for incident: Incident) -> Bool {
        guard let rule = rule(for: incident), incident.id != nil else { return false }
        return tier < rule.tiers.count
    }

    /// The orders of one tier for `incident` at `camera` (its position when the incident has none), with their
    /// transitions and messages; `sighting` gives the message its plate read and snapshot.
    package func plannedOrders(for incident: Incident, tier: Int, excluding: Set<String>, camera: Camera?,
                               sighting: Sighting?) throws -> [PlannedOrder] {
        guard let rule = rule(for: incident), tier < rule.tiers.count, let incidentId = incident.id else { return [] }
        let location = zipCoordinate(incident.latitude ?? camera?.latitude, incident.longitude ?? camera?.longitude)
        let assignments = router.assign(rule.tiers[tier], at: location, excluding: excluding)
        if assignments.isEmpty { logger.warning("no available unit for rule '\(rule.name)' tier \(tier)", metadata: ["incident.id": "\(incidentId)"]) }
        let now = clock.now()
        return try assignments.map { assignment in
            let order = DispatchOrder(
                id: try RandomID.uuid(), incidentId: incidentId, forceId: assignment.force.id,
                forceType: assignment.force.type, rule: rule.name, tier: tier, state: .pending,
                distanceMeters: assignment.distanceMeters, deadline: now.addingTimeInterval(rule.timeout),
                createdAt: now, updatedAt: now)
            let transition = transition(order.id, from: nil, to: .pending, actor: "dispatcher",
                                        note: "rule '\(rule.name)' tier \(tier)" + (assignment.distanceMeters.map { String(format: ", %.0f m away", $0) } ?? ""))
            guard let webhook = assignment.force.webhook else { return PlannedOrder(order: order, transition: transition) }
            let payload = makePayload(order: order, incident: incident, camera: camera, sighting: sighting,
                                      location: location, timeout: rule.timeout).redacted(for: assignment.force.type.audience)
            let body = try payload.encoded()
            let message = OutboxMessage(orderId: order.id, url: webhook.url, body: body,
                                        signature: Signer.signature(of: body, secret: webhook.secret), attempts: 0,
                                        nextAttemptAt: now, createdAt: now)
            return PlannedOrder(order: order, transition: transition, message: message)
        }
    }

    /// Where `action` moves an order, and from which states it may.
    package static func move(for action: OrderAction) -> (to: DispatchOrder.State, allowedFrom: Set<DispatchOrder.State>) {
        switch action {
        case .acknowledge: (.acknowledged, [.pending, .notified, .escalated])
        case .arrive: (.onScene, [.acknowledged])
        case .resolve: (.resolved, [.acknowledged, .onScene])
        }
    }

    /// `order` moved to `state`; throws when it may not make that change.
    package func change(_ order: DispatchOrder, to state: DispatchOrder.State, allowedFrom: Set<DispatchOrder.State>,
                        by actor: String, note: String?) throws(DispatchError) -> OrderChange {
        guard allowedFrom.contains(order.state) else {
            throw DispatchError.illegalTransition(order.id, from: order.state, to: state)
        }
        let transition = transition(order.id, from: order.state, to: state, actor: actor, note: note)
        var order = order
        order.state = state
        order.updatedAt = clock.now()
        return OrderChange(order: order, transition: transition)
    }

    /// Whether the acknowledgement of `order` acknowledges its incident (see `acknowledge(_:by:in:)`).
    package func acknowledgementCounts(_ order: DispatchOrder) -> Bool {
        DispatchConfig.Rule.countsAsResponse(order.forceType, in: config.rule(named: order.rule))
    }

    /// The incident's other orders still awaiting acknowledgement expire when `order` resolves it.
    package func expirations(resolving order: DispatchOrder, siblings: [DispatchOrder], by actor: String) -> [OrderChange] {
        siblings.filter { $0.id != order.id && $0.state.isAwaitingAcknowledgement }.map { other in
            let transition = transition(other.id, from: other.state, to: .expired, actor: actor, note: "resolved by order \(order.id)")
            var other = other
            other.state = .expired
            other.updatedAt = clock.now()
            return OrderChange(order: other, transition: transition)
        }
    }

    /// What escalation does to the overdue `order`, given every order of its incident (see `escalateOverdue(in:)`).
    package func escalation(of order: DispatchOrder, siblings: [DispatchOrder], at now: Date) -> Escalation {
        let taken = siblings.contains { $0.state.isTaken && $0.forceType == order.forceType && $0.tier == order.tier }
        let next = taken ? DispatchOrder.State.expired : .escalated
        let transition = transition(order.id, from: order.state, to: next, actor: "escalation",
                                    note: taken ? "taken by another unit" : "no acknowledgement within the deadline")
        var order = order
        order.state = next
        order.updatedAt = now
        // The next tier is for an incident nobody has answered for: once a unit whose response counts took it
        // (it reads acknowledged), a grid worker's silence is escalated on its own order, not paged upwards.
        let paged = taken || siblings.contains(where: { $0.tier > order.tier })
        return Escalation(change: OrderChange(order: order, transition: transition),
                          nextTierExcluding: paged ? nil : Set(siblings.map(\.forceId)))
    }

    /// The transition to `to`, dated now on the dispatcher's clock.
    func transition(_ orderId: String, from: DispatchOrder.State?, to: DispatchOrder.State, actor: String,
                    note: String?) -> OrderTransition {
        OrderTransition(orderId: orderId, fromState: from, toState: to, at: clock.now(), actor: actor, note: note)
    }
}
