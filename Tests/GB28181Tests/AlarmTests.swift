import Foundation
import GB28181
import Synchronization
import TestSupport
import Testing

/// Alarm notifications (GB/T 28181-2016 §9.4): read from a device's `Notify`, handed on once, answered 200 OK and
/// confirmed with a `Response` of CmdType Alarm.
@Suite(.serialized, .childProcesses)
struct AlarmTests {
    @Test func aDevicesOneButtonAlarmIsHandedOnAndConfirmed() async throws {
        let received = Mutex<[DeviceAlarm]>([])
        let harness = try await Harness(onAlarm: { _, alarm in received.withLock { $0.append(alarm) } })
        let camera = try await harness.camera(["--alarm-after", "1"])
        #expect(await harness.waitForCatalog() != nil, "\(camera.stdout)")
        #expect(await camera.waitUntil(20) { $0.stdout.contains("alarm confirmed 9001 OK") }, "confirmed to the device: \(camera.stdout)")
        let alarms = received.withLock { $0 }
        let alarm = try #require(alarms.first)
        #expect(alarms.count == 1 && harness.platform.counters.alarms == 1)
        #expect(alarm.device == Harness.deviceID && alarm.source == Harness.channelID)
        #expect(alarm.priority == 1 && alarm.method == 2 && alarm.type == 1 && alarm.description == "一键报警 学校门口")
        #expect(alarm.latitude == 45.757 && alarm.longitude == 126.642)
        #expect(abs(try #require(alarm.time).timeIntervalSinceNow) < 30, "local time read in the platform's zone")
        await harness.close()
    }

    @Test func aNotifyIsAnAlarmOnlyWithItsCmdTypeAndAPositionOnlyWithAFix() throws {
        let zone = try #require(TimeZone(identifier: "Asia/Shanghai"))
        let body = """
            <?xml version="1.0" encoding="GB2312"?><Notify><CmdType>Alarm</CmdType><SN>5</SN>
            <DeviceID>34020000001340000001</DeviceID><AlarmPriority>2</AlarmPriority><AlarmMethod>2</AlarmMethod>
            <AlarmTime>2026-12-07T08:00:00</AlarmTime><Longitude>0</Longitude><Latitude>0</Latitude></Notify>
            """
        let alarm = try #require(DeviceAlarm(try MANSCDPMessage(text: body), device: "34020000001320000001", timeZone: zone))
        #expect(alarm.source == "34020000001340000001" && alarm.priority == 2 && alarm.latitude == nil && alarm.longitude == nil)
        #expect(alarm.time == ISO8601DateFormatter().date(from: "2026-12-07T00:00:00Z"))
        let keepalive = "<Notify><CmdType>Keepalive</CmdType><SN>6</SN><DeviceID>34020000001320000001</DeviceID></Notify>"
        #expect(DeviceAlarm(try MANSCDPMessage(text: keepalive), device: "34020000001320000001") == nil)
        let answer = "<Response><CmdType>Alarm</CmdType><SN>7</SN><DeviceID>34020000001320000001</DeviceID></Response>"
        #expect(DeviceAlarm(try MANSCDPMessage(text: answer), device: "34020000001320000001") == nil)
    }
}
