import Foundation

/// The inspection service's own settings, read once at start from the raw environment.
public struct InspectionConfiguration: Sendable, Equatable {
    /// How a clue for another department is handed to referral.
    public enum ClueSinkKind: String, Sendable {
        /// `referral clues.register` over the bus (production).
        case bus
        /// Kept in memory (tests, demos without referral).
        case memory
    }

    /// `JG_RECOGNITION_DAYS`: how long a published result counts for every department on its item (互认). Default 365.
    public var recognitionDays: Int
    /// `JG_RECHECK_WINDOW_DAYS`: length of a re-check task's window, starting at the correction deadline. Default 15.
    public var recheckWindowDays: Int
    /// `JG_WARNING_TASK_DAYS`: window length of a task from a warning that gives no window. Default 30.
    public var warningTaskDays: Int
    /// `JG_INSPECTION_CLUE_SINK`: `bus` (default) or `memory`.
    public var clueSink: ClueSinkKind

    public static let variables = ["JG_RECOGNITION_DAYS", "JG_RECHECK_WINDOW_DAYS", "JG_WARNING_TASK_DAYS", "JG_INSPECTION_CLUE_SINK"]

    public init(environment: [String: String]) throws {
        func days(_ key: String, _ fallback: Int) throws -> Int {
            guard let text = environment[key], !text.isEmpty else { return fallback }
            guard let value = Int(text), (1...3_650).contains(value) else {
                throw ConfigurationProblem(message: "\(key)=\(text) is not a whole number of days in 1...3650")
            }
            return value
        }
        recognitionDays = try days("JG_RECOGNITION_DAYS", 365)
        recheckWindowDays = try days("JG_RECHECK_WINDOW_DAYS", 15)
        warningTaskDays = try days("JG_WARNING_TASK_DAYS", 30)
        let sink = environment["JG_INSPECTION_CLUE_SINK"].flatMap { $0.isEmpty ? nil : $0 } ?? "bus"
        guard let kind = ClueSinkKind(rawValue: sink) else {
            throw ConfigurationProblem(message: "JG_INSPECTION_CLUE_SINK=\(sink) is not one of bus, memory")
        }
        clueSink = kind
    }
}

/// A setting the service cannot start with.
public struct ConfigurationProblem: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}
