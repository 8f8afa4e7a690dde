import Foundation

/// The planning service's own settings, read from the environment at start (the suite's are in `SuiteConfiguration`).
public struct PlanningConfiguration: Sendable, Equatable {
    /// `JG_PLANNING_DUE`: `MM-DD`, the day of its year a plan is due by; later ones are flagged late. Default `03-31`.
    public var dueMonth: Int
    public var dueDay: Int
    /// `JG_PLANNING_TODAY`: `YYYY-MM-DD`, a fixed calendar day for demos and tests. Default: the real day in China
    /// Standard Time.
    public var today: String?

    public static let variables = ["JG_PLANNING_DUE", "JG_PLANNING_TODAY"]

    public init(dueMonth: Int = 3, dueDay: Int = 31, today: String? = nil) {
        self.dueMonth = dueMonth
        self.dueDay = dueDay
        self.today = today
    }

    public init(environment: [String: String]) throws {
        self.init()
        if let due = environment["JG_PLANNING_DUE"], !due.isEmpty {
            let parts = due.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2, PlanningCalendar.isDate("2024-\(due)") else {
                throw PlanningConfigurationError(problem: "JG_PLANNING_DUE=\(due) is not a month and day; use MM-DD, e.g. 03-31")
            }
            dueMonth = parts[0]
            dueDay = parts[1]
        }
        if let today = environment["JG_PLANNING_TODAY"], !today.isEmpty {
            guard PlanningCalendar.isDate(today) else {
                throw PlanningConfigurationError(problem: "JG_PLANNING_TODAY=\(today) is not a date; use YYYY-MM-DD")
            }
            self.today = today
        }
    }

    /// The day plans of `year` are due by.
    public func dueOn(year: Int) -> String {
        PlanningCalendar.format(year: year, month: dueMonth, day: dueDay)
    }

    /// Today in China Standard Time (or the configured day).
    public func currentDay(now: Date = Date()) -> String {
        today ?? PlanningCalendar.day(of: now)
    }
}

/// A setting the planning service cannot start with.
public struct PlanningConfigurationError: Error, CustomStringConvertible {
    public var problem: String
    public var description: String { problem }
}

/// Calendar days as `YYYY-MM-DD` in China Standard Time.
public enum PlanningCalendar {
    static let timeZone = TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt

    static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    public static func day(of date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return format(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    public static func format(year: Int, month: Int, day: Int) -> String {
        "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// `value` in decimal, left-padded with zeros to `width` digits (identifiers such as `P2025-0001`).
    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// True for a real calendar day written `YYYY-MM-DD`.
    public static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return false }
        let components = DateComponents(year: year, month: month, day: day)
        return components.isValidDate(in: calendar)
    }

    public static func year(of day: String) -> Int? { Int(day.prefix(4)) }
}
