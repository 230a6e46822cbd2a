import Incidents

/// The per-row facts of a seeded sighting: what it reads, how sure, how many frames, where in the picture.
extension SeedWriter {
    struct Row {
        var label: String?
        var details: String?
        var confidence: Double
        var frames: Int
        var box: (x: Int, y: Int, width: Int, height: Int)
    }

    /// Cameras sample 2 frames a second; a plate pass keeps at most 64 reads for its vote.
    mutating func makeRow(_ pass: SeedTimeline.Pass) -> Row {
        let frames = max(1, Int(pass.milliseconds) / 500)
        switch pass.kind {
        case .plate:
            let reads = min(frames, 64)
            let plate = SeedDetails.plate(timeline.plates[Int(pass.subject)], reads: reads, hotlisted: pass.hit, &random)
            let width = random.within(90...170)
            return Row(label: plate.label, details: plate.json, confidence: 0.6 + 0.38 * random.unit(), frames: reads,
                       box: (random.within(200...1_000), random.within(380...640), width, width * 3 / 10))
        case .face:
            let identity = pass.subject >= 0 ? SeedWatchlists.identities[Int(pass.subject)] : nil
            let face = SeedDetails.face(identity: identity.map { (name: $0.name, list: $0.entry.list) }, frames: frames, &random)
            let width = random.within(50...180)
            return Row(label: identity?.name, details: face.json, confidence: face.confidence, frames: frames,
                       box: (random.within(100...1_100), random.within(60...400), width, width * 6 / 5))
        case .motion, .alarm:  // the seed makes no alarms
            return Row(label: nil, details: nil, confidence: 0.02 + 0.3 * random.unit(), frames: frames,
                       box: (random.within(0...600), random.within(0...300), random.within(200...900), random.within(150...500)))
        }
    }
}
