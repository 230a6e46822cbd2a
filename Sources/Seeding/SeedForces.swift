/// The units a seeded incident is dispatched to, laid out as `Examples/sharpeyes.yaml` lays them: patrol cars around
/// the city, a police post, a grid worker and volunteers per grid, one command centre.
struct SeedForces {
    struct Unit {
        let id: String
        let type: String
        let latitude: Double?
        let longitude: Double?
        let grid: String?

        var webhook: String { "https://alerts.sharpeyes.invalid/forces/\(id)" }
    }

    let patrols: [Unit]
    let posts: [Unit]
    private let community: [String: [Unit]]
    let centre = Unit(id: "centre", type: "command_centre", latitude: nil, longitude: nil, grid: nil)

    init(random: inout SplitMix64) {
        patrols = (1...24).map { number in
            let (latitude, longitude) = SeedCity.offset(by: SeedCity.radiusMeters * random.unit(), bearing: 2 * .pi * random.unit())
            return Unit(id: number < 10 ? "patrol-0\(number)" : "patrol-\(number)", type: "patrol",
                        latitude: latitude, longitude: longitude, grid: nil)
        }
        let grids = (1...SeedCity.gridCount).map { $0 < 10 ? "grid-0\($0)" : "grid-\($0)" }
        posts = grids.map { grid in
            let (latitude, longitude) = SeedCity.offset(by: SeedCity.radiusMeters * random.unit(), bearing: 2 * .pi * random.unit())
            return Unit(id: "post-\(grid.dropFirst(5))", type: "police_post", latitude: latitude, longitude: longitude, grid: grid)
        }
        community = Dictionary(uniqueKeysWithValues: grids.map { grid in
            (grid, [Unit(id: "\(grid)-worker", type: "grid_worker", latitude: nil, longitude: nil, grid: grid),
                    Unit(id: "\(grid)-volunteers", type: "volunteer", latitude: nil, longitude: nil, grid: grid)])
        })
    }

    /// The `count` nearest units of `units` to a place that were not sent yet, with their distances.
    func nearest(_ count: Int, of units: [Unit], to place: (Double, Double), excluding sent: Set<String>) -> [(Unit, Double?)] {
        units.filter { !sent.contains($0.id) }
            .map { ($0, SeedCity.meters(place, ($0.latitude ?? 0, $0.longitude ?? 0))) }
            .sorted { $0.1 < $1.1 }
            .prefix(count).map { ($0.0, Optional($0.1)) }
    }

    func community(of grid: String, type: String) -> [(Unit, Double?)] {
        (community[grid] ?? []).filter { $0.type == type }.map { ($0, nil) }
    }
}
