import Messages

/// The closed loop of a warning (生成 → 推送 → 核查 → 处置 → 反馈): generated → pushed → acknowledged → verifying →
/// handled → feedback → closed. A pushed department moves it one step at a time; the coordination office (admin) may
/// also close it from any open status (e.g. a false alarm), with a reason.
enum WarningLifecycle {
    typealias Status = WarningMessages.WarningStatus

    /// What a department does to a warning; the raw value is the method's verb.
    enum Action: String, Sendable, CaseIterable {
        case ack, verify, handle, feedback, close

        /// The status the action leads to.
        var target: Status {
            switch self {
            case .ack: .acknowledged
            case .verify: .verifying
            case .handle: .handled
            case .feedback: .feedback
            case .close: .closed
            }
        }

        /// The statuses the action starts from in the ordinary loop.
        var sources: [Status] {
            switch self {
            case .ack: [.generated, .pushed]
            case .verify: [.acknowledged]
            case .handle: [.verifying]
            case .feedback: [.handled]
            case .close: [.feedback]
            }
        }

        /// Whether the action must say what was found, done or reported.
        var needsNote: Bool { self == .verify || self == .handle || self == .feedback }
    }

    /// The status after `action`, or `FAILED_PRECONDITION` naming what it needs.
    static func next(_ action: Action, from status: Status, warningId: String, byCoordinationOffice: Bool) throws -> Status {
        if action.sources.contains(status) { return action.target }
        if action == .close, byCoordinationOffice, status != .closed { return .closed }
        throw WarningError.wrongStatus(
            warningId: warningId, status: status, action: action.rawValue, needs: action.sources.map(\.rawValue).joined(separator: " or "))
    }

    /// `verify` findings.
    static let findings: Set<String> = ["confirmed", "notConfirmed"]
}
