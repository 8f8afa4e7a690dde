import Foundation

/// Calendar days as the service counts them: China Standard Time (UTC+8), `YYYY-MM-DD`.
enum InspectionCalendar {
    static let timeZone = TimeZone(secondsFromGMT: 8 * 3_600) ?? .gmt

    private static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// The `YYYY-MM-DD` day of an instant.
    static func day(of date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// The year (CST) of an instant.
    static func year(of date: Date) -> Int { calendar.component(.year, from: date) }

    /// The start (00:00 CST) of a valid `YYYY-MM-DD` day, or nil.
    static func date(ofDay text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components), self.day(of: date) == text else { return nil }
        return date
    }

    /// Normalises a day given as `YYYY-MM-DD` or as an ISO-8601 timestamp (its CST day); nil if neither.
    static func normalisedDay(_ text: String) -> String? {
        if date(ofDay: text) != nil { return text }
        if let instant = try? Date(text, strategy: .iso8601) { return day(of: instant) }
        return nil
    }

    /// `day` plus `days` calendar days.
    static func adding(_ days: Int, to day: String) -> String? {
        guard let start = date(ofDay: day), let moved = calendar.date(byAdding: .day, value: days, to: start) else { return nil }
        return self.day(of: moved)
    }

    /// Parses an ISO-8601 timestamp as written by `Wire.timestamp`.
    static func instant(_ text: String) -> Date? { try? Date(text, strategy: .iso8601) }

    /// `{start, end}` of a shorthand period: `YYYY` (the year) or `YYYY-MM` (the month).
    static func period(_ text: String) -> (start: String, end: String)? {
        if text.count == 4, let year = Int(text), year > 1900 {
            return ("\(text)-01-01", "\(text)-12-31")
        }
        if text.count == 7, let first = date(ofDay: text + "-01"),
            let next = calendar.date(byAdding: .month, value: 1, to: first),
            let last = calendar.date(byAdding: .day, value: -1, to: next)
        {
            return (text + "-01", day(of: last))
        }
        return nil
    }
}
