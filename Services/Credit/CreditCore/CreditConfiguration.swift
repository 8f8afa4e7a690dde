import Foundation

/// The credit service's own settings, read from the environment at start (the suite's are in `SuiteConfiguration`).
public struct CreditConfiguration: Sendable, Equatable {
    /// `JG_CREDIT_TODAY`: a fixed `YYYY-MM-DD` to run on (demos, tests). Default: the real date (UTC+8).
    public var today: String?
    /// `JG_CREDIT_SCHEDULE_CHECK_S`: how often the scheduler checks whether the periodic re-evaluation is due. Default 3600.
    public var scheduleCheckSeconds: Int

    public static let variables = ["JG_CREDIT_TODAY", "JG_CREDIT_SCHEDULE_CHECK_S"]

    public init(environment: [String: String]) throws {
        today = environment["JG_CREDIT_TODAY"].flatMap { $0.isEmpty ? nil : $0 }
        if let today, CreditCalendar.parts(today) == nil {
            throw CreditConfigurationError(problem: "JG_CREDIT_TODAY=\(today) is not a date; use YYYY-MM-DD")
        }
        let check = environment["JG_CREDIT_SCHEDULE_CHECK_S"].flatMap { $0.isEmpty ? nil : $0 }
        if let check {
            guard let seconds = Int(check), (1...86_400).contains(seconds) else {
                throw CreditConfigurationError(problem: "JG_CREDIT_SCHEDULE_CHECK_S=\(check) is not a whole number in 1...86400")
            }
            scheduleCheckSeconds = seconds
        } else {
            scheduleCheckSeconds = 3_600
        }
    }

    /// The calendar these settings give: the real clock, or noon (UTC+8) of `today`.
    var calendar: CreditCalendar {
        guard let today, let parts = CreditCalendar.parts(today) else { return CreditCalendar() }
        var components = DateComponents()
        (components.year, components.month, components.day, components.hour) = (parts.year, parts.month, parts.day, 12)
        let date = CreditCalendar.calendar.date(from: components) ?? Date()
        return CreditCalendar(now: { date })
    }
}

/// A credit setting in the environment that cannot be used; the process refuses to start.
public struct CreditConfigurationError: Error, CustomStringConvertible {
    public var problem: String
    public var description: String { problem }
}
