/// Wire types of the `referral` service (DESIGN §4, 问题线索移送): clue intake, routing, the hand-over workflow,
/// deadlines and escalation (督办), jurisdiction disputes (管辖争议) and criminal transfer (行刑衔接).
///
/// Timestamps are ISO-8601 UTC (`2025-09-25T02:00:00Z`), days `YYYY-MM-DD` in China Standard Time, identifiers strings.
/// No type here that travels in an event or a list carries reporter data: only `Clue.reporter`, filled by `clues.get`
/// for the callers allowed to see it.
public enum ReferralMessages {

    // MARK: - Vocabulary

    /// Where a clue (问题线索) came from.
    public enum ClueSource: String, Codable, Sendable, CaseIterable, WireEnum {
        /// 12345 政务服务便民热线
        case hotline12345
        /// 上级交办
        case superiorAssignment
        /// 互联网+监管 system
        case internetPlusSupervision
        /// 行业协会
        case association
        /// 媒体曝光
        case media
        /// A department's own finding (e.g. an inspection result).
        case department
        /// 投诉举报
        case complaint
    }

    /// Where a clue stands. registered → assigned (分办) → accepted (签收) → investigating → concluded → feedbackGiven →
    /// closed; a return (退回) re-routes to `assigned` again, the second return makes it `disputed` until the
    /// coordination office decides.
    public enum ClueStatus: String, Codable, Sendable, CaseIterable, WireEnum {
        case registered
        case assigned
        case accepted
        case investigating
        case concluded
        case feedbackGiven
        case closed
        case disputed
    }

    /// What the investigation found.
    public enum Finding: String, Codable, Sendable, CaseIterable, WireEnum {
        /// 属实
        case substantiated
        /// 不属实
        case notSubstantiated
        /// Handed on (to public security, another jurisdiction); see `cases.transfer`.
        case transferred
    }

    /// How heavy a substantiated finding is (credit uses it for the record's severity).
    public enum Severity: String, Codable, Sendable, CaseIterable, WireEnum {
        case minor, moderate, serious
    }

    /// How a clue reached its department.
    public enum RouteMode: String, Codable, Sendable, CaseIterable, WireEnum {
        /// One lead department from the catalog.
        case single
        /// Several lead departments concerned: the first one organises joint verification (跨部门协同核查).
        case joint
        /// Nothing in the catalog matched, or every candidate returned it: the coordination office.
        case coordinationOffice
        /// Assigned or transferred by hand.
        case manual
        /// Decided by the coordination office in a jurisdiction dispute.
        case disputeDecision
    }

    /// The deadline step a clue is on (time limits are in working days).
    public enum DeadlineStep: String, Codable, Sendable, CaseIterable, WireEnum {
        /// 签收: counted from assignment.
        case signOff
        /// 办结: counted from acceptance.
        case conclusion
        /// 反馈: counted from conclusion.
        case feedback
    }

    /// A criminal transfer case's state: transferred → acknowledged (receipt) → filed (立案) or declined (不予立案).
    public enum CaseStatus: String, Codable, Sendable, CaseIterable, WireEnum {
        case transferred, acknowledged, filed, declined
    }

    /// Public security's decision on a transferred case.
    public enum CaseOutcome: String, Codable, Sendable, CaseIterable, WireEnum {
        case filed, declined
    }

    public enum DisputeStatus: String, Codable, Sendable, CaseIterable, WireEnum {
        case open, decided
    }

    // MARK: - Intake

    /// The reporter's contact (举报人信息), stored apart from the clue and sealed; never in events or lists.
    public struct ReporterContact: Codable, Sendable, Hashable {
        public var name: String?
        public var phone: String?
        public var email: String?
        public var address: String?
        /// The reporter agreed that the handling department may see this contact. Default false.
        public var consentToShare: Bool?

        public init(name: String? = nil, phone: String? = nil, email: String? = nil, address: String? = nil, consentToShare: Bool? = nil) {
            self.name = name
            self.phone = phone
            self.email = email
            self.address = address
            self.consentToShare = consentToShare
        }
    }

