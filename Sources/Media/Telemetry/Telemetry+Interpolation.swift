import Foundation

extension Telemetry {
    /// The telemetry `fraction` of the way from this packet to `next` (above 1: carried on past `next`): positions, altitudes, angles and fields
    /// of view move linearly (angles of 0–360° the short way round, across north); an item only one packet has comes
    /// from the nearer one. A drone sending telemetry a few times a second still gets every frame's own position.
    func interpolated(to next: Telemetry, fraction: Double) -> Telemetry {
        var result = fraction < 0.5 ? self : next
        for item in UASDatalinkItem.all {
            guard let a = self[keyPath: item.keyPath], let b = next[keyPath: item.keyPath] else { continue }
            result[keyPath: item.keyPath] = item.isCircular ? Self.turn(from: a, to: b, fraction) : a + (b - a) * fraction
        }
        if let a = timestamp, let b = next.timestamp {
            result.timestamp = a.addingTimeInterval(b.timeIntervalSince(a) * fraction)
        }
        return result
    }

    /// The angle `fraction` of the short way from `a` to `b` degrees, in 0..<360.
    private static func turn(from a: Double, to b: Double, _ fraction: Double) -> Double {
        var delta = (b - a).truncatingRemainder(dividingBy: 360)
        if delta > 180 { delta -= 360 } else if delta < -180 { delta += 360 }
        let angle = (a + delta * fraction).truncatingRemainder(dividingBy: 360)
        return angle < 0 ? angle + 360 : angle
    }
}
