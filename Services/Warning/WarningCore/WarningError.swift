import Messages

/// Everything the warning service refuses on purpose, each with the status it maps to and a message that says what
/// to do about it.
public enum WarningError: ServiceError, Equatable {
    case unauthenticated(String)
    case permissionDenied(String)
    case invalidField(field: String, String)
    /// A row of `signals.ingest` at fault; the whole batch is refused.
    case invalidRow(row: Int, field: String, String)
    case ruleNotFound(String)
    case ruleVersionNotFound(ruleId: String, version: Int)
    case ruleExists(String)
    case versionConflict(ruleId: String, expected: Int, current: Int)
    case warningNotFound(String)
    case assessmentNotFound(String)
    case wrongStatus(warningId: String, status: WarningMessages.WarningStatus, action: String, needs: String)
    case alreadyResponded(assessmentId: String, dept: String)
    case assessmentClosed(String)
    case assessmentPending(warningId: String, assessmentId: String, pending: [String])
    case batchTooLarge(rows: Int, max: Int)

    public var status: Status {
        switch self {
        case .unauthenticated: .unauthenticated
        case .permissionDenied: .permissionDenied
        case .invalidField, .invalidRow, .batchTooLarge: .invalidArgument
        case .ruleNotFound, .ruleVersionNotFound, .warningNotFound, .assessmentNotFound: .notFound
        case .ruleExists, .alreadyResponded: .alreadyExists
        case .versionConflict: .aborted
        case .wrongStatus, .assessmentClosed, .assessmentPending: .failedPrecondition
        }
    }

    public var message: String {
        switch self {
        case .unauthenticated(let message), .permissionDenied(let message): message
        case .invalidField(let field, let message): "\(field): \(message)"
        case .invalidRow(let row, let field, let message):
            "row \(row) (\(field)): \(message); the batch was not ingested, fix the row and send the whole batch again"
        case .ruleNotFound(let id): "rule \(id) does not exist; rules.list shows the rules"
        case .ruleVersionNotFound(let id, let version): "rule \(id) has no version \(version)"
        case .ruleExists(let id): "rule \(id) already exists; change it with rules.update"
        case .versionConflict(let id, let expected, let current):
            "rule \(id) is at version \(current), not \(expected): someone changed it; read it again (rules.get) and re-apply your change"
        case .warningNotFound(let id): "warning \(id) does not exist"
        case .assessmentNotFound(let id): "assessment \(id) does not exist"
        case .wrongStatus(let id, let status, let action, let needs): "cannot \(action) warning \(id): it is \(status.rawValue), needs \(needs)"
        case .alreadyResponded(let id, let dept): "\(dept) already answered assessment \(id); each department answers once"
        case .assessmentClosed(let id): "assessment \(id) is concluded; it takes no more answers"
        case .assessmentPending(let warningId, let assessmentId, let pending):
            "warning \(warningId) waits for joint assessment \(assessmentId): \(pending.joined(separator: ", ")) still to answer (assessments.respond); the coordination office (admin) may close it anyway"
        case .batchTooLarge(let rows, let max): "the batch has \(rows) rows; send at most \(max) per signals.ingest"
        }
    }

    public var details: JSONValue? {
        switch self {
        case .invalidField(let field, _): ["field": .string(field)]
        case .invalidRow(let row, let field, _): ["row": .int(Int64(row)), "field": .string(field)]
        case .batchTooLarge(let rows, let max): ["field": "params.readings", "rows": .int(Int64(rows)), "max": .int(Int64(max))]
        case .versionConflict(_, _, let current): ["currentVersion": .int(Int64(current))]
        case .assessmentPending(_, _, let pending): ["pending": .array(pending.map(JSONValue.string))]
        default: nil
        }
    }
}
