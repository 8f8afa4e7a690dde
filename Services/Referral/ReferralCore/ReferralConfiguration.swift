import Foundation

/// The referral service's own settings, read once from the environment at start (the suite's are in
/// `SuiteConfiguration`). Each property names its variable and default.
public struct ReferralConfiguration: Sendable {
    /// `JG_COORDINATION_DEPT`: the coordination office's department code (专班办公室) — gets unroutable clues,
    /// escalations and disputes. Default `hy-coordination`.
    public var coordinationDept: String
    /// `JG_PUBLIC_SECURITY_DEPT`: where criminal transfers go by default. Default `hy-police`.
    public var publicSecurityDept: String
    /// `JG_HOLIDAYS`: comma-separated `YYYY-MM-DD` days off; `JG_WORKDAYS`: weekend days worked (调休). Default: the
    /// official 2025 arrangement. Setting either replaces that list.
    public var calendar: WorkingCalendar
    /// `JG_REFERRAL_DEADLINES`: `source=signOff/conclusion/feedback` working days, e.g. `hotline12345=1/15/2`.
    /// Default `DeadlinePolicy.defaultLimits`.
    public var deadlines: DeadlinePolicy
    /// `JG_REFERRAL_LINK_DAYS`: clues about the same entity received within this many days are linked. Default 90.
    public var linkWindowDays: Int
    /// `JG_REFERRAL_OVERDUE_CHECK_S`: how often the overdue watcher runs. Default 300.
    public var overdueCheckSeconds: Int
    /// `JG_REFERRAL_ROUTING_TTL_S`: how long catalog routing data is cached. Default 300.
    public var routingCacheSeconds: Int
    /// `JG_REFERRAL_ROUTING_CSV`: route from an items CSV (`code,…,lead,cooperating,domain`) instead of asking the
    /// catalog (offline demos, tests). Default unset: the catalog over the bus.
    public var routingCSV: String?
    /// `JG_REFERRAL_CONTACT_KEY`: base64 of a 32-byte key sealing reporter contacts with AES-256-GCM. Unset: contacts
    /// are kept in their own table unsealed (a warning is logged at start).
    public var contactKey: Data?
    /// `JG_REFERRAL_NOW`: a fixed instant (ISO-8601) to run at (demos, tests). Default the real clock.
    public var fixedNow: Date?

    public static let variables = [
        "JG_COORDINATION_DEPT", "JG_PUBLIC_SECURITY_DEPT", "JG_HOLIDAYS", "JG_WORKDAYS", "JG_REFERRAL_DEADLINES", "JG_REFERRAL_LINK_DAYS",
        "JG_REFERRAL_OVERDUE_CHECK_S", "JG_REFERRAL_ROUTING_TTL_S", "JG_REFERRAL_ROUTING_CSV", "JG_REFERRAL_CONTACT_KEY", "JG_REFERRAL_NOW",
    ]

    public init(environment: [String: String]) throws(ReferralConfigurationError) {
        func value(_ key: String) -> String? { environment[key].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
        func number(_ key: String, _ fallback: Int, _ range: ClosedRange<Int>) throws(ReferralConfigurationError) -> Int {
            guard let text = value(key) else { return fallback }
            guard let number = Int(text), range.contains(number) else {
                throw ReferralConfigurationError(problem: "\(key)=\(text) is not a whole number in \(range.lowerBound)...\(range.upperBound)")
            }
            return number
        }
        func days(_ key: String) throws(ReferralConfigurationError) -> Set<String>? {
            guard let text = environment[key] else { return nil }
            var days: Set<String> = []
            for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
                guard WorkingCalendar.start(of: part) != nil else {
                    throw ReferralConfigurationError(problem: "\(key) holds \(part.debugDescription), which is not a date; use YYYY-MM-DD,YYYY-MM-DD,…")
                }
                days.insert(part)
            }
            return days
        }

        coordinationDept = value("JG_COORDINATION_DEPT") ?? "hy-coordination"
        publicSecurityDept = value("JG_PUBLIC_SECURITY_DEPT") ?? "hy-police"
        let holidays = try days("JG_HOLIDAYS")
        let workdays = try days("JG_WORKDAYS")
        if holidays == nil, workdays == nil {
            calendar = .china2025
        } else {
            calendar = WorkingCalendar(holidays: holidays ?? [], extraWorkdays: workdays ?? [])
        }
        let limits = try value("JG_REFERRAL_DEADLINES").map { text throws(ReferralConfigurationError) in try DeadlinePolicy.parseLimits(text) } ?? [:]
        deadlines = DeadlinePolicy(limits: limits, calendar: calendar)
        linkWindowDays = try number("JG_REFERRAL_LINK_DAYS", 90, 0...3_650)
        overdueCheckSeconds = try number("JG_REFERRAL_OVERDUE_CHECK_S", 300, 1...86_400)
        routingCacheSeconds = try number("JG_REFERRAL_ROUTING_TTL_S", 300, 0...86_400)
        routingCSV = value("JG_REFERRAL_ROUTING_CSV")
        if let key = value("JG_REFERRAL_CONTACT_KEY") {
            guard let data = Data(base64Encoded: key), data.count == 32 else {
                throw ReferralConfigurationError(problem: "JG_REFERRAL_CONTACT_KEY must be base64 of 32 bytes (e.g. `openssl rand -base64 32`)")
            }
            contactKey = data
        }
        if let now = value("JG_REFERRAL_NOW") {
            guard let date = ReferralClock.parse(now) else {
                throw ReferralConfigurationError(problem: "JG_REFERRAL_NOW=\(now) is not an ISO-8601 timestamp, e.g. 2025-09-25T02:00:00Z")
            }
            fixedNow = date
        }
    }
}

/// A referral setting in the environment that cannot be used; the process refuses to start.
public struct ReferralConfigurationError: Error, CustomStringConvertible {
    public var problem: String
    public var description: String { problem }
}