    /// `clues.register`: a clue from any source. Idempotent on (`source`, `sourceRef`).
    public struct ClueRegister: Codable, Sendable, Hashable {
        public var source: ClueSource
        /// The source's own reference number (e.g. the 12345 work-order number, `inspection:<resultId>`).
        public var sourceRef: String?
        /// When the source received it; default now.
        public var receivedAt: String?
        /// The entity's unified social credit code, when known.
        public var uscc: String?
        /// A free description of the entity (name, address) when the USCC is unknown.
        public var entity: String?
        public var description: String
        /// Supervision item codes the problem concerns (e.g. `HY-2025-04`).
        public var suspectedItems: [String]?
        /// The domain (e.g. `gas-safety`) when no item is named.
        public var domain: String?
        public var reporter: ReporterContact?
        /// Digests of the attachments (`sha256:<64 hex>` or 64 hex digits); the files stay with the source.
        public var attachments: [String]?
        /// For `source = department`: the reporting department (operators: their own; default `actor.dept`).
        public var reportingDept: String?

        public init(
            source: ClueSource, sourceRef: String? = nil, receivedAt: String? = nil, uscc: String? = nil, entity: String? = nil,
            description: String, suspectedItems: [String]? = nil, domain: String? = nil, reporter: ReporterContact? = nil,
            attachments: [String]? = nil, reportingDept: String? = nil
        ) {
            self.source = source
            self.sourceRef = sourceRef
            self.receivedAt = receivedAt
            self.uscc = uscc
            self.entity = entity
            self.description = description
            self.suspectedItems = suspectedItems
            self.domain = domain
            self.reporter = reporter
            self.attachments = attachments
            self.reportingDept = reportingDept
        }
    }

    /// `clues.register` result: the clue, and whether this call created it (false: the same `sourceRef` was seen).
    public struct Registration: Codable, Sendable, Hashable {
        public var clue: Clue
        public var created: Bool

        public init(clue: Clue, created: Bool) {
            self.clue = clue
            self.created = created
        }
    }

    // MARK: - The clue

    /// The routing decision and its reason, as stored and shown.
    public struct Routing: Codable, Sendable, Hashable {
        public var mode: RouteMode
        /// The department responsible (for `joint`: the one organising joint verification).
        public var dept: String
        /// For `joint`: the other lead departments taking part.
        public var jointDepts: [String]
        /// Catalog items that matched.
        public var items: [String]
        /// Cooperating departments (配合单位) of the matched items, for information.
        public var cooperatingDepts: [String]
        public var reason: String

        public init(mode: RouteMode, dept: String, jointDepts: [String] = [], items: [String] = [], cooperatingDepts: [String] = [], reason: String) {
            self.mode = mode
            self.dept = dept
            self.jointDepts = jointDepts
            self.items = items
            self.cooperatingDepts = cooperatingDepts
            self.reason = reason
        }
    }

    /// One hand-off away from a department: a return (退回) or a transfer (转办).
    public struct Bounce: Codable, Sendable, Hashable {
        public var kind: String
        public var fromDept: String
        public var toDept: String?
        public var reason: String
        public var at: String

        public init(kind: String, fromDept: String, toDept: String?, reason: String, at: String) {
            self.kind = kind
            self.fromDept = fromDept
            self.toDept = toDept
            self.reason = reason
            self.at = at
        }
    }

    /// One step in a clue's history.
    public struct HistoryEntry: Codable, Sendable, Hashable {
        public var action: String
        public var from: ClueStatus?
        public var to: ClueStatus
        public var dept: String?
        public var actorDept: String?
        public var actorUser: String?
        public var note: String?
        public var at: String

        public init(
            action: String, from: ClueStatus?, to: ClueStatus, dept: String?, actorDept: String?, actorUser: String?, note: String?, at: String
        ) {
            self.action = action
            self.from = from
            self.to = to
            self.dept = dept
            self.actorDept = actorDept
            self.actorUser = actorUser
            self.note = note
            self.at = at
        }
    }

