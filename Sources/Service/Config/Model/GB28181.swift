extension ServeConfig {
    /// `gb28181:`: SharpEyes as the GB/T 28181 platform that cameras and NVRs register to. Each channel a device
    /// reports in its Catalog that a rule selects becomes a camera, with the rule's stage settings.
    public struct GB28181: Sendable, Equatable {
        /// The platform's 20-digit SIP ID, as configured on the devices.
        public let id: String
        /// The SIP domain and digest realm; by default the ID's first 10 digits.
        public let domain: String
        /// SIP by UDP and TCP on this address.
        public let listen: ListenAddress
        /// The address devices send video to (written into the SDP).
        public let mediaAddress: String
        public let rtpPorts: ClosedRange<Int>
        /// "udp", or "tcp" (the device connects to us: TCP passive).
        public let mediaTransport: String
        /// Seconds between the devices' keepalives, as configured on them; offline after three missed.
        public let keepaliveInterval: Double
        /// The channels to analyse, first matching rule wins.
        public let channels: [ChannelRule]
        let password: SecretValue?
        let devicePasswords: [String: SecretValue]

        /// Channels whose ID starts with `prefix` ("" for all) are analysed as `template` says (its id, name and URL
        /// are replaced by the channel's).
        public struct ChannelRule: Sendable, Equatable {
            public let prefix: String
            public let template: Camera
        }

        /// The password a device must register with: its own, else the section's; nil refuses it.
        func password(of deviceID: String) -> String? { (devicePasswords[deviceID] ?? password)?.value }

        /// The rule that selects a channel, if any.
        public func rule(for channelID: String) -> ChannelRule? { channels.first { channelID.hasPrefix($0.prefix) } }
    }
}

extension ServeConfig.GB28181 {
    /// One line for `config check`: identity, addresses and the channel rules (no password).
    var summary: String {
        let rules = channels.map { rule in
            "\(rule.prefix.isEmpty ? "all" : rule.prefix + "*") \(rule.template.stages.map(\.rawValue).joined(separator: "+"))"
        }
        return "gb28181: platform \(id) on \(listen) (UDP and TCP), media \(mediaAddress) ports "
            + "\(rtpPorts.lowerBound)-\(rtpPorts.upperBound) over \(mediaTransport), keepalive \(keepaliveInterval) s, "
            + "\(devicePasswords.count) device password(s), channels: \(rules.isEmpty ? "none" : rules.joined(separator: ", "))"
    }
}
