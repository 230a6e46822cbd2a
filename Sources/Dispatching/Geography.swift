import Foundation

/// A point on the earth in degrees.
struct Coordinate: Sendable, Equatable {
    var latitude: Double
    var longitude: Double

    /// Great-circle distance in metres (haversine, mean earth radius).
    func distance(to other: Coordinate) -> Double {
        let radians = Double.pi / 180
        let dLat = (other.latitude - latitude) * radians, dLon = (other.longitude - longitude) * radians
        let a = sin(dLat / 2) * sin(dLat / 2)
            + cos(latitude * radians) * cos(other.latitude * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 6_371_008.8 * 2 * atan2(a.squareRoot(), (1 - a).squareRoot())
    }
}

extension DispatchConfig.Grid {
    /// Ray casting in the longitude/latitude plane (grids are small enough for the plane to be exact enough).
    func contains(_ point: Coordinate) -> Bool {
        var inside = false
        var j = polygon.count - 1
        for i in polygon.indices {
            let (xi, yi) = (polygon[i][0], polygon[i][1]), (xj, yj) = (polygon[j][0], polygon[j][1])
            if (yi > point.latitude) != (yj > point.latitude),
               point.longitude < (xj - xi) * (point.latitude - yi) / (yj - yi) + xi {
                inside.toggle()
            }
            j = i
        }
        return inside
    }
}
