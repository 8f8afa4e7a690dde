import Foundation

/// Working days (工作日) in China Standard Time: Monday to Friday, minus public holidays, plus the weekend days
/// declared working days (调休上班). Deadlines count whole working days and fall due at the end of the last one.
public struct WorkingCalendar: Sendable, Equatable {
    /// Days off that would otherwise be working days (`YYYY-MM-DD`).
    public var holidays: Set<String>
    /// Weekend days that are working days.
    public var extraWorkdays: Set<String>

    public init(holidays: Set<String> = [], extraWorkdays: Set<String> = []) {
        self.holidays = holidays
        self.extraWorkdays = extraWorkdays
    }

    /// The official 2025 arrangement (国办发明电〔2024〕12号): New Year, Spring Festival, Qingming, Labour Day,
    /// Dragon Boat, National Day with Mid-Autumn; and the five weekend days worked in exchange.
    public static let china2025 = WorkingCalendar(
        holidays: [
            "2025-01-01",
            "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-01", "2025-02-02", "2025-02-03", "2025-02-04",
            "2025-04-04", "2025-04-05", "2025-04-06",
            "2025-05-01", "2025-05-02", "2025-05-03", "2025-05-04", "2025-05-05",
            "2025-05-31", "2025-06-01", "2025-06-02",
            "2025-10-01", "2025-10-02", "2025-10-03", "2025-10-04", "2025-10-05", "2025-10-06", "2025-10-07", "2025-10-08",
        ],
        extraWorkdays: ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"])

    static let timeZone = TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt

    static let gregorian: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }()

    /// `YYYY-MM-DD` of an instant in UTC+8.
    public static func day(of date: Date) -> String {
        let parts = gregorian.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }

    /// Midnight (UTC+8) starting `day`, or nil if it is not a date.
    public static func start(of day: String) -> Date? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard day.count == 10, parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        var components = DateComponents()
        (components.year, components.month, components.day) = (parts[0], parts[1], parts[2])
        guard let date = gregorian.date(from: components), Self.day(of: date) == day else { return nil }
        return date
    }

    public func isWorkingDay(_ day: String) -> Bool {
        if extraWorkdays.contains(day) { return true }
        if holidays.contains(day) { return false }
        guard let date = Self.start(of: day) else { return false }
        let weekday = Self.gregorian.component(.weekday, from: date)  // 1 = Sunday, 7 = Saturday
        return weekday != 1 && weekday != 7
    }

    /// The `count`-th working day after the day of `from` (the starting day itself never counts).
    public func workingDay(_ count: Int, after from: Date) -> String {
        var date = Self.gregorian.startOfDay(for: from)
        var remaining = max(1, count)
        // A year without a single working day would be a configuration error; stop after ten years regardless.
        for _ in 0..<3_660 {
            guard let next = Self.gregorian.date(byAdding: .day, value: 1, to: date) else { break }
            date = next
            if isWorkingDay(Self.day(of: date)) {
                remaining -= 1
                if remaining == 0 { break }
            }
        }
        return Self.day(of: date)
    }

    /// The end (23:59:59 UTC+8) of the `count`-th working day after `from`: when a step given `count` working days
    /// falls due.
    public func deadline(workingDays count: Int, after from: Date) -> Date {
        let day = workingDay(count, after: from)
        let start = Self.start(of: day) ?? from
        return start.addingTimeInterval(86_400 - 1)
    }
}
