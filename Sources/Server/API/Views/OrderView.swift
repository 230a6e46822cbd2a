import Dispatching
import Foundation
import Incidents

/// A dispatch order with every change of its state, as `audience` may see it (`Audience.rule`, `Audience.note`).
struct OrderView: Codable, Sendable {
    struct Transition: Codable, Sendable {
        var from: String?
        var to: String
        var at: Date
        var actor: String
        var note: String?
    }

    var id: String
    var incidentId: Int64
    var forceId: String
    var forceType: String
    /// Police only: a rule is named after the list it serves.
    var rule: String?
    var tier: Int
    var state: String
    var distanceMeters: Double?
    var deadline: Date
    var createdAt: Date
    var updatedAt: Date
    var transitions: [Transition]

    init(_ record: OrderRecord, for audience: Audience) {
        let order = record.order
        id = order.id
        incidentId = order.incidentId
        forceId = order.forceId
        forceType = order.forceType.rawValue
        rule = audience.rule(order.rule)
        tier = order.tier
        state = order.state.rawValue
        distanceMeters = order.distanceMeters
        deadline = order.deadline
        createdAt = order.createdAt
        updatedAt = order.updatedAt
        transitions = record.transitions.map {
            Transition(from: $0.fromState?.rawValue, to: $0.toState.rawValue, at: $0.at, actor: $0.actor, note: audience.note($0.note))
        }
    }
}

/// One page of a list, and the cursor of the next page (absent on the last).
struct PageView<Item: Codable & Sendable>: Codable, Sendable {
    var items: [Item]
    var nextCursor: String?
    /// How many rows the whole query matches, when the request asked (`total=true`).
    var total: Int?
}
