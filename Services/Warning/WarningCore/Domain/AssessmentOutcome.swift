import Messages

/// The outcome of a joint assessment (综合研判) once every department has answered: precautionary — one department
/// confirming the risk confirms it; it is ruled out only when all rule it out; otherwise undetermined.
enum AssessmentOutcome {
    static func outcome(_ views: [WarningMessages.AssessmentView]) -> WarningMessages.AssessmentView {
        if views.contains(.confirmed) { return .confirmed }
        if !views.isEmpty, views.allSatisfy({ $0 == .notConfirmed }) { return .notConfirmed }
        return .undetermined
    }
}
