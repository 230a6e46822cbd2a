public import Media

/// Where a frame's detectors should look, from what the motion stage measured against the previous sampled frame.
/// A fixed camera mostly watches a still scene; what is new in it arrives by moving. So the costly searches (faces over
/// the whole picture, the whole-frame plate detector) look where something moved, and while nothing moves they look
/// again only now and then: a person standing in a queue keeps their track, a parked car was read when it arrived.
public enum Attention: Equatable, Sendable {
    /// Look everywhere: nothing was measured (the first frame, no motion stage, a tile's own input), the picture
    /// changed as a whole (`SceneCut`), or what moved covers most of it.
    case wholeFrame
    /// Only these parts moved (full-resolution pixels, grown by `StageInput.motionMargin` and merged).
    case regions([Box])
    /// Nothing moved since the previous sampled frame.
    case still
}

/// Motion boxes grown by a margin (a face sits at the edge of a moving body) and merged where they overlap.
public enum MotionRegions {
    public static func merged(_ boxes: [Box], margin: Double, within width: Int, _ height: Int) -> [Box] {
        var regions = boxes.map { $0.expanded(by: margin, within: width, height) }.filter { $0.area > 0 }
        var merged = true
        while merged {
            merged = false
            outer: for i in regions.indices {
                for j in regions.indices where j > i && regions[i].overlap(regions[j]) > 0 {
                    regions[i] = regions[i].union(regions[j])
                    regions.remove(at: j)
                    merged = true
                    break outer
                }
            }
        }
        return regions.sorted { $0.area < $1.area }
    }
}
