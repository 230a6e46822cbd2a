import Foundation

/// A place on the ground, in degrees.
public struct GroundPoint: Sendable, Equatable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }
}

/// Where a pixel of a drone's picture lies on the ground, from its telemetry.
///
/// A pinhole camera at the sensor position looks at the frame centre; the ground is the level plane through the
/// frame centre's elevation (flat over the few hundred metres a drone sees; terrain is not modelled). The image's
/// up is the world's up projected into the picture (no sensor roll); looking straight down, it is the direction of
/// the platform heading plus the sensor's relative azimuth. Without the sensor position or the fields of view every
/// pixel maps to the frame centre: the best the packet allows.
public struct GroundProjection: Sendable {
    public let telemetry: Telemetry
    /// Metres per degree of latitude (mean earth radius), as `Coordinate.distance` measures.
    static let metresPerDegree = 6_371_008.8 * Double.pi / 180

    public init(telemetry: Telemetry) { self.telemetry = telemetry }

    /// The ground point under pixel (`x`, `y`) of a `width`×`height` picture; nil when the packet has no frame centre.
    public func point(x: Double, y: Double, width: Int, height: Int) -> GroundPoint? {
        guard let centre = telemetry.frameCenter else { return nil }
        let origin = GroundPoint(latitude: centre.latitude, longitude: centre.longitude)
        guard let offset = groundOffset(x: x, y: y, width: width, height: height, origin: origin) else { return origin }
        let latitude = origin.latitude + offset.north / Self.metresPerDegree
        let longitude = origin.longitude + offset.east / (Self.metresPerDegree * cos(origin.latitude * .pi / 180))
        return GroundPoint(latitude: latitude, longitude: longitude)
    }

    /// East and north metres from the frame centre to where the pixel's ray meets the ground plane.
    private func groundOffset(x: Double, y: Double, width: Int, height: Int,
                              origin: GroundPoint) -> (east: Double, north: Double)? {
        guard let latitude = telemetry.sensorLatitude, let longitude = telemetry.sensorLongitude,
              let altitude = telemetry.sensorAltitude, let horizontal = telemetry.horizontalFieldOfView,
              width > 0, height > 0, horizontal > 0, horizontal < 180 else { return nil }
        let sensor = Vector(x: (longitude - origin.longitude) * Self.metresPerDegree * cos(origin.latitude * .pi / 180),
                            y: (latitude - origin.latitude) * Self.metresPerDegree,
                            z: altitude - (telemetry.frameCenterElevation ?? 0))
        guard sensor.z > 0.5 else { return nil }
        let forward = (Vector(x: 0, y: 0, z: 0) - sensor).normalised
        let up = imageUp(forward: forward)
        let right = forward.cross(up)
        let tanX = tan(horizontal / 2 * .pi / 180)
        let tanY = telemetry.verticalFieldOfView.map { tan($0 / 2 * .pi / 180) } ?? tanX * Double(height) / Double(width)
        let nx = x / Double(width) * 2 - 1, ny = 1 - y / Double(height) * 2
        let ray = forward + right * (nx * tanX) + up * (ny * tanY)
        guard ray.z < -1e-6 else { return nil }  // at or above the horizon: no ground point
        let distance = -sensor.z / ray.z
        let ground = sensor + ray * distance
        return (ground.x, ground.y)
    }

    /// The world direction of the picture's top edge: the direction the sensor is turned (platform heading plus
    /// relative azimuth) made square to the line of sight, which holds looking straight down too; without a
    /// heading, the world's up seen along the line of sight.
    private func imageUp(forward: Vector) -> Vector {
        if let heading = telemetry.platformHeading {
            let azimuth = (heading + (telemetry.sensorRelativeAzimuth ?? 0)) * .pi / 180
            let turned = Vector(x: sin(azimuth), y: cos(azimuth), z: 0)
            let up = turned - forward * forward.dot(turned)
            if up.length > 1e-3 { return up.normalised }
        }
        let worldUp = Vector(x: 0, y: 0, z: 1)
        let up = worldUp - forward * forward.dot(worldUp)
        return up.length > 1e-3 ? up.normalised : Vector(x: 0, y: 1, z: 0)
    }
}

/// East, north, up metres.
private struct Vector {
    var x, y, z: Double

    static func + (a: Vector, b: Vector) -> Vector { Vector(x: a.x + b.x, y: a.y + b.y, z: a.z + b.z) }
    static func - (a: Vector, b: Vector) -> Vector { Vector(x: a.x - b.x, y: a.y - b.y, z: a.z - b.z) }
    static func * (a: Vector, k: Double) -> Vector { Vector(x: a.x * k, y: a.y * k, z: a.z * k) }
    func dot(_ b: Vector) -> Double { x * b.x + y * b.y + z * b.z }
    func cross(_ b: Vector) -> Vector { Vector(x: y * b.z - z * b.y, y: z * b.x - x * b.z, z: x * b.y - y * b.x) }
    var length: Double { dot(self).squareRoot() }
    var normalised: Vector { self * (1 / length) }
}
