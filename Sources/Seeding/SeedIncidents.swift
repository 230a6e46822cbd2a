import Incidents
import Severities

/// The incidents of a seed, one per hit in the timeline, with their dispatch histories; and every order
/// transition of all of them in time order, to be written as time reaches them.
struct SeedIncidents {
    struct Planned {
        let subject: String
        let watchlist: String
        let reason: String
        let severity: Severity
        let status: Incident.Status
        let orders: [SeedDispatch.Order]
    }

    /// In the order of the timeline's hits.
    private(set) var planned: [Planned] = []
    private(set) var transitions: [SeedDispatch.Transition] = []

    init(timeline: SeedTimeline, city: SeedCity, end: Int64, random: inout SplitMix64) {
        let forces = SeedForces(random: &random)
        var keyed: [(transition: SeedDispatch.Transition, sequence: Int)] = []
        for pass in timeline.passes where pass.hit {
            let place = city.places[Int(pass.camera)]
            let (subject, entry) = pass.kind == .plate
                ? (timeline.plates[Int(pass.subject)], SeedWatchlists.plateEntry(Int(pass.subject)))
                : (SeedWatchlists.identities[Int(pass.subject)].name, SeedWatchlists.identities[Int(pass.subject)].entry)
            // Plates are dispatched at any severity; people only at high and critical (the example rules).
            let rule = pass.kind == .plate ? SeedDispatch.plates
                : entry.severity >= .high ? SeedDispatch.people : nil
            guard let rule else {
                let status: Incident.Status = [.open, .acknowledged, .resolved][random.weighted([0.3, 0.2, 0.5])]
                planned.append(Planned(subject: subject, watchlist: entry.list, reason: entry.reason, severity: entry.severity,
                                       status: end - pass.last < 600_000 ? .open : status, orders: []))
                continue
            }
            let dispatch = SeedDispatch(rule: rule, forces: forces, place: place, at: pass.last, end: end, random: &random)
            planned.append(Planned(subject: subject, watchlist: entry.list, reason: entry.reason, severity: entry.severity,
                                   status: dispatch.status, orders: dispatch.orders))
            let base = keyed.count
            keyed += dispatch.transitions.enumerated().map { ($1, base + $0) }
        }
        keyed.sort { ($0.transition.at, $0.sequence) < ($1.transition.at, $1.sequence) }
        transitions = keyed.map(\.transition)
    }
}
