import Foundation
import GRDB
import Messages

/// One row of `referral_clues`: the clue as stored (the wire type `ReferralMessages.Clue` is built from it).
struct ClueRecord: Sendable, Hashable {
    typealias M = ReferralMessages

    var seq: Int64?
    var id: String
    var source: M.ClueSource
    var sourceRef: String?
    var receivedAt: String
    var registeredAt: String
    var registeredByDept: String?
    var registeredBy: String?
    var reportingDept: String?
    var uscc: String?
    var entity: String?
    var description: String
    var items: [String]
    var domain: String?
    var attachments: [String]
    var status: M.ClueStatus
    var assignedDept: String?
    var assignedAt: String?
    var routeMode: M.RouteMode?
    var routeReason: String?
    var routedItems: [String] = []
    var jointDepts: [String] = []
    var cooperatingDepts: [String] = []
    var acceptedAt: String?
    var concludedAt: String?
    var finding: M.Finding?
    var severity: M.Severity?
    var conclusion: String?
    var feedbackAt: String?
    var feedback: String?
    var closedAt: String?
    var closeReason: String?
    var dueStep: M.DeadlineStep?
    var dueAt: String?
    var escalatedDue: String?
    var escalations = 0
    var returns = 0
    var transfers = 0
    /// The coordination office decided a dispute over it: no more returns.
    var decided = false
    var hasReporter = false
    var updatedAt: String

    /// Applies a routing decision as the clue's assignment at `at`.
    mutating func assign(_ routing: M.Routing, at timestamp: String) {
        assignedDept = routing.dept
        assignedAt = timestamp
        routeMode = routing.mode
        routeReason = routing.reason
        routedItems = routing.items
        jointDepts = routing.jointDepts
        cooperatingDepts = routing.cooperatingDepts
        acceptedAt = nil
    }

    var routing: M.Routing? {
        guard let routeMode, let assignedDept else { return nil }
        return M.Routing(
            mode: routeMode, dept: assignedDept, jointDepts: jointDepts, items: routedItems, cooperatingDepts: cooperatingDepts, reason: routeReason ?? "")
    }

    func wire(now: String) -> M.Clue {
        M.Clue(
            id: id, source: source, sourceRef: sourceRef, receivedAt: receivedAt, registeredAt: registeredAt, reportingDept: reportingDept, uscc: uscc,
            entity: entity, description: description, suspectedItems: items, domain: domain, attachments: attachments, status: status,
            dept: assignedDept, assignedAt: assignedAt, routing: routing, acceptedAt: acceptedAt, concludedAt: concludedAt, finding: finding,
            severity: severity, conclusion: conclusion, feedbackAt: feedbackAt, feedback: feedback, closedAt: closedAt, closeReason: closeReason,
            deadline: dueStep.flatMap { step in dueAt.map { M.Deadline(step: step, dueAt: $0, overdue: $0 < now) } }, escalations: escalations,
            returns: returns, transfers: transfers, hasReporter: hasReporter)
    }
}

extension ClueRecord {
    static let columns = """
        seq, id, source, source_ref, received_at, registered_at, registered_by_dept, registered_by, reporting_dept, uscc, entity, description,
        items, domain, attachments, status, assigned_dept, assigned_at, route_mode, route_reason, routed_items, joint_depts, cooperating_depts,
        accepted_at, concluded_at, finding, severity, conclusion, feedback_at, feedback, closed_at, close_reason, due_step, due_at, escalated_due,
        escalations, returns, transfers, decided, has_reporter, updated_at
        """

    init(row: Row) throws {
        guard let source = M.ClueSource(rawValue: row["source"]), let status = M.ClueStatus(rawValue: row["status"]) else {
            throw ClueStoreError(problem: "clue \(row["id"] as String? ?? "?") has an unknown source or status")
        }
        seq = row["seq"]
        id = row["id"]
        self.source = source
        sourceRef = row["source_ref"]
        receivedAt = row["received_at"]
        registeredAt = row["registered_at"]
        registeredByDept = row["registered_by_dept"]
        registeredBy = row["registered_by"]
        reportingDept = row["reporting_dept"]
        uscc = row["uscc"]
        entity = row["entity"]
        description = row["description"]
        items = Self.list(row["items"])
        domain = row["domain"]
        attachments = Self.list(row["attachments"])
        self.status = status
        assignedDept = row["assigned_dept"]
        assignedAt = row["assigned_at"]
        routeMode = (row["route_mode"] as String?).flatMap(M.RouteMode.init(rawValue:))
        routeReason = row["route_reason"]
        routedItems = Self.list(row["routed_items"])
        jointDepts = Self.list(row["joint_depts"])
        cooperatingDepts = Self.list(row["cooperating_depts"])
        acceptedAt = row["accepted_at"]
        concludedAt = row["concluded_at"]
        finding = (row["finding"] as String?).flatMap(M.Finding.init(rawValue:))
        severity = (row["severity"] as String?).flatMap(M.Severity.init(rawValue:))
        conclusion = row["conclusion"]
        feedbackAt = row["feedback_at"]
        feedback = row["feedback"]
        closedAt = row["closed_at"]
        closeReason = row["close_reason"]
        dueStep = (row["due_step"] as String?).flatMap(M.DeadlineStep.init(rawValue:))
        dueAt = row["due_at"]
        escalatedDue = row["escalated_due"]
        escalations = row["escalations"]
        returns = row["returns"]
        transfers = row["transfers"]
        decided = row["decided"]
        hasReporter = row["has_reporter"]
        updatedAt = row["updated_at"]
    }

    var arguments: StatementArguments {
        [
            id, source.rawValue, sourceRef, receivedAt, registeredAt, registeredByDept, registeredBy, reportingDept, uscc, entity, description,
            Self.json(items), domain, Self.json(attachments), status.rawValue, assignedDept, assignedAt, routeMode?.rawValue, routeReason,
            Self.json(routedItems), Self.json(jointDepts), Self.json(cooperatingDepts), acceptedAt, concludedAt, finding?.rawValue,
            severity?.rawValue, conclusion, feedbackAt, feedback, closedAt, closeReason, dueStep?.rawValue, dueAt, escalatedDue, escalations,
            returns, transfers, decided, hasReporter, updatedAt,
        ]
    }

    /// JSON text of a list of strings (codes and digests need no escaping beyond what this does).
    static func json(_ values: [String]) -> String {
        guard !values.isEmpty else { return "[]" }
        var out = "["
        for (index, value) in values.enumerated() {
            if index > 0 { out += "," }
            out += "\""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            out += "\""
        }
        return out + "]"
    }

    static func list(_ text: String?) -> [String] {
        guard let text, !text.isEmpty, text != "[]" else { return [] }
        return (try? Wire.decode([String].self, from: Data(text.utf8))) ?? []
    }
}

/// A stored row the service cannot read back.
struct ClueStoreError: Error, CustomStringConvertible {
    var problem: String
    var description: String { problem }
}