    /// The current deadline: which step, and when it falls due (end of that working day, UTC+8).
    public struct Deadline: Codable, Sendable, Hashable {
        public var step: DeadlineStep
        public var dueAt: String
        public var overdue: Bool

        public init(step: DeadlineStep, dueAt: String, overdue: Bool) {
            self.step = step
            self.dueAt = dueAt
            self.overdue = overdue
        }
    }

    /// A clue as the service keeps it. `history`, `bounces` and `reporter` are filled by `clues.get` only; `reporter`
    /// only for the coordination office, or for the assigned department when the reporter consented.
    public struct Clue: Codable, Sendable, Hashable {
        public var id: String
        public var source: ClueSource
        public var sourceRef: String?
        public var receivedAt: String
        public var registeredAt: String
        public var reportingDept: String?
        public var uscc: String?
        public var entity: String?
        public var description: String
        public var suspectedItems: [String]
        public var domain: String?
        public var attachments: [String]
        public var status: ClueStatus
        public var dept: String?
        public var assignedAt: String?
        public var routing: Routing?
        public var acceptedAt: String?
        public var concludedAt: String?
        public var finding: Finding?
        public var severity: Severity?
        public var conclusion: String?
        public var feedbackAt: String?
        public var feedback: String?
        public var closedAt: String?
        public var closeReason: String?
        public var deadline: Deadline?
        /// Times the clue was escalated (督办) for an overdue step.
        public var escalations: Int
        public var returns: Int
        public var transfers: Int
        /// Whether a reporter contact is on file (the contact itself only in `reporter`).
        public var hasReporter: Bool
        public var reporter: ReporterContact?
        public var bounces: [Bounce]?
        public var history: [HistoryEntry]?

        public init(
            id: String, source: ClueSource, sourceRef: String?, receivedAt: String, registeredAt: String, reportingDept: String?, uscc: String?,
            entity: String?, description: String, suspectedItems: [String], domain: String?, attachments: [String], status: ClueStatus,
            dept: String?, assignedAt: String?, routing: Routing?, acceptedAt: String?, concludedAt: String?, finding: Finding?,
            severity: Severity?, conclusion: String?, feedbackAt: String?, feedback: String?, closedAt: String?, closeReason: String?,
            deadline: Deadline?, escalations: Int, returns: Int, transfers: Int, hasReporter: Bool, reporter: ReporterContact? = nil,
            bounces: [Bounce]? = nil, history: [HistoryEntry]? = nil
        ) {
            self.id = id
            self.source = source
            self.sourceRef = sourceRef
            self.receivedAt = receivedAt
            self.registeredAt = registeredAt
            self.reportingDept = reportingDept
            self.uscc = uscc
            self.entity = entity
            self.description = description
            self.suspectedItems = suspectedItems
            self.domain = domain
            self.attachments = attachments
            self.status = status
            self.dept = dept
            self.assignedAt = assignedAt
            self.routing = routing
            self.acceptedAt = acceptedAt
            self.concludedAt = concludedAt
            self.finding = finding
            self.severity = severity
            self.conclusion = conclusion
            self.feedbackAt = feedbackAt
            self.feedback = feedback
            self.closedAt = closedAt
            self.closeReason = closeReason
            self.deadline = deadline
            self.escalations = escalations
            self.returns = returns
            self.transfers = transfers
            self.hasReporter = hasReporter
            self.reporter = reporter
            self.bounces = bounces
            self.history = history
        }
    }

    // MARK: - Workflow parameters

    /// `clues.get`, `clues.accept`, `clues.investigate`, `clues.related`: one clue, with an optional note.
    public struct ClueRef: Codable, Sendable, Hashable {
        public var clueId: String
        public var note: String?

        public init(clueId: String, note: String? = nil) {
            self.clueId = clueId
            self.note = note
        }
    }

    /// `clues.assign` (分办, coordination office) and `clues.transfer` (转办): hand the clue to `dept`.
    public struct ClueHandOver: Codable, Sendable, Hashable {
        public var clueId: String
        public var dept: String
        public var reason: String?

