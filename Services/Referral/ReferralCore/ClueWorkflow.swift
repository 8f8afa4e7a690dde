import Messages

/// The clue workflow (DESIGN §4) as data: which action applies in which status and where it leads.
///
/// registered → assigned (分办) → accepted (签收) → investigating → concluded → feedbackGiven → closed.
/// A return (退回) from `assigned` re-routes the clue (back to `assigned`, another department); the second return
/// opens a jurisdiction dispute (`disputed`) that the coordination office decides (→ `assigned`, final).
/// A transfer (转办) hands an open clue to a named department (→ `assigned`). The coordination office may close any
/// open clue with a reason (e.g. a duplicate or an invalid clue).
public enum ClueWorkflow {
    public typealias Status = ReferralMessages.ClueStatus

    /// Actions on a clue.
    public enum Action: String, Sendable, CaseIterable {
        case assign, accept, `return`, transfer, investigate, conclude, feedback, close, decide
    }

    /// Returns that turn a clue into a jurisdiction dispute.
    public static let disputeThreshold = 2

    /// The statuses an action starts from.
    public static func sources(of action: Action) -> [Status] {
        switch action {
        case .assign: [.registered, .assigned]
        case .accept: [.assigned]
        case .return: [.assigned]
        case .transfer: [.assigned, .accepted, .investigating]
        case .investigate: [.accepted]
        case .conclude: [.accepted, .investigating]
        case .feedback: [.concluded]
        case .close: [.feedbackGiven]
        case .decide: [.disputed]
        }
    }

    /// Statuses the coordination office may close a clue from (besides `feedbackGiven`).
    public static let openStatuses: [Status] = [.registered, .assigned, .accepted, .investigating, .concluded, .feedbackGiven, .disputed]

    /// Where an action leads. `returnsAfter` is the clue's return count including this one (for `return`).
    public static func target(of action: Action, returnsAfter: Int = 0) -> Status {
        switch action {
        case .assign, .transfer, .decide: .assigned
        case .accept: .accepted
        case .return: returnsAfter >= disputeThreshold ? .disputed : .assigned
        case .investigate: .investigating
        case .conclude: .concluded
        case .feedback: .feedbackGiven
        case .close: .closed
        }
    }

    /// Throws `FAILED_PRECONDITION` unless `action` applies to a clue in `status`. `method` names what the caller
    /// called when that is not the action itself (a case transfer is checked as a conclusion, but refused as itself).
    public static func check(_ action: Action, clueId: String, status: Status, allowed: [Status]? = nil, method: String? = nil) throws {
        let allowed = allowed ?? sources(of: action)
        guard allowed.contains(status) else {
            throw ReferralError.failedPrecondition(
                "clue \(clueId) is \(status.rawValue); \(method ?? action.rawValue) applies to a clue that is \(allowed.map(\.rawValue).joined(separator: " or "))")
        }
    }

    /// The deadline step a status is on, if any.
    public static func deadlineStep(for status: Status) -> ReferralMessages.DeadlineStep? {
        switch status {
        case .assigned: .signOff
        case .accepted, .investigating: .conclusion
        case .concluded: .feedback
        case .registered, .feedbackGiven, .closed, .disputed: nil
        }
    }
}
