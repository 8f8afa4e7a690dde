import Messages

/// What can be done to a task in each state (scheduled → inProgress → submitted → published → closed; cancelled).
enum TaskLifecycle {
    typealias Status = InspectionMessages.TaskStatus

    enum Step: String, Sendable {
        case start, record, submit, publish, cancel, reassign
    }

    /// The states a step is allowed from.
    static func allowed(_ step: Step) -> Set<Status> {
        switch step {
        case .start: [.scheduled]
        case .record, .submit: [.inProgress]
        case .publish: [.submitted, .published]
        case .cancel: [.scheduled, .inProgress, .submitted]
        case .reassign: [.scheduled, .inProgress]
        }
    }

    /// Throws `FAILED_PRECONDITION` with what to do instead unless `step` is allowed from `status`.
    static func check(_ step: Step, taskId: String, status: Status) throws {
        guard !allowed(step).contains(status) else { return }
        let hint: String
        switch (step, status) {
        case (.record, .scheduled), (.submit, .scheduled): hint = "start it first with `inspection tasks.start taskId=\(taskId)`"
        case (.publish, .inProgress): hint = "submit it first with `inspection tasks.submit taskId=\(taskId)`"
        case (_, .cancelled): hint = "it was cancelled"
        case (_, .closed): hint = "it is closed; a published result is changed only with `results.correct`"
        case (_, .published), (_, .submitted):
            hint =
                step == .record
                ? "its results were submitted; a published result is changed only with `results.correct`" : "its results were submitted"
        default: hint = "this step is allowed only when the task is \(allowed(step).map(\.rawValue).sorted().joined(separator: " or "))"
        }
        throw InspectionError.failedPrecondition(
            "task \(taskId) is \(status.rawValue), so it cannot \(step.rawValue): \(hint)",
            details: ["taskId": .string(taskId), "status": .string(status.rawValue)])
    }
}
