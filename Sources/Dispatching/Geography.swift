import Incidents

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
