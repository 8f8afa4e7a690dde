import Foundation
import Messages

/// Validation of a result's content, whoever records it: outcome and deadline, evidence digests, findings.
enum ResultRules {
    typealias M = InspectionMessages

    static let maxFindings = 20_000
    static let maxEvidence = 200

    /// The content of a result after validation, in stored form.
    struct Content: Sendable {
        var outcome: M.Outcome
        var deadline: String?
        var findings: String
        var internalNotes: String?
        var evidence: [M.Evidence]
    }

    static func validate(
        outcome: M.Outcome, deadline: String?, findings: String?, internalNotes: String?, evidence: [M.Evidence]?, today: String
    ) throws -> Content {
        let deadline = deadline.flatMap { $0.isEmpty ? nil : $0 }
        switch (outcome, deadline) {
        case (.orderedToCorrect, nil):
            throw InspectionError.invalidArgument(
                field: "params.deadline", "an orderedToCorrect result needs params.deadline (YYYY-MM-DD), the day the correction is due")
        case (.orderedToCorrect, let day?):
            guard InspectionCalendar.date(ofDay: day) != nil else {
                throw InspectionError.invalidArgument(field: "params.deadline", "params.deadline \(day.debugDescription) is not a YYYY-MM-DD day")
            }
            guard day >= today else {
                throw InspectionError.invalidArgument(
                    field: "params.deadline", "params.deadline \(day) is in the past; the correction must be due \(today) or later")
            }
        case (_, let day?):
            throw InspectionError.invalidArgument(
                field: "params.deadline", "params.deadline (\(day)) applies only to orderedToCorrect; drop it for \(outcome.rawValue)")
        case (_, nil):
            break
        }
        let findings = findings?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if outcome == .failed || outcome == .orderedToCorrect, findings.isEmpty {
            throw InspectionError.invalidArgument(
                field: "params.findings", "a \(outcome.rawValue) result needs params.findings saying what was found")
        }
        guard findings.count <= maxFindings else {
            throw InspectionError.invalidArgument(
                field: "params.findings", "params.findings has \(findings.count) characters; at most \(maxFindings)")
        }
        let evidence = evidence ?? []
        guard evidence.count <= maxEvidence else {
            throw InspectionError.invalidArgument(
                field: "params.evidence", "at most \(maxEvidence) evidence digests per result, got \(evidence.count)")
        }
        var normalised: [M.Evidence] = []
        for (index, file) in evidence.enumerated() {
            guard Hex.isSHA256(file.sha256) else {
                throw InspectionError.invalidArgument(
                    field: "params.evidence[\(index)].sha256", "params.evidence[\(index)].sha256 must be a SHA-256 digest: 64 hex digits of the file")
            }
            normalised.append(M.Evidence(sha256: file.sha256.lowercased(), name: file.name))
        }
        let notes = internalNotes.flatMap { $0.isEmpty ? nil : $0 }
        return Content(outcome: outcome, deadline: deadline, findings: findings, internalNotes: notes, evidence: normalised)
    }
}
