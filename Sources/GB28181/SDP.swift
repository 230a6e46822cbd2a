/// The SDP of a GB/T 28181 live-video INVITE and what is read from the device's answer.
public enum SDP {
    /// The platform's offer: receive only, PS at 96 with H.264/H.265 alternatives, `y=` the SSRC the device must use.
    public static func playOffer(platformID: String, address: String, port: Int, transport: String, ssrc: String) -> String {
        let tcp = transport == "tcp"
        var lines = [
            "v=0", "o=\(platformID) 0 0 IN IP4 \(address)", "s=Play", "c=IN IP4 \(address)", "t=0 0",
            "m=video \(port) \(tcp ? "TCP/RTP/AVP" : "RTP/AVP") 96 98 99", "a=recvonly",
            "a=rtpmap:96 PS/90000", "a=rtpmap:98 H264/90000", "a=rtpmap:99 H265/90000",
        ]
        if tcp { lines += ["a=setup:passive", "a=connection:new"] }
        lines.append("y=\(ssrc)")
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The `y=` SSRC of an answer, when it has one that is a number.
    public static func ssrc(in sdp: String) -> UInt32? {
        sdp.split(whereSeparator: \.isNewline).first { $0.hasPrefix("y=") }.flatMap { UInt32($0.dropFirst(2).prefix(10)) }
    }
}
