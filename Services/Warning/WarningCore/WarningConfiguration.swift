import Foundation
import Messages

/// The warning service's own settings, read once from the environment at start (the suite's are in
/// `SuiteConfiguration`).
public struct WarningConfiguration: Sendable, Equatable {
    /// `JG_WARNING_ACK_RED`, `_ORANGE`, `_YELLOW`, `_BLUE`: how long a pushed department has to acknowledge a warning
    /// of that level before it escalates. Defaults 1h, 4h, 24h, 72h.
    public var acknowledgeWithin: [WarningMessages.Level: Int64]
    /// `JG_WARNING_ESCALATION_CHECK_S`: how often the watcher looks for overdue warnings. Default 60.
    public var escalationCheckSeconds: Int
    /// `JG_WARNING_COORDINATION_DEPT`: the coordination office's department code (专班办公室), which escalations
    /// reach. Default `coordination-office`.
    public var coordinationDept: String
    /// `JG_WARNING_INSPECTION_DAYS`: the window, from today, of a requested joint inspection. Default 15.
    public var inspectionDays: Int
    /// `JG_WARNING_MAX_BATCH`: most rows in one `signals.ingest`. Default 10000.
    public var maxBatch: Int

    public static let variables = [
        "JG_WARNING_ACK_RED", "JG_WARNING_ACK_ORANGE", "JG_WARNING_ACK_YELLOW", "JG_WARNING_ACK_BLUE", "JG_WARNING_ESCALATION_CHECK_S",
        "JG_WARNING_COORDINATION_DEPT", "JG_WARNING_INSPECTION_DAYS", "JG_WARNING_MAX_BATCH",
    ]

    public static let defaultAcknowledgeWithin: [WarningMessages.Level: Int64] = [.red: 3_600, .orange: 4 * 3_600, .yellow: 24 * 3_600, .blue: 72 * 3_600]

    public init() {
        acknowledgeWithin = Self.defaultAcknowledgeWithin
        escalationCheckSeconds = 60
        coordinationDept = "coordination-office"
        inspectionDays = 15
        maxBatch = 10_000
    }

    public init(environment: [String: String]) throws {
        self.init()
        func value(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        for level in WarningMessages.Level.allCases {
            let key = "JG_WARNING_ACK_\(level.rawValue.uppercased())"
            guard let text = value(key) else { continue }
            guard let seconds = DurationText.seconds(text) else {
                throw WarningConfigurationError(problem: "\(key)=\(text) is not a duration; use e.g. 1h, 30m, 3d")
            }
            acknowledgeWithin[level] = seconds
        }
        func number(_ key: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let text = value(key) else { return nil }
            guard let number = Int(text), range.contains(number) else {
                throw WarningConfigurationError(problem: "\(key)=\(text) is not a whole number in \(range.lowerBound)...\(range.upperBound)")
            }
            return number
        }
        escalationCheckSeconds = try number("JG_WARNING_ESCALATION_CHECK_S", 1...86_400) ?? escalationCheckSeconds
        inspectionDays = try number("JG_WARNING_INSPECTION_DAYS", 1...365) ?? inspectionDays
        maxBatch = try number("JG_WARNING_MAX_BATCH", 1...1_000_000) ?? maxBatch
        coordinationDept = value("JG_WARNING_COORDINATION_DEPT") ?? coordinationDept
    }

    /// Seconds to acknowledge a warning of `level`.
    public func deadline(_ level: WarningMessages.Level) -> Int64 {
        acknowledgeWithin[level] ?? Self.defaultAcknowledgeWithin[level] ?? 3_600
    }
}

/// A warning setting in the environment that cannot be used; the process refuses to start.
public struct WarningConfigurationError: Error, CustomStringConvertible {
    public var problem: String
    public var description: String { problem }
}
