import Foundation
import Media
import Yams

/// `gb28181:` — the platform's SIP identity and addresses, device passwords (by reference), and which channels to
/// analyse with which stage settings.
extension ConfigReader {
    static let gb28181Keys = [
        "id", "domain", "listen", "media_address", "rtp_ports", "media_transport", "keepalive_interval", "password",
        "devices", "channels",
    ]
    static let gbChannelKeys = ["prefix", "kind"] + CameraDefaults.keys

    func gb28181(_ field: Field?, defaults: CameraDefaults) -> ServeConfig.GB28181? {
        guard let field, let given = mapping(field, known: Self.gb28181Keys) else { return nil }
        let id = required("id", in: given, "the platform's 20-digit SIP ID").flatMap { gbID($0) }
        let domain = given["domain"].flatMap { string($0) }
        let listen = given["listen"].flatMap(listenAddress) ?? ServeConfig.ListenAddress(host: "0.0.0.0", port: 5060)
        let media = required("media_address", in: given, "the IPv4 address devices send video to").flatMap { mediaAddress($0) }
        let ports = given["rtp_ports"].flatMap { portRange($0) } ?? 30000...30999
        let transport = given["media_transport"].flatMap { mediaTransport($0) } ?? "udp"
        let interval = given["keepalive_interval"].flatMap { number($0, .above(0, atMost: 3600)) } ?? 60
        let password = given["password"].flatMap { self.password($0, camera: "gb28181") }
        let devices = given["devices"].map { devicePasswords($0) } ?? [:]
        let channels = given["channels"].flatMap { channelRules($0, defaults: defaults) } ?? []
        guard let id, let media else { return nil }
        return ServeConfig.GB28181(
            id: id, domain: domain ?? String(id.prefix(10)), listen: listen, mediaAddress: media, rtpPorts: ports,
            mediaTransport: transport, keepaliveInterval: interval, channels: channels, password: password?.value,
            devicePasswords: devices
        )
    }

    private func gbID(_ field: Field) -> String? {
        guard let text = string(field) else { return nil }
        guard text.count == 20, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) else {
            log.add(field, "must be 20 digits (GB/T 28181 coding), got \(quoted(text))")
            return nil
        }
        return text
    }

    private func mediaAddress(_ field: Field) -> String? {
        guard let text = string(field) else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ UInt8($0) != nil }) else {
            log.add(field, "must be an IPv4 address the devices can reach, got \(quoted(text))")
            return nil
        }
        return text
    }

    /// `30000-30999`: at least two ports, within 1024...65535.
    private func portRange(_ field: Field) -> ClosedRange<Int>? {
        guard let text = string(field) else { return nil }
        let parts = text.split(separator: "-").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, parts[0] >= 1024, parts[1] <= 65535, parts[0] < parts[1] else {
            log.add(field, "write FIRST-LAST within 1024-65535, e.g. 30000-30999, got \(quoted(text))")
            return nil
        }
        return parts[0]...parts[1]
    }

    private func mediaTransport(_ field: Field) -> String? {
        guard let text = string(field) else { return nil }
        guard ["udp", "tcp"].contains(text) else {
            log.add(field, "expected udp or tcp, got \(quoted(text))")
            return nil
        }
        return text
    }

    /// `devices: [{id: …, password: {env: …}}]`: a password per device, over the section's.
    private func devicePasswords(_ field: Field) -> [String: SecretValue] {
        var result: [String: SecretValue] = [:]
        for item in list(field) ?? [] {
            guard let given = mapping(item, known: ["id", "password"]),
                  let id = required("id", in: given, "the device's 20-digit ID").flatMap({ gbID($0) }),
                  let secret = required("password", in: given, "{env: NAME} or {file: PATH}")
                    .flatMap({ password($0, camera: id) }) else { continue }
            result[id] = secret.value
        }
        return result
    }

    /// `channels: all`, or a list of ID prefixes and `{prefix: …, stages: …, sampling: …}` rules.
    private func channelRules(_ field: Field, defaults: CameraDefaults) -> [ServeConfig.GB28181.ChannelRule]? {
        if field.node.text == "all" { return channelRule(prefix: "", given: nil, defaults: defaults).map { [$0] } }
        guard let items = list(field) else { return nil }
        return items.compactMap { item in
            if let prefix = item.node.text { return channelRule(prefix: prefix, given: nil, defaults: defaults) }
            guard let given = mapping(item, known: Self.gbChannelKeys),
                  let prefix = required("prefix", in: given, "a channel ID prefix (\"\" for all)").flatMap({ string($0) })
            else { return nil }
            return channelRule(prefix: prefix, given: given, defaults: defaults)
        }
    }

    private func channelRule(prefix: String, given: MappingFields?, defaults: CameraDefaults) -> ServeConfig.GB28181.ChannelRule? {
        let fields = given ?? MappingFields(field: Field(node: .mapping(.init([])), path: "gb28181.channels"), entries: [:])
        let kind = fields["kind"].flatMap { field -> ServeConfig.Camera.Kind? in
            if let text = field.node.text, let kind = ServeConfig.Camera.Kind(rawValue: text), kind.isLive { return kind }
            log.add(field, "expected a live camera kind (fixed, eagle_eye, drone, checkpoint)")
            return nil
        }
        guard let analysis = cameraAnalysis(fields, defaults: defaults) else { return nil }
        let readTimeout = fields["read_timeout"].flatMap(readTimeout) ?? defaults.readTimeout ?? SourceOptions().readTimeout.seconds
        let template = ServeConfig.Camera(
            id: "gb28181", name: "gb28181", kind: kind ?? .fixed, url: "gb28181://", username: nil, password: nil,
            position: nil, grid: nil, sampling: analysis.sampling, stages: analysis.stages, motionGate: analysis.motionGate,
            enabled: true, loop: false, realtime: false, readTimeout: readTimeout,
            storeUnknownFaces: analysis.storeUnknownFaces, unknownFacesDays: analysis.unknownFacesDays, resolvedPassword: nil
        )
        return ServeConfig.GB28181.ChannelRule(prefix: prefix, template: template)
    }
}
