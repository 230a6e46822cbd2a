/// Times of the seeded week, in milliseconds since 1970: traffic follows Harbin's day (UTC+8), quiet at night,
/// peaking in the morning and evening rush.
struct SeedClock {
    let start: Int64
    let end: Int64

    private static let day: Int64 = 86_400_000
    private static let hour: Int64 = 3_600_000
    private static let utcOffset: Int64 = 8 * hour
    /// Relative traffic per local hour, 0:00 to 23:00.
    private static let traffic: [Double] = [
        0.15, 0.1, 0.08, 0.08, 0.1, 0.25, 0.6, 1.4, 1.8, 1.2, 0.9, 0.9,
        1.0, 0.9, 0.9, 1.0, 1.2, 1.7, 1.8, 1.2, 0.9, 0.7, 0.5, 0.3,
    ]

    /// An instant in [start, end) drawn with the traffic of its hour.
    func busyInstant(_ random: inout SplitMix64) -> Int64 {
        let firstMidnight = (start + Self.utcOffset) / Self.day * Self.day - Self.utcOffset
        let days = Int((end - firstMidnight) / Self.day)
        while true {
            let day = Int64(random.within(0...days))
            let hour = Int64(random.weighted(Self.traffic))
            let instant = firstMidnight + day * Self.day + hour * Self.hour + Int64(random.below(Int(Self.hour)))
            if instant >= start && instant < end { return instant }
        }
    }

    /// GRDB's text form of a date ("yyyy-MM-dd HH:mm:ss.SSS", UTC), so rows compare with dates GRDB binds.
    /// Written by hand: a DateFormatter per row would cost more than the insert.
    static func text(_ milliseconds: Int64) -> String {
        let days = milliseconds >= 0 ? milliseconds / day : (milliseconds - day + 1) / day
        var rest = milliseconds - days * day
        let (year, month, dayOfMonth) = civil(daysSinceEpoch: days)
        let hours = rest / hour; rest %= hour
        let minutes = rest / 60_000; rest %= 60_000
        let seconds = rest / 1000, millis = rest % 1000
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(dayOfMonth, 2)) \(pad(hours, 2)):\(pad(minutes, 2)):\(pad(seconds, 2)).\(pad(millis, 3))"
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// Howard Hinnant's days-to-civil: proleptic Gregorian year, month and day of a day count from 1970-01-01.
    private static func civil(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let dayOfMonth = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, dayOfMonth)
    }
}
