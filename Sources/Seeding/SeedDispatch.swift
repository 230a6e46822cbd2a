import Incidents

/// The dispatch history of one seeded incident, as the dispatcher, delivery and escalation would have written it:
/// orders to the units the example rules pick, `pending` → `notified` a moment later, then either a patrol car
/// acknowledges (the other patrol car expires at the deadline, other force types escalate on theirs) and perhaps arrives
/// and resolves, or nobody does and every tier
/// escalates in turn. What would happen after the end of the timeline is left out, as it has not happened yet.
struct SeedDispatch {
    struct Order {
        let id: String
        let forceId: String
        let forceType: String
        let rule: String
        let tier: Int
        var state: String
        let distanceMeters: Double?
        let deadline: Int64
        let createdAt: Int64
        var updatedAt: Int64
    }

    struct Transition {
        let at: Int64
        let orderId: String
        let from: String?
        let to: String
        let actor: String
        let note: String?
    }

    struct Rule {
        let name: String
        let timeout: Int64
        let tiers: [[(type: String, units: Int)]]
    }

    /// The rules of `Examples/sharpeyes.yaml`: hotlist plates at any severity, wanted people at high and critical.
    static let plates = Rule(name: "hotlist plates", timeout: 120_000,
                             tiers: [[("patrol", 2), ("grid_worker", 1), ("volunteer", 1)], [("police_post", 1)], [("command_centre", 1)]])
    static let people = Rule(name: "wanted people", timeout: 90_000,
                             tiers: [[("patrol", 2), ("police_post", 1), ("grid_worker", 1)], [("command_centre", 1)]])

    private(set) var orders: [Order] = []
    private(set) var transitions: [Transition] = []
    private let rule: Rule
    private let forces: SeedForces
    private let place: SeedCity.Place
    private var sent: Set<String> = []

    /// Plans and plays out the incident's dispatch, then drops what falls after `end`.
    init(rule: Rule, forces: SeedForces, place: SeedCity.Place, at start: Int64, end: Int64, random: inout SplitMix64) {
        self.rule = rule
        self.forces = forces
        self.place = place
        let old = end - start > 6 * 3_600_000
        switch random.weighted(old ? [0.65, 0.15, 0.2] : [0.35, 0.3, 0.35]) {
        case 0: taken(at: start, arrives: true, resolves: true, &random)
        case 1: taken(at: start, arrives: random.chance(0.5), resolves: false, &random)
        default: unanswered(at: start, &random)
        }
        cut(at: end)
    }

    /// What the incident's status is after its orders: resolved when one was, acknowledged when one was taken.
    var status: Incident.Status {
        transitions.contains { $0.to == "resolved" } ? .resolved
            : transitions.contains { $0.to == "acknowledged" } ? .acknowledged : .open
    }

    private mutating func taken(at start: Int64, arrives: Bool, resolves: Bool, _ random: inout SplitMix64) {
        let first = send(tier: 0, at: start, &random)
        guard let taker = first.first(where: { orders[$0].forceType == "patrol" }) ?? first.first else { return }
        var time = start + Int64(random.within(15_000...Int(rule.timeout) - 5_000))
        move(taker, to: "acknowledged", at: time, actor: orders[taker].forceId)
        // As escalation judges them: an order of the taker's type is taken by another unit; other types are duties
        // of their own, escalated when nobody answered them (the incident is in hand: no next tier is paged).
        for other in first where other != taker {
            let sameType = orders[other].forceType == orders[taker].forceType
            move(other, to: sameType ? "expired" : "escalated", at: orders[other].deadline + Int64(random.within(0...1_500)),
                 actor: "escalation", note: sameType ? "taken by another unit" : "no acknowledgement within the deadline")
        }
        guard arrives || resolves else { return }
        time += Int64(random.within(180_000...1_200_000))
        move(taker, to: "on_scene", at: time, actor: orders[taker].forceId)
        guard resolves else { return }
        time += Int64(random.within(300_000...3_600_000))
        let notes = rule.name == Self.plates.name ? Self.plateOutcomes : Self.personOutcomes
        move(taker, to: "resolved", at: time, actor: orders[taker].forceId, note: notes[random.below(notes.count)])
    }

    private mutating func unanswered(at start: Int64, _ random: inout SplitMix64) {
        var current = send(tier: 0, at: start, &random), tier = 0
        while let deadline = current.map({ orders[$0].deadline }).max() {
            let time = deadline + Int64(random.within(0...1_500))
            for index in current {
                move(index, to: "escalated", at: time, actor: "escalation", note: "no acknowledgement within the deadline")
            }
            tier += 1
            guard tier < rule.tiers.count else { return }
            current = send(tier: tier, at: time, &random)
        }
    }

    /// Creates the tier's orders (pending) and has delivery notify each within a few seconds.
    private mutating func send(tier: Int, at time: Int64, _ random: inout SplitMix64) -> [Int] {
        var created: [Int] = []
        for (unit, distance) in rule.tiers[tier].flatMap(assign) {
            sent.insert(unit.id)
            orders.append(Order(id: random.uuid(), forceId: unit.id, forceType: unit.type, rule: rule.name, tier: tier,
                                state: "pending", distanceMeters: distance, deadline: time + rule.timeout, createdAt: time,
                                updatedAt: time))
            let index = orders.count - 1
            transitions.append(Transition(at: time, orderId: orders[index].id, from: nil, to: "pending", actor: "dispatcher",
                                          note: "rule '\(rule.name)' tier \(tier)" + (distance.map { ", \(Int($0.rounded())) m away" } ?? "")))
            move(index, to: "notified", at: time + Int64(random.within(300...2_500)), actor: "delivery", note: unit.webhook)
            created.append(index)
        }
        return created
    }

    private func assign(_ selection: (type: String, units: Int)) -> [(SeedForces.Unit, Double?)] {
        let here = (place.latitude, place.longitude)
        switch selection.type {
        case "patrol": return forces.nearest(selection.units, of: forces.patrols, to: here, excluding: sent)
        case "police_post": return forces.nearest(selection.units, of: forces.posts, to: here, excluding: sent)
        case "command_centre": return sent.contains(forces.centre.id) ? [] : [(forces.centre, nil)]
        default: return forces.community(of: place.grid, type: selection.type).filter { !sent.contains($0.0.id) }
        }
    }

    private mutating func move(_ index: Int, to state: String, at time: Int64, actor: String, note: String? = nil) {
        transitions.append(Transition(at: time, orderId: orders[index].id, from: orders[index].state, to: state, actor: actor, note: note))
        orders[index].state = state
        orders[index].updatedAt = time
    }

    /// Keeps what happened by `end`: orders created by then, in the state of their last transition by then.
    private mutating func cut(at end: Int64) {
        transitions.removeAll { $0.at > end }
        orders.removeAll { $0.createdAt > end }
        for index in orders.indices {
            guard let last = transitions.last(where: { $0.orderId == orders[index].id }) else { continue }
            orders[index].state = last.to
            orders[index].updatedAt = last.at
        }
    }

    private static let plateOutcomes = [
        "vehicle stopped and checked", "driver questioned and released", "vehicle impounded", "plate misread: not the listed car",
        "owner notified", "handed over to traffic police",
    ]
    private static let personOutcomes = [
        "person located and identified", "not the listed person", "handed over to the investigating unit", "family informed",
    ]
}
