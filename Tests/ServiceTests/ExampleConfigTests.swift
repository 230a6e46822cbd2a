import Media
import Service
import Testing

struct ExampleConfigTests {
    private let environment = ["GATE1_PASSWORD": "gate1-pw", "GATE2_PASSWORD": "p@ss:w/rd", "EAGLE_PASSWORD": "Zq9-eagle-secret",
                               "GB28181_PASSWORD": "gb-device-pw"]

    @Test func exampleLoads() throws {
        let config = try ServeConfig(path: packageRoot + "/Examples/sharpeyes.yaml", environment: environment)
        #expect(config.cameras.count == 8)
        #expect(Set(config.cameras.map(\.kind)) == Set(ServeConfig.Camera.Kind.allCases))
        #expect(config.cameras.filter { !$0.enabled }.map(\.id) == ["market-old", "loop-demo"])
        #expect(config.workers == 2)
        #expect(config.storage.retention == ServeConfig.Retention(sightingsDays: 90, snapshotsDays: 30))
        #expect(config.http.publicURL == "http://10.0.0.2:8080")
        let gb = try #require(config.gb28181)
        #expect(gb.domain == "3402000000" && gb.rtpPorts == 30000...30999 && gb.listen.port == 5060)
        #expect(gb.rule(for: "34020000001310000007")?.template.stages == [.motion, .faces, .plates])
        #expect(gb.rule(for: "34020000001320000007")?.prefix == "3402000000132")
        #expect(gb.rule(for: "34020000001340000001") == nil, "alarm inputs are not analysed")
    }

    @Test func exampleResolvesCredentialsAndPaths() throws {
        let config = try ServeConfig(path: packageRoot + "/Examples/sharpeyes.yaml", environment: environment)
        let byID = Dictionary(uniqueKeysWithValues: config.cameras.map { ($0.id, $0) })
        #expect(byID["gate-1"]?.streamURL == "rtsp://admin:gate1-pw@10.0.0.5/stream1")
        #expect(byID["gate-1"]?.displayURL == "rtsp://admin:***@10.0.0.5/stream1")
        #expect(byID["gate-2"]?.streamURL == "rtsp://admin:p%40ss%3Aw%2Frd@10.0.0.6:554/Streaming/Channels/101")
        #expect(byID["case-42"]?.streamURL == packageRoot + "/Examples/recordings/case-42.mp4")
        #expect(byID["drone-7"]?.sampling == .keyframes)
        #expect(byID["drone-7"]?.motionGate == false)
        #expect(byID["gate-2"]?.sampling == .fps(2))
        #expect(byID["gate-2"]?.stages == [.motion, .plates])
        #expect(byID["checkpoint-g1"]?.motionGate == false)
        #expect(byID["square-eagle"]?.readTimeout == 10)
    }

    @Test func exampleSummaryShowsNoPassword() throws {
        let config = try ServeConfig(path: packageRoot + "/Examples/sharpeyes.yaml", environment: environment)
        let summary = config.summary.joined(separator: "\n")
        #expect(summary.contains("dispatch: 6 forces, 2 grids, 2 rules"))
        #expect(summary.contains("gate-1 \"North gate\" fixed rtsp://admin:***@10.0.0.5/stream1, fps 2"))
        #expect(summary.contains("market-old"))
        for password in environment.values {
            #expect(!summary.contains(password))
            #expect(!"\(config.cameras)".contains(password))
        }
    }
}
