import Media
import Service
import Testing

/// The `gb28181:` section: what it reads, and each mistake named by its path.
struct GB28181ConfigTests {
    static func section(_ body: String) -> String {
        minimalConfig + "gb28181:\n" + body
    }

    static let valid = section("""
          id: "34020000002000000001"
          media_address: 192.168.1.10
          password: {env: GB_PW}
          devices: [{id: "34020000001320000009", password: {env: GB_PW_9}}]
          channels:
            - {prefix: "3402000000131", stages: [faces], sampling: {fps: 2}}
            - "3402000000132"
        """)

    @Test func aSectionReadsWithItsDefaults() throws {
        let config = try load(Self.valid, environment: ["GB_PW": "Zq-all-devices", "GB_PW_9": "Zq-device-9"])
        let gb = try #require(config.gb28181)
        #expect(gb.domain == "3402000000" && gb.listen.description == "0.0.0.0:5060")
        #expect(gb.rtpPorts == 30000...30999 && gb.mediaTransport == "udp" && gb.keepaliveInterval == 60)
        #expect(gb.rule(for: "34020000001310000001")?.template.stages == [.faces])
        #expect(gb.rule(for: "34020000001310000001")?.template.sampling == .fps(2))
        #expect(gb.rule(for: "34020000001320000001")?.prefix == "3402000000132")
        #expect(gb.rule(for: "34020000001370000001") == nil)
        #expect(!"\(gb)".contains("Zq-"), "passwords are not shown: \(gb)")
    }

    @Test func allSelectsEveryChannel() throws {
        let config = try load(Self.section("  id: \"34020000002000000001\"\n  media_address: 10.0.0.1\n  channels: all\n"))
        #expect(config.gb28181?.rule(for: "99999999999999999999")?.prefix == "")
    }

    @Test(arguments: [
        ("  media_address: 10.0.0.1\n", "gb28181.id: missing"),
        ("  id: \"3402\"\n  media_address: 10.0.0.1\n", "gb28181.id: must be 20 digits"),
        ("  id: \"34020000002000000001\"\n", "gb28181.media_address: missing"),
        ("  id: \"34020000002000000001\"\n  media_address: camera.local\n", "gb28181.media_address: must be an IPv4 address"),
        ("  id: \"34020000002000000001\"\n  media_address: 10.0.0.1\n  rtp_ports: 30000\n", "gb28181.rtp_ports: write FIRST-LAST"),
        ("  id: \"34020000002000000001\"\n  media_address: 10.0.0.1\n  media_transport: sctp\n", "gb28181.media_transport: expected udp or tcp"),
        ("  id: \"34020000002000000001\"\n  media_address: 10.0.0.1\n  password: secret\n", "gb28181.password: write {env: NAME} or {file: PATH}"),
        ("  id: \"34020000002000000001\"\n  media_address: 10.0.0.1\n  channels: [{stages: [faces]}]\n", "gb28181.channels[0].prefix: missing"),
        ("  id: \"34020000002000000001\"\n  media_address: 10.0.0.1\n  channels: [{prefix: \"1\", stages: [ears]}]\n",
         "gb28181.channels[0].stages[0]: expected motion, faces or plates"),
        ("  id: \"34020000002000000001\"\n  media_address: 10.0.0.1\n  keepalive_interval: 0\n", "gb28181.keepalive_interval: must be more than 0"),
        ("  id: \"34020000002000000001\"\n  media_address: 10.0.0.1\n  sip_port: 5060\n", "gb28181.sip_port: unknown key"),
    ])
    func namesTheSetting(body: String, expected: String) {
        let error = loadError(Self.section(body))
        #expect(error?.description.contains(expected) == true, "\(error?.description ?? "loaded")")
    }
}

extension GB28181ConfigTests {
    @Test func theSummaryShowsTheSectionWithoutPasswords() throws {
        let config = try load(Self.valid, environment: ["GB_PW": "Zq-all-devices", "GB_PW_9": "Zq-device-9"])
        let line = try #require(config.summary.last)
        #expect(line.hasPrefix("gb28181: platform 34020000002000000001 on 0.0.0.0:5060"), "\(line)")
        #expect(line.contains("channels: 3402000000131* faces, 3402000000132* motion+faces+plates"), "\(line)")
        #expect(!line.contains("Zq-"))
    }
}
