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

    /// Seconds China Standard Time is ahead of UTC (no daylight saving).
    static let offset: Int64 = 8 * 3_600

    // Day arithmetic is done on day numbers (days since 1970-01-01), with Howard Hinnant's civil-date algorithms
    // (http://howardhinnant.github.io/date_algorithms.html): no Foundation calendar on the registration path.

    /// The day number (UTC+8) of an instant.
    static func dayNumber(of date: Date) -> Int64 {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down)) + offset
        return seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    }

    static func civil(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func dayNumber(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func text(_ days: Int64) -> String {
        let (year, month, day) = civil(days)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + two(month) + "-" + two(day)
    }

    /// The day number of a valid `YYYY-MM-DD`, or nil.
    static func dayNumber(of text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else { return nil }
                value = value * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), (1...12).contains(month), day >= 1 else { return nil }
        let days = dayNumber(year: year, month: month, day: day)
        guard civil(days) == (year, month, day) else { return nil }  // e.g. 2025-02-30
        return days
    }

    /// `YYYY-MM-DD` of an instant in UTC+8.
    public static func day(of date: Date) -> String { text(dayNumber(of: date)) }

    /// Midnight (UTC+8) starting `day`, or nil if it is not a date.
    public static func start(of day: String) -> Date? {
        dayNumber(of: day).map { Date(timeIntervalSince1970: TimeInterval($0 * 86_400 - offset)) }
    }

    public func isWorkingDay(_ day: String) -> Bool {
        guard let number = Self.dayNumber(of: day) else { return false }
        return isWorkingDay(number: number, text: day)
    }

    func isWorkingDay(number: Int64, text: String) -> Bool {
        if extraWorkdays.contains(text) { return true }
        if holidays.contains(text) { return false }
        let weekday = ((number + 4) % 7 + 7) % 7  // 1970-01-01 was a Thursday; 0 = Sunday, 6 = Saturday
        return weekday != 0 && weekday != 6
    }

    /// The day number of the `count`-th working day after the day of `from` (that day itself never counts).
    func workingDayNumber(_ count: Int, after from: Date) -> Int64 {
        var number = Self.dayNumber(of: from)
        var remaining = max(1, count)
        // A calendar without a single working day would be a configuration error; stop after ten years regardless.
        for _ in 0..<3_660 {
            number += 1
            if isWorkingDay(number: number, text: Self.text(number)) {
                remaining -= 1
                if remaining == 0 { break }
            }
        }
        return number
    }

    /// The `count`-th working day after the day of `from` (the starting day itself never counts).
    public func workingDay(_ count: Int, after from: Date) -> String {
        Self.text(workingDayNumber(count, after: from))
    }

    /// The end (23:59:59 UTC+8) of the `count`-th working day after `from`: when a step given `count` working days
    /// falls due.
    public func deadline(workingDays count: Int, after from: Date) -> Date {
        Date(timeIntervalSince1970: TimeInterval((workingDayNumber(count, after: from) + 1) * 86_400 - Self.offset - 1))
    }
}
