public import Foundation

/// An alarm a registered device reports (GB/T 28181-2016 §9.4, MESSAGE with a `Notify` of CmdType `Alarm`): a
/// one-button alarm, a door contact, a video analytics event. The platform answers 200 OK and then confirms with a
/// `Response` of CmdType `Alarm`, `Result` OK, as the standard's alarm notification flow says.
public struct DeviceAlarm: Sendable, Equatable {
    /// The device that registered and sent it.
    public let device: String
    /// The alarm's own `DeviceID`: the device, or the channel (a camera, an alarm input) it concerns.
    public let source: String
    /// 1 (first-level, most urgent) to 4 (fourth-level), as the standard numbers them; nil when absent.
    public let priority: Int?
    /// How the alarm arose: 1 telephone, 2 device, 3 SMS, 4 GPS, 5 video, 6 device fault, 7 other.
    public let method: Int?
    /// The alarm type within its method (`Info/AlarmType`), e.g. for a device alarm 1 video lost … 6 intrusion.
    public let type: Int?
    /// `AlarmTime` as the device wrote it (local time without zone, per the standard), parsed in `timeZone`.
    public let time: Date?
    public let description: String?
    public let latitude: Double?
    public let longitude: Double?

    /// The alarm a MANSCDP `Notify` holds; nil when the message is not one.
    public init?(_ message: MANSCDPMessage, device: String, timeZone: TimeZone = .current) {
        guard message.root == "Notify", message.cmdType == "Alarm" else { return nil }
        self.device = device
        source = message.deviceID ?? device
        priority = message.value("AlarmPriority").flatMap { Int($0) }
        method = message.value("AlarmMethod").flatMap { Int($0) }
        type = message.value("AlarmType").flatMap { Int($0) }
        time = message.value("AlarmTime").flatMap { Self.localTime($0, in: timeZone) }
        description = message.value("AlarmDescription").map { String($0.prefix(256)) }
        // Devices without a fix send 0 or nothing; either way no position.
        let latitude = message.value("Latitude").flatMap(Double.init), longitude = message.value("Longitude").flatMap(Double.init)
        let placed = latitude.map { (-90...90).contains($0) && $0 != 0 } == true && longitude.map { (-180...180).contains($0) && $0 != 0 } == true
        self.latitude = placed ? latitude : nil
        self.longitude = placed ? longitude : nil
    }

    /// `2026-12-07T14:05:09` (the standard's form), with or without fractional seconds.
    private static func localTime(_ text: String, in zone: TimeZone) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.SSS", "yyyy-MM-dd HH:mm:ss"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    /// The platform's confirmation, sent as a MESSAGE after the 200 OK.
    static func confirmation(sn: Int, deviceID: String) -> [UInt8] {
        Array("""
        <?xml version="1.0" encoding="GB2312"?>\r
        <Response>\r
        <CmdType>Alarm</CmdType>\r
        <SN>\(sn)</SN>\r
        <DeviceID>\(deviceID)</DeviceID>\r
        <Result>OK</Result>\r
        </Response>\r

        """.utf8)
    }
}