        public init(clueId: String, dept: String, reason: String? = nil) {
            self.clueId = clueId
            self.dept = dept
            self.reason = reason
        }
    }

    /// `clues.return` (退回): the assigned department says the clue is not its to handle.
    public struct ClueReturn: Codable, Sendable, Hashable {
        public var clueId: String
        public var reason: String

        public init(clueId: String, reason: String) {
            self.clueId = clueId
            self.reason = reason
        }
    }

    /// `clues.conclude`: the finding, a summary (published with a credit record when substantiated), a severity.
    public struct ClueConclude: Codable, Sendable, Hashable {
        public var clueId: String
        public var finding: Finding
        public var summary: String
        public var severity: Severity?

        public init(clueId: String, finding: Finding, summary: String, severity: Severity? = nil) {
            self.clueId = clueId
            self.finding = finding
            self.summary = summary
            self.severity = severity
        }
    }

    /// `clues.feedback` (to the source) and `clues.close`: a text.
    public struct ClueText: Codable, Sendable, Hashable {
        public var clueId: String
        public var text: String?

        public init(clueId: String, text: String? = nil) {
            self.clueId = clueId
            self.text = text
        }
    }

    /// `clues.list` filters; operators see only their own department's clues.
    public struct ClueListQuery: Codable, Sendable, Hashable {
        public var dept: String?
        public var status: ClueStatus?
        public var source: ClueSource?
        public var uscc: String?
        /// Only clues past their current deadline.
        public var overdue: Bool?
        /// Cursor from the previous page's `next`.
        public var after: String?
        /// 1…1000, default 100.
        public var limit: Int?

        public init(
            dept: String? = nil, status: ClueStatus? = nil, source: ClueSource? = nil, uscc: String? = nil, overdue: Bool? = nil, after: String? = nil,
            limit: Int? = nil
        ) {
            self.dept = dept
            self.status = status
            self.source = source
            self.uscc = uscc
            self.overdue = overdue
            self.after = after
            self.limit = limit
        }
    }

    /// `clues.list` result, newest first (overdue lists: most overdue first).
    public struct ClueList: Codable, Sendable, Hashable {
        public var clues: [Clue]
        public var next: String?

        public init(clues: [Clue], next: String?) {
            self.clues = clues
            self.next = next
        }
    }

    /// `clues.related`: clues about the same entity within the link window.
    public struct RelatedClues: Codable, Sendable, Hashable {
        public var clueId: String
        public var uscc: String?
        public var related: [Clue]

        public init(clueId: String, uscc: String?, related: [Clue]) {
            self.clueId = clueId
            self.uscc = uscc
            self.related = related
        }
    }

    /// `clues.escalateOverdue` result: the clues escalated (督办) by this run.
    public struct EscalationRun: Codable, Sendable, Hashable {
        public var escalated: [ClueOverdue]
        public var checkedAt: String

        public init(escalated: [ClueOverdue], checkedAt: String) {
            self.escalated = escalated
            self.checkedAt = checkedAt
        }
    }

    // MARK: - Disputes

    /// A jurisdiction dispute (管辖争议): opened by a clue's second return, decided by the coordination office.
    public struct Dispute: Codable, Sendable, Hashable {
        public var id: String
        public var clueId: String
        public var status: DisputeStatus
        /// The departments that returned the clue, in order.
        public var returnedBy: [String]
        public var openedAt: String
        public var decidedDept: String?
        public var decisionReason: String?
        public var decidedAt: String?
        public var decidedBy: String?

        public init(
            id: String, clueId: String, status: DisputeStatus, returnedBy: [String], openedAt: String, decidedDept: String?, decisionReason: String?,
            decidedAt: String?, decidedBy: String?
        ) {
            self.id = id
            self.clueId = clueId
            self.status = status
            self.returnedBy = returnedBy
            self.openedAt = openedAt
            self.decidedDept = decidedDept
            self.decisionReason = decisionReason
            self.decidedAt = decidedAt
            self.decidedBy = decidedBy
        }
    }

