/// Where a camera is: `position: [latitude, longitude]` and the `grid:` it belongs to.
extension ConfigReader {
    func position(_ field: Field) -> ServeConfig.Position? {
        guard let items = list(field) else { return nil }
        guard items.count == 2 else {
            log.add(field, "give [latitude, longitude], got \(items.count) numbers")
            return nil
        }
        let latitude = number(items[0], .within(ServeConfig.Position.latitudeRange))
        let longitude = number(items[1], .within(ServeConfig.Position.longitudeRange))
        guard let latitude, let longitude else { return nil }
        return ServeConfig.Position(latitude: latitude, longitude: longitude)
    }

    func gridID(_ field: Field, grids: Set<String>) -> String? {
        guard let id = string(field) else { return nil }
        guard grids.contains(id) else {
            let known = grids.isEmpty ? "the config defines no grids" : "grids: \(grids.sorted().joined(separator: ", "))"
            log.add(field, "no grid \(quoted(id)) (\(known))")
            return nil
        }
        return id
    }
}
