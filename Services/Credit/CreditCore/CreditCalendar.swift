import Foundation

/// Calendar days as the credit service counts them: `YYYY-MM-DD` in China Standard Time (UTC+8).
///
/// Record validity, punishment periods, the whitelist's clean period and the evaluation schedule are all day-based.
public struct CreditCalendar: Sendable {
    /// The current instant; fixed in tests and demos through `JG_CREDIT_TODAY`.
    public var now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    static let timeZone = TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt

    static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// Today's date.
    public var today: String { Self.day(of: now()) }

    /// The ISO-8601 UTC timestamp of now.
    public var timestamp: String { Date.ISO8601FormatStyle().format(now()) }

    public static func day(of date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return format(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    static func format(year: Int, month: Int, day: Int) -> String {
        let y = String(year)
        let m = month < 10 ? "0\(month)" : String(month)
        let d = day < 10 ? "0\(day)" : String(day)
        return "\(String(repeating: "0", count: max(0, 4 - y.count)))\(y)-\(m)-\(d)"
    }

    /// The parts of a valid `YYYY-MM-DD` day, or nil.
    public static func parts(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), (1...12).contains(month), day >= 1,
            day <= daysIn(year: year, month: month)
        else { return nil }
        return (year, month, day)
    }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `day` plus `months` calendar months (clamped to the month's last day); nil if `day` is not a date.
    public static func adding(months: Int, to day: String) -> String? {
        guard let parts = parts(day) else { return nil }
        let total = parts.year * 12 + (parts.month - 1) + months
        let year = total / 12
        let month = total % 12 + 1
        return format(year: year, month: month, day: min(parts.day, daysIn(year: year, month: month)))
    }

    /// The calendar day of an ISO-8601 timestamp (in UTC+8) or of a plain `YYYY-MM-DD`; nil if neither.
    public static func day(fromTimestamp text: String) -> String? {
        if parts(text) != nil { return text }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return day(of: date) }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return day(of: date) }
        return nil
    }

    /// Throws `INVALID_ARGUMENT` naming `field` unless `text` is a valid `YYYY-MM-DD`.
    static func validate(_ text: String, field: String) throws {
        guard parts(text) != nil else {
            throw CreditError.invalidArgument(field: field, "\(field) \(text.debugDescription) is not a date; use YYYY-MM-DD, e.g. 2025-03-31")
        }
    }
}
