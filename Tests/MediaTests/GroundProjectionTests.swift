import Foundation
import Media
import Testing

/// The pixel-to-ground geometry, checked against positions worked out by hand.
struct GroundProjectionTests {
    private let metresPerDegree = 6_371_008.8 * Double.pi / 180

    private func nadir(heading: Double) -> Telemetry {
        var telemetry = Telemetry()
        telemetry.platformHeading = heading
        telemetry.sensorLatitude = 45.75
        telemetry.sensorLongitude = 126.63
        telemetry.sensorAltitude = 250
        telemetry.frameCenterLatitude = 45.75
        telemetry.frameCenterLongitude = 126.63
        telemetry.frameCenterElevation = 150
        telemetry.horizontalFieldOfView = 90  // 100 m up, 90°: the picture is 200 m wide
        telemetry.verticalFieldOfView = 90
        return telemetry
    }

    /// East and north metres of `point` from the frame centre.
    private func offset(_ point: GroundPoint) -> (east: Double, north: Double) {
        ((point.longitude - 126.63) * metresPerDegree * cos(45.75 * .pi / 180), (point.latitude - 45.75) * metresPerDegree)
    }

    @Test func theCentrePixelIsTheFrameCentre() throws {
        let point = try #require(GroundProjection(telemetry: nadir(heading: 0)).point(x: 500, y: 500, width: 1000, height: 1000))
        #expect(abs(offset(point).east) < 0.01 && abs(offset(point).north) < 0.01)
    }

    @Test(arguments: [(0.0, 100.0, 0.0), (90.0, 0.0, -100.0), (30.0, 86.6, -50.0)])
    func theRightEdgeLiesAHundredMetresToTheRightOfTheHeading(heading: Double, east: Double, north: Double) throws {
        let point = try #require(GroundProjection(telemetry: nadir(heading: heading)).point(x: 1000, y: 500, width: 1000, height: 1000))
        #expect(abs(offset(point).east - east) < 0.2, "\(offset(point))")
        #expect(abs(offset(point).north - north) < 0.2, "\(offset(point))")
    }

    @Test func anObliqueViewLooksAlongItsLineOfSight() throws {
        // The sensor 100 m south of the frame centre and 100 m up, looking north 45° down with a 40° tall view.
        var telemetry = nadir(heading: 0)
        telemetry.sensorLatitude = 45.75 - 100 / metresPerDegree
        telemetry.verticalFieldOfView = 40
        let projection = GroundProjection(telemetry: telemetry)
        let top = offset(try #require(projection.point(x: 500, y: 0, width: 1000, height: 1000)))
        let bottom = offset(try #require(projection.point(x: 500, y: 1000, width: 1000, height: 1000)))
        // Depression 45° ± 20°: ground at 100/tan(25°) − 100 = 114.5 m north and 100/tan(65°) − 100 = −53.4 m.
        #expect(abs(top.north - 114.45) < 0.2 && abs(top.east) < 0.01, "\(top)")
        #expect(abs(bottom.north - -53.37) < 0.2 && abs(bottom.east) < 0.01, "\(bottom)")
    }

    @Test func withoutTheSensorPositionEveryPixelIsTheFrameCentre() throws {
        var telemetry = nadir(heading: 0)
        telemetry.sensorLatitude = nil
        let point = try #require(GroundProjection(telemetry: telemetry).point(x: 0, y: 0, width: 1000, height: 1000))
        #expect(point == GroundPoint(latitude: 45.75, longitude: 126.63))
        telemetry.frameCenterLatitude = nil
        #expect(GroundProjection(telemetry: telemetry).point(x: 0, y: 0, width: 1000, height: 1000) == nil)
    }
}
