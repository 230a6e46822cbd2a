import Foundation
import Incidents

/// The seeded city: cameras within 20 km of central Harbin, denser towards the centre, in 12 grids (4 quarters of
/// 3 rings), each knowing its nearest cameras so a car can drive from one to the next.
struct SeedCity {
    struct Place {
        let id: String
        let name: String
        let kind: Camera.Kind
        let latitude: Double
        let longitude: Double
        let grid: String
        /// The nearest other cameras, nearest first: where a car seen here is seen next.
        var neighbours: [Int] = []
    }

    static let centre = (latitude: 45.75, longitude: 126.65)
    static let radiusMeters = 20_000.0
    static let gridCount = 12
    static let neighbourCount = 6
    private static let roads = [
        "Zhongshan Rd", "Hongjun St", "Dazhi St", "Xidazhi St", "Youyi Rd", "Hexing Rd", "Xuefu Rd", "Changjiang Rd",
        "Huanghe Rd", "Jingjiang Rd", "Gongbin Rd", "Xianfeng Rd", "Hanan Rd", "Sanda Dongli", "Tongda St", "Jingyu St",
    ]

    let places: [Place]

    init(cameras: Int, random: inout SplitMix64) {
        let width = max(3, String(max(cameras - 1, 0)).count)
        var places: [Place] = []
        for index in 0..<cameras {
            // r = R·u (not R·√u) puts as many cameras in each ring as in each wider one: the centre is denser.
            let distance = Self.radiusMeters * random.unit(), bearing = 2 * Double.pi * random.unit()
            let (latitude, longitude) = Self.offset(by: distance, bearing: bearing)
            let kind: Camera.Kind = [.fixed, .checkpoint, .eagleEye][random.weighted([0.7, 0.2, 0.1])]
            let number = String(index)
            let id = "cam-" + String(repeating: "0", count: max(0, width - number.count)) + number
            let road = Self.roads[random.below(Self.roads.count)], cross = Self.roads[random.below(Self.roads.count)]
            let name = kind == .checkpoint ? "\(road) checkpoint \(index)" : road == cross ? "\(road) #\(index)" : "\(road) / \(cross)"
            places.append(Place(id: id, name: name, kind: kind, latitude: latitude, longitude: longitude,
                                grid: Self.grid(distance: distance, bearing: bearing)))
        }
        for index in places.indices { places[index].neighbours = Self.nearest(to: index, in: places) }
        self.places = places
    }

    /// "grid-01" … "grid-12": quarter by bearing, ring by distance (under 5 km, under 12 km, beyond).
    static func grid(distance: Double, bearing: Double) -> String {
        let ring = distance < 5_000 ? 0 : distance < 12_000 ? 1 : 2
        let quarter = min(3, Int(bearing / (Double.pi / 2)))
        let number = ring * 4 + quarter + 1
        return number < 10 ? "grid-0\(number)" : "grid-\(number)"
    }

    static func offset(by meters: Double, bearing: Double) -> (Double, Double) {
        let north = meters * cos(bearing), east = meters * sin(bearing)
        let latitude = centre.latitude + north / 111_320
        let longitude = centre.longitude + east / (111_320 * cos(centre.latitude * .pi / 180))
        return (latitude, longitude)
    }

    /// Metres between two points; the flat-earth approximation errs by well under 1% over a city.
    static func meters(_ a: (Double, Double), _ b: (Double, Double)) -> Double {
        let north = (a.0 - b.0) * 111_320
        let east = (a.1 - b.1) * 111_320 * cos(centre.latitude * .pi / 180)
        return (north * north + east * east).squareRoot()
    }

    func meters(from a: Int, to b: Int) -> Double {
        Self.meters((places[a].latitude, places[a].longitude), (places[b].latitude, places[b].longitude))
    }

    private static func nearest(to index: Int, in places: [Place]) -> [Int] {
        let here = (places[index].latitude, places[index].longitude)
        var best: [(distance: Double, index: Int)] = []
        for other in places.indices where other != index {
            let distance = meters(here, (places[other].latitude, places[other].longitude))
            guard best.count < neighbourCount || distance < best[best.count - 1].distance else { continue }
            let position = best.firstIndex { $0.distance > distance } ?? best.count
            best.insert((distance, other), at: position)
            if best.count > neighbourCount { best.removeLast() }
        }
        return best.map(\.index)
    }
}
