import Incidents

/// Every sighting of a seed, planned in memory and sorted by time before anything is written, so rows go in in the
/// order a running service would have written them (ids rise with time, as the indexes on time expect).
struct SeedTimeline {
    /// One planned sighting.
    struct Pass {
        var first: Int64
        var milliseconds: Int32
        var camera: Int32
        var kind: Sighting.Kind
        /// Index into `plates` for a plate, into `SeedWatchlists.identities` for a matched face, else -1.
        var subject: Int32
        /// A hotlist or watchlist hit: the pass raises an incident.
        var hit: Bool
        /// Tie-break for passes in the same millisecond, so the order never depends on the sort algorithm.
        var sequence: Int32

        var last: Int64 { first + Int64(milliseconds) }
    }

    private(set) var passes: [Pass] = []
    /// The plate pool: the hotlisted plates first (`hotlisted` of them), then the regulars, then one-time visitors.
    private(set) var plates: [String] = []
    private(set) var hotlisted = 0
    private var known: Set<String> = []
    private let city: SeedCity
    private let clock: SeedClock

    init(plan: SeedPlan, city: SeedCity, random: inout SplitMix64) {
        self.city = city
        clock = SeedClock(start: plan.startMilliseconds, end: plan.endMilliseconds)
        passes.reserveCapacity(plan.sightings)
        guard plan.sightings > 0 else { return }
        planPlates(plan, &random)
        planFaces(total: plan.faces, matched: plan.faceIncidents, &random)
        planMotion(total: plan.motion, &random)
        passes.sort { ($0.first, $0.sequence) < ($1.first, $1.sequence) }
    }

    /// Trips of hotlisted cars until they give exactly the plate incidents asked for, then trips of ordinary cars: a
    /// regular (a commuter, a taxi) drives about twice a day, a visitor once.
    private mutating func planPlates(_ plan: SeedPlan, _ random: inout SplitMix64) {
        let trips = max(1, plan.plates / 6)
        hotlisted = plan.plateIncidents > 0 ? max(1, plan.plateIncidents / 25) : 0
        let regulars = max(1, trips * 7 / 10 / 14)
        for _ in 0..<(hotlisted + regulars) { plates.append(newPlate(&random)) }
        var hits = 0
        while hits < plan.plateIncidents {
            hits += drive(Int32(random.below(hotlisted)), hit: true, atMost: plan.plateIncidents - hits, &random)
        }
        var reads = hits
        while reads < plan.plates {
            let plate = random.chance(0.7) ? hotlisted + random.below(regulars) : visitor(&random)
            reads += drive(Int32(plate), hit: false, atMost: plan.plates - reads, &random)
        }
    }

    private mutating func visitor(_ random: inout SplitMix64) -> Int {
        plates.append(newPlate(&random))
        return plates.count - 1
    }

    private mutating func newPlate(_ random: inout SplitMix64) -> String {
        while true {
            let plate = SeedPlates.make(&random)
            if known.insert(plate).inserted { return plate }
        }
    }

    /// One car's trip: seen at a camera, then at one of the nearest cameras it has not passed yet, after the time
    /// the distance takes at city speed. Half of a car's trips start at its home camera. Returns the passes kept.
    private mutating func drive(_ plate: Int32, hit: Bool, atMost limit: Int, _ random: inout SplitMix64) -> Int {
        let home = Int(plate) % city.places.count
        var camera = random.chance(0.5) ? home : random.below(city.places.count)
        var time = clock.busyInstant(&random)
        var visited: Set<Int> = [camera]
        let length = min(limit, random.chance(0.15) ? 1 : random.within(2...10))
        var kept = 0
        while kept < length {
            let checkpoint = city.places[camera].kind == .checkpoint
            let duration = checkpoint ? random.within(2_000...10_000) : random.within(500...6_000)
            guard time + Int64(duration) <= clock.end else { break }
            append(Pass(first: time, milliseconds: Int32(duration), camera: Int32(camera), kind: .plate, subject: plate,
                        hit: hit, sequence: 0))
            kept += 1
            guard let next = city.places[camera].neighbours.filter({ !visited.contains($0) }).prefix(4).randomElement(using: &random)
            else { break }
            let metresPerSecond = 7.0 + 7.0 * random.unit()
            time += Int64(duration) + Int64(city.meters(from: camera, to: next) / metresPerSecond * 1000)
                + Int64(random.within(5_000...40_000))
            visited.insert(next)
            camera = next
        }
        return kept
    }

    /// Faces pass checkpoints three times as often as other cameras; `matched` of them are watchlist hits.
    private mutating func planFaces(total: Int, matched: Int, _ random: inout SplitMix64) {
        // Each checkpoint three times over: a uniform draw from this is the weighted draw, at any number of cameras.
        let cameras = city.places.indices.flatMap { city.places[$0].kind == .checkpoint ? [$0, $0, $0] : [$0] }
        for index in 0..<total {
            let hit = index < matched
            let subject = hit ? Int32(random.below(SeedWatchlists.identities.count)) : -1
            append(Pass(first: clock.busyInstant(&random), milliseconds: Int32(random.within(1_000...6_000)),
                        camera: Int32(cameras[random.below(cameras.count)]), kind: .face, subject: subject, hit: hit, sequence: 0))
        }
    }

    private mutating func planMotion(total: Int, _ random: inout SplitMix64) {
        for _ in 0..<total {
            append(Pass(first: clock.busyInstant(&random), milliseconds: Int32(random.within(2_000...40_000)),
                        camera: Int32(random.below(city.places.count)), kind: .motion, subject: -1, hit: false, sequence: 0))
        }
    }

    private mutating func append(_ pass: Pass) {
        var pass = pass
        pass.first = min(pass.first, clock.end - Int64(pass.milliseconds))
        pass.sequence = Int32(passes.count)
        passes.append(pass)
    }
}