    /// `disputes.decide`: the coordination office names the responsible department; it may not return the clue again.
    public struct DisputeDecide: Codable, Sendable, Hashable {
        public var disputeId: String
        public var dept: String
        public var reason: String

        public init(disputeId: String, dept: String, reason: String) {
            self.disputeId = disputeId
            self.dept = dept
            self.reason = reason
        }
    }

    public struct DisputeListQuery: Codable, Sendable, Hashable {
        public var status: DisputeStatus?
        public var clueId: String?

        public init(status: DisputeStatus? = nil, clueId: String? = nil) {
            self.status = status
            self.clueId = clueId
        }
    }

    public struct DisputeList: Codable, Sendable, Hashable {
        public var disputes: [Dispute]

        public init(disputes: [Dispute]) { self.disputes = disputes }
    }

    // MARK: - Criminal transfer (行刑衔接)

    /// One case document: its name and digest (the document itself stays with the department).
    public struct CaseDocument: Codable, Sendable, Hashable {
        public var name: String
        public var digest: String

        public init(name: String, digest: String) {
            self.name = name
            self.digest = digest
        }
    }

    /// `cases.transfer`: hand a case to public security. With `clueId`, the clue's assigned department transfers it.
    public struct CaseTransfer: Codable, Sendable, Hashable {
        public var clueId: String?
        public var uscc: String?
        public var summary: String
        public var documents: [CaseDocument]
        /// The public security department (default `JG_PUBLIC_SECURITY_DEPT`, `hy-police`).
        public var toDept: String?

        public init(clueId: String? = nil, uscc: String? = nil, summary: String, documents: [CaseDocument], toDept: String? = nil) {
            self.clueId = clueId
            self.uscc = uscc
            self.summary = summary
            self.documents = documents
            self.toDept = toDept
        }
    }

    /// `cases.acknowledge`: public security confirms receipt (回执).
    public struct CaseRef: Codable, Sendable, Hashable {
        public var caseId: String
        public var note: String?

        public init(caseId: String, note: String? = nil) {
            self.caseId = caseId
            self.note = note
        }
    }

    /// `cases.update`: filed (立案, with its case number) or declined (不予立案, with the reason).
    public struct CaseUpdate: Codable, Sendable, Hashable {
        public var caseId: String
        public var outcome: CaseOutcome
        public var reason: String?
        public var caseNumber: String?

        public init(caseId: String, outcome: CaseOutcome, reason: String? = nil, caseNumber: String? = nil) {
            self.caseId = caseId
            self.outcome = outcome
            self.reason = reason
            self.caseNumber = caseNumber
        }
    }

    public struct CriminalCase: Codable, Sendable, Hashable {
        public var id: String
        public var clueId: String?
        public var fromDept: String
        public var toDept: String
        public var uscc: String?
        public var summary: String
        public var documents: [CaseDocument]
        public var status: CaseStatus
        public var transferredAt: String
        public var acknowledgedAt: String?
        public var outcomeAt: String?
        public var reason: String?
        public var caseNumber: String?

        public init(
            id: String, clueId: String?, fromDept: String, toDept: String, uscc: String?, summary: String, documents: [CaseDocument],
            status: CaseStatus, transferredAt: String, acknowledgedAt: String?, outcomeAt: String?, reason: String?, caseNumber: String?
        ) {
            self.id = id
            self.clueId = clueId
            self.fromDept = fromDept
            self.toDept = toDept
            self.uscc = uscc
            self.summary = summary
            self.documents = documents
            self.status = status
            self.transferredAt = transferredAt
            self.acknowledgedAt = acknowledgedAt
            self.outcomeAt = outcomeAt
            self.reason = reason
            self.caseNumber = caseNumber
        }
    }

    /// `cases.list`: `dept` matches the transferring or the receiving department; operators see their own.
    public struct CaseListQuery: Codable, Sendable, Hashable {
        public var dept: String?
        public var status: CaseStatus?
        public var clueId: String?

