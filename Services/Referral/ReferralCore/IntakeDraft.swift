import Foundation
import Messages

/// A `clues.register` request checked and normalised: who reports it, when it was received, which entity, items,
/// domain and attachments.
struct IntakeDraft: Sendable {
    typealias M = ReferralMessages

    var source: M.ClueSource
    var sourceRef: String?
    var receivedAt: Date
    var uscc: String?
    var entity: String?
    var description: String
    var items: [String]
    var domain: String?
    var attachments: [String]
    var reporter: M.ReporterContact?
    var reportingDept: String?

    static func validated(_ params: M.ClueRegister, actor: Actor, now: Date) throws -> IntakeDraft {
        func optional(_ text: String?) -> String? {
            text.map(Validation.trimmed).flatMap { $0.isEmpty ? nil : $0 }
        }
        let description = try Validation.text(params.description, field: "params.description")
        let sourceRef = optional(params.sourceRef)
        if let sourceRef, sourceRef.count > 200 {
            throw ReferralError.invalidArgument(field: "params.sourceRef", "params.sourceRef is longer than 200 characters")
        }
        var receivedAt = now
        if let text = optional(params.receivedAt) {
            guard let date = ReferralClock.parse(text) else {
                throw ReferralError.invalidArgument(
                    field: "params.receivedAt", "params.receivedAt \(text.debugDescription) is not an ISO-8601 timestamp, e.g. 2025-09-25T02:00:00Z")
            }
            guard date <= now.addingTimeInterval(300) else {
                throw ReferralError.invalidArgument(field: "params.receivedAt", "params.receivedAt \(text) is in the future")
            }
            receivedAt = date
        }
        let uscc = optional(params.uscc)?.uppercased()
        if let uscc { try Validation.uscc(uscc, field: "params.uscc") }
        let entity = optional(params.entity)
        guard uscc != nil || entity != nil else {
            throw ReferralError.invalidArgument(
                field: "params.uscc", "name the entity: params.uscc (unified social credit code) or, when it is unknown, params.entity describing it")
        }
        var items: [String] = []
        for (index, code) in (params.suspectedItems ?? []).enumerated() {
            guard let code = optional(code) else { throw ReferralError.missing("params.suspectedItems[\(index)]") }
            if !items.contains(code) { items.append(code) }
        }
        guard items.count <= 50 else { throw ReferralError.invalidArgument(field: "params.suspectedItems", "at most 50 suspected items per clue") }
        let attachments = try (params.attachments ?? []).enumerated().map { index, digest in
            try Validation.digest(digest, field: "params.attachments[\(index)]")
        }
        guard attachments.count <= 100 else { throw ReferralError.invalidArgument(field: "params.attachments", "at most 100 attachments per clue") }

        // The reporting department: an operator's own; admin and services name it (required for department findings).
        var reportingDept = optional(params.reportingDept)
        if actor.role == .operator {
            guard let own = actor.dept, !own.isEmpty else {
                throw ReferralError.permissionDenied("the caller's token names no department; an operator registers for their own department")
            }
            if let reportingDept, reportingDept != own {
                throw ReferralError.permissionDenied("an operator of \(own) may not register a clue reported by \(reportingDept)")
            }
            reportingDept = own
        }
        if params.source == .department, reportingDept == nil {
            throw ReferralError.invalidArgument(field: "params.reportingDept", "a department's own finding names params.reportingDept, the department reporting it")
        }
        var reporter = params.reporter
        if let contact = reporter, [contact.name, contact.phone, contact.email, contact.address].allSatisfy({ optional($0) == nil }) {
            reporter = nil
        }
        return IntakeDraft(
            source: params.source, sourceRef: sourceRef, receivedAt: receivedAt, uscc: uscc, entity: entity, description: description, items: items,
            domain: optional(params.domain), attachments: attachments, reporter: reporter, reportingDept: reportingDept)
    }
}
