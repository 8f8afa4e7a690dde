import Messages

/// Response deadlines and escalation: each level has a time to acknowledge; a warning still unacknowledged after it
/// goes one level up and to the coordination office, with a new deadline of the new level. A red warning already
/// pushed to the coordination office has nowhere further to go and stays overdue.
struct EscalationPolicy: Sendable {
    typealias Level = WarningMessages.Level

    var configuration: WarningConfiguration

    /// When a warning of `level` pushed at `from` must be acknowledged (ms).
    func acknowledgeBy(_ level: Level, from: Int64) -> Int64 {
        from + configuration.deadline(level) * 1_000
    }

    /// Whether an unacknowledged warning is past its deadline at `now`.
    func isOverdue(_ record: WarningRecord, now: Int64) -> Bool {
        record.isUnacknowledged && now > record.ackDueAt
    }

    /// The escalation of an overdue warning: its new level and departments, or nil when it cannot go further.
    func escalate(_ record: WarningRecord) -> (level: Level, pushedTo: [String])? {
        let office = configuration.coordinationDept
        let level = record.level.escalated
        let pushedTo = record.pushedTo.contains(office) ? record.pushedTo : record.pushedTo + [office]
        if level == record.level, pushedTo == record.pushedTo { return nil }
        return (level, pushedTo)
    }
}