        public init(dept: String? = nil, status: CaseStatus? = nil, clueId: String? = nil) {
            self.dept = dept
            self.status = status
            self.clueId = clueId
        }
    }

    public struct CaseList: Codable, Sendable, Hashable {
        public var cases: [CriminalCase]

        public init(cases: [CriminalCase]) { self.cases = cases }
    }

    // MARK: - Events published

    /// `referral.clue.registered`: no reporter data (the warning service counts these as signals).
    public struct ClueRegistered: Codable, Sendable, Hashable {
        public var clueId: String
        public var source: ClueSource
        public var uscc: String?
        public var items: [String]
        public var domain: String?
        public var dept: String?
        public var registeredAt: String

        public init(clueId: String, source: ClueSource, uscc: String?, items: [String], domain: String?, dept: String?, registeredAt: String) {
            self.clueId = clueId
            self.source = source
            self.uscc = uscc
            self.items = items
            self.domain = domain
            self.dept = dept
            self.registeredAt = registeredAt
        }
    }

    /// `referral.clue.assigned`: a department has a clue to sign off by `dueAt`.
    public struct ClueAssigned: Codable, Sendable, Hashable {
        public var clueId: String
        public var dept: String
        public var mode: RouteMode
        public var jointDepts: [String]
        public var source: ClueSource
        public var uscc: String?
        public var items: [String]
        public var assignedAt: String
        public var dueAt: String

        public init(
            clueId: String, dept: String, mode: RouteMode, jointDepts: [String], source: ClueSource, uscc: String?, items: [String], assignedAt: String,
            dueAt: String
        ) {
            self.clueId = clueId
            self.dept = dept
            self.mode = mode
            self.jointDepts = jointDepts
            self.source = source
            self.uscc = uscc
            self.items = items
            self.assignedAt = assignedAt
            self.dueAt = dueAt
        }
    }

    /// `referral.clue.concluded`, exactly the shape credit consumes.
    public struct ClueConcluded: Codable, Sendable, Hashable {
        public var clueId: String
        public var dept: String
        public var finding: Finding
        public var uscc: String?
        public var concludedAt: String
        public var domain: String?
        public var severity: Severity?
        public var summary: String?

        public init(
            clueId: String, dept: String, finding: Finding, uscc: String?, concludedAt: String, domain: String?, severity: Severity?, summary: String?
        ) {
            self.clueId = clueId
            self.dept = dept
            self.finding = finding
            self.uscc = uscc
            self.concludedAt = concludedAt
            self.domain = domain
            self.severity = severity
            self.summary = summary
        }
    }

    /// `referral.clue.overdue`: a step passed its deadline; escalated (督办) to the coordination office.
    public struct ClueOverdue: Codable, Sendable, Hashable {
        public var clueId: String
        public var dept: String
        public var step: DeadlineStep
        public var dueAt: String
        public var escalatedTo: String
        public var escalatedAt: String
        public var source: ClueSource
        public var uscc: String?

        public init(
            clueId: String, dept: String, step: DeadlineStep, dueAt: String, escalatedTo: String, escalatedAt: String, source: ClueSource, uscc: String?
        ) {
            self.clueId = clueId
            self.dept = dept
            self.step = step
            self.dueAt = dueAt
            self.escalatedTo = escalatedTo
            self.escalatedAt = escalatedAt
            self.source = source
            self.uscc = uscc
        }
    }

    /// `referral.case.transferred`: a case handed to public security (documents by digest only).
    public struct CaseTransferred: Codable, Sendable, Hashable {
        public var caseId: String
        public var clueId: String?
        public var fromDept: String
        public var toDept: String
        public var uscc: String?
        public var documents: [String]
        public var transferredAt: String

        public init(caseId: String, clueId: String?, fromDept: String, toDept: String, uscc: String?, documents: [String], transferredAt: String) {
            self.caseId = caseId
            self.clueId = clueId
            self.fromDept = fromDept
            self.toDept = toDept
            self.uscc = uscc
            self.documents = documents
            self.transferredAt = transferredAt
        }
    }
}
