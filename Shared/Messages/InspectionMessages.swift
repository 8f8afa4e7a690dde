/// Wire types of the `inspection` service (DESIGN §4, 联合检查 · 公示 · 互认): parameters, results, the events it
/// publishes and the events of other services it consumes.
///
/// Dates are `YYYY-MM-DD` calendar days (China Standard Time); timestamps ISO-8601 UTC; identifiers strings.
public enum InspectionMessages {

    // MARK: - Vocabulary

    /// The standard outcome codes of one item's check (检查结果).
    public enum Outcome: String, Codable, Sendable, CaseIterable, WireEnum {
        /// 未发现问题
        case noProblem
        /// 发现问题，责令整改 — needs a `deadline`; a re-check task is scheduled for it.
        case orderedToCorrect
        /// 不合格 / 违法行为属实 — a confirmed violation.
        case failed
        /// 未发现相关经营行为
        case noRelatedBusiness
        /// 通过登记的住所（经营场所）无法联系
        case cannotContact
        /// 拒绝检查
        case refused
    }

    /// Where a task (检查任务) came from.
    public enum TaskSource: String, Codable, Sendable, CaseIterable, WireEnum {
        /// `planning.task.issued` (双随机 draw, joint task).
        case plan
        /// `warning.joint_inspection.requested`.
        case warning
        /// A referral clue needing an on-site check (`tasks.create` with `clueId`).
        case clue
        /// A special campaign (专项检查) created by a lead department.
        case campaign
        /// The re-check of an ordered-to-correct result, scheduled at its deadline.
        case recheck
    }

    /// A task's place in its lifecycle: scheduled → inProgress → submitted → published → closed, or cancelled.
    public enum TaskStatus: String, Codable, Sendable, CaseIterable, WireEnum {
        case scheduled
        case inProgress
        case submitted
        /// Some departments have published their results, others not yet (公示中).
        case published
        /// Every department's results are published.
        case closed
        case cancelled
    }

    /// A span of calendar days, both ends included (shared with the other services).
    public typealias Window = DayWindow

    /// An inspector (执法检查人员) and their department.
    public struct InspectorRef: Codable, Sendable, Hashable {
        public var id: String
        public var dept: String

        public init(id: String, dept: String) {
            self.id = id
            self.dept = dept
        }
    }

    /// One supervision item of a task: its code, the department that checks it, and the item's lead department
    /// (牵头单位, defaults to `dept`). On the wire either an object `{code, dept, leadDept}` (`item` is accepted for
    /// `code`) or a bare code string, whose department then comes from the task's `depts` (see `TaskIntake`).
    public struct TaskItemSpec: Codable, Sendable, Hashable {
        public var code: String
        public var dept: String?
        public var leadDept: String?

        public init(code: String, dept: String? = nil, leadDept: String? = nil) {
            self.code = code
            self.dept = dept
            self.leadDept = leadDept
        }

        enum CodingKeys: String, CodingKey, CaseIterable { case code, item, dept, leadDept }

        /// The keys an item object may hold (`item` is accepted for `code`), for the parameter check.
        public static let wireFields = CodingKeys.allCases.map(\.stringValue)

        public init(from decoder: any Decoder) throws {
            if let code = try? decoder.singleValueContainer().decode(String.self) {
                self.init(code: code)
                return
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let code = try container.decodeIfPresent(String.self, forKey: .code) ?? container.decode(String.self, forKey: .item)
            self.init(
                code: code, dept: try container.decodeIfPresent(String.self, forKey: .dept),
                leadDept: try container.decodeIfPresent(String.self, forKey: .leadDept))
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(code, forKey: .code)
            try container.encodeIfPresent(dept, forKey: .dept)
            try container.encodeIfPresent(leadDept, forKey: .leadDept)
        }
    }

    /// A file attached to a result, known only by its SHA-256 (the file itself stays outside the suite).
    public struct Evidence: Codable, Sendable, Hashable {
        /// 64 hex digits.
        public var sha256: String
        public var name: String?

        public init(sha256: String, name: String? = nil) {
            self.sha256 = sha256
            self.name = name
        }
    }

    // MARK: - Consumed events

    /// `planning.task.issued`: a joint task drawn by planning.
    public struct PlanningTaskIssued: Codable, Sendable, Hashable {
        public var taskId: String
        public var planIds: [String]?
        public var uscc: String
        public var items: [TaskItemSpec]
        public var depts: [String]?
        public var inspectors: [InspectorRef]?
        public var window: Window
        public var source: String?

        public init(
            taskId: String, planIds: [String]? = nil, uscc: String, items: [TaskItemSpec], depts: [String]? = nil, inspectors: [InspectorRef]? = nil,
            window: Window, source: String? = "plan"
        ) {
            self.taskId = taskId
            self.planIds = planIds
            self.uscc = uscc
            self.items = items
            self.depts = depts
            self.inspectors = inspectors
            self.window = window
            self.source = source
        }
    }

    /// `warning.joint_inspection.requested`: a warning asks for a joint inspection of one entity.
    public struct JointInspectionRequested: Codable, Sendable, Hashable {
        public var requestId: String
        public var warningId: String?
        public var uscc: String
        public var items: [TaskItemSpec]
        public var depts: [String]?
        public var reason: String?
        public var window: Window?

        public init(
            requestId: String, warningId: String? = nil, uscc: String, items: [TaskItemSpec], depts: [String]? = nil, reason: String? = nil,
            window: Window? = nil
        ) {
            self.requestId = requestId
            self.warningId = warningId
            self.uscc = uscc
            self.items = items
            self.depts = depts
            self.reason = reason
            self.window = window
        }
    }

    // MARK: - Tasks

    /// `tasks.create`: a task from a clue (`source: "clue"`, `clueId`) or a special campaign (`source: "campaign"`).
    public struct TaskCreate: Codable, Sendable, Hashable {
        public var source: TaskSource
        public var clueId: String?
        /// The campaign's name (专项检查名称) for `source: "campaign"`.
        public var campaign: String?
        public var uscc: String
        public var items: [TaskItemSpec]
        public var depts: [String]?
        public var inspectors: [InspectorRef]?
        public var window: Window
        /// The department leading the task; operators: their own (the default).
        public var leadDept: String?
        public var reason: String?

        public init(
            source: TaskSource, clueId: String? = nil, campaign: String? = nil, uscc: String, items: [TaskItemSpec], depts: [String]? = nil,
            inspectors: [InspectorRef]? = nil, window: Window, leadDept: String? = nil, reason: String? = nil
        ) {
            self.source = source
            self.clueId = clueId
            self.campaign = campaign
            self.uscc = uscc
            self.items = items
            self.depts = depts
            self.inspectors = inspectors
            self.window = window
            self.leadDept = leadDept
            self.reason = reason
        }
    }

    /// Names one task.
    public struct TaskRef: Codable, Sendable, Hashable {
        public var taskId: String

        public init(taskId: String) { self.taskId = taskId }
    }

    /// `tasks.cancel`.
    public struct TaskCancel: Codable, Sendable, Hashable {
        public var taskId: String
        public var reason: String

        public init(taskId: String, reason: String) {
            self.taskId = taskId
            self.reason = reason
        }
    }

    /// `tasks.reassign`: replace (or remove, or add) an inspector, with a reason.
    public struct TaskReassign: Codable, Sendable, Hashable {
        public var taskId: String
        /// The inspector taken off the task.
        public var remove: String?
        /// The inspector put on the task.
        public var add: InspectorRef?
        public var reason: String

        public init(taskId: String, remove: String? = nil, add: InspectorRef? = nil, reason: String) {
            self.taskId = taskId
            self.remove = remove
            self.add = add
            self.reason = reason
        }
    }

    /// `tasks.list` filters; all optional and combined with AND.
    public struct TaskListQuery: Codable, Sendable, Hashable {
        public var dept: String?
        public var inspector: String?
        public var uscc: String?
        public var status: TaskStatus?
        public var source: TaskSource?
        /// Tasks whose window overlaps this span.
        public var window: Window?
        public var limit: Int?
        public var offset: Int?

        public init(
            dept: String? = nil, inspector: String? = nil, uscc: String? = nil, status: TaskStatus? = nil, source: TaskSource? = nil,
            window: Window? = nil, limit: Int? = nil, offset: Int? = nil
        ) {
            self.dept = dept
            self.inspector = inspector
            self.uscc = uscc
            self.status = status
            self.source = source
            self.window = window
            self.limit = limit
            self.offset = offset
        }
    }

    /// One item of a task as stored.
    public struct TaskItem: Codable, Sendable, Hashable {
        public var item: String
        /// The department that checks it; nil when the issuing event did not say (any participating department).
        public var dept: String?
        public var leadDept: String?
        /// Set when the item was left out because a published result is recognised (互认).
        public var recognisedResultId: String?
        public var resultId: String?

        public init(item: String, dept: String? = nil, leadDept: String? = nil, recognisedResultId: String? = nil, resultId: String? = nil) {
            self.item = item
            self.dept = dept
            self.leadDept = leadDept
            self.recognisedResultId = recognisedResultId
            self.resultId = resultId
        }
    }

    /// One inspector of a task; inactive ones were replaced by `tasks.reassign`.
    public struct TaskInspector: Codable, Sendable, Hashable {
        public var id: String
        public var dept: String
        public var active: Bool
        public var removalReason: String?

        public init(id: String, dept: String, active: Bool, removalReason: String? = nil) {
            self.id = id
            self.dept = dept
            self.active = active
            self.removalReason = removalReason
        }
    }

    /// A task as `tasks.get`, `tasks.list` and the mutating task methods return it.
    public struct InspectionTask: Codable, Sendable, Hashable {
        public var id: String
        public var source: TaskSource
        /// The planning taskId, warning requestId, clueId or original resultId this task came from.
        public var sourceRef: String?
        public var uscc: String
        public var leadDept: String?
        public var depts: [String]
        public var status: TaskStatus
        public var window: Window
        public var items: [TaskItem]
        public var inspectors: [TaskInspector]
        /// Plan ids, warning id, campaign name, reason … as the source gave them.
        public var origin: JSONValue
        public var cancelReason: String?
        public var createdAt: String
        public var startedAt: String?
        public var submittedAt: String?
        public var closedAt: String?

        public init(
            id: String, source: TaskSource, sourceRef: String? = nil, uscc: String, leadDept: String? = nil, depts: [String], status: TaskStatus,
            window: Window, items: [TaskItem], inspectors: [TaskInspector], origin: JSONValue, cancelReason: String? = nil, createdAt: String,
            startedAt: String? = nil, submittedAt: String? = nil, closedAt: String? = nil
        ) {
            self.id = id
            self.source = source
            self.sourceRef = sourceRef
            self.uscc = uscc
            self.leadDept = leadDept
            self.depts = depts
            self.status = status
            self.window = window
            self.items = items
            self.inspectors = inspectors
            self.origin = origin
            self.cancelReason = cancelReason
            self.createdAt = createdAt
            self.startedAt = startedAt
            self.submittedAt = submittedAt
            self.closedAt = closedAt
        }
    }

    /// `tasks.list` reply.
    public struct TaskList: Codable, Sendable, Hashable {
        public var tasks: [InspectionTask]

        public init(tasks: [InspectionTask]) {
            self.tasks = tasks
        }
    }

    // MARK: - Results

    /// `results.record`: one item's result, by an inspector assigned to the task for an item of their department.
    public struct ResultRecord: Codable, Sendable, Hashable {
        public var taskId: String
        public var item: String
        public var outcome: Outcome
        public var findings: String?
        /// `YYYY-MM-DD`; required for `orderedToCorrect`, refused otherwise.
        public var deadline: String?
        public var evidence: [Evidence]?
        /// Inspectors who sign the record; the recording inspector is always one of them.
        public var signedBy: [String]?
        /// Kept inside the suite, never published.
        public var internalNotes: String?

        public init(
            taskId: String, item: String, outcome: Outcome, findings: String? = nil, deadline: String? = nil, evidence: [Evidence]? = nil,
            signedBy: [String]? = nil, internalNotes: String? = nil
        ) {
            self.taskId = taskId
            self.item = item
            self.outcome = outcome
            self.findings = findings
            self.deadline = deadline
            self.evidence = evidence
            self.signedBy = signedBy
            self.internalNotes = internalNotes
        }
    }

    /// One result as the suite sees it (internal view).
    public struct Result: Codable, Sendable, Hashable {
        public var id: String
        public var taskId: String
        public var uscc: String
        public var item: String
        public var dept: String
        public var outcome: Outcome
        public var deadline: String?
        public var findings: String
        public var internalNotes: String?
        public var evidence: [Evidence]
        public var signedBy: [String]
        public var recordedBy: String
        public var recordedAt: String
        public var publishedAt: String?
        /// For a correction: the result it corrects.
        public var corrects: String?
        public var correctionReason: String?
        /// The correction that replaced this result, if any.
        public var correctedBy: String?
        public var year: Int

        public init(
            id: String, taskId: String, uscc: String, item: String, dept: String, outcome: Outcome, deadline: String? = nil, findings: String,
            internalNotes: String? = nil, evidence: [Evidence], signedBy: [String], recordedBy: String, recordedAt: String,
            publishedAt: String? = nil, corrects: String? = nil, correctionReason: String? = nil, correctedBy: String? = nil, year: Int
        ) {
            self.id = id
            self.taskId = taskId
            self.uscc = uscc
            self.item = item
            self.dept = dept
            self.outcome = outcome
            self.deadline = deadline
            self.findings = findings
            self.internalNotes = internalNotes
            self.evidence = evidence
            self.signedBy = signedBy
            self.recordedBy = recordedBy
            self.recordedAt = recordedAt
            self.publishedAt = publishedAt
            self.corrects = corrects
            self.correctionReason = correctionReason
            self.correctedBy = correctedBy
            self.year = year
        }
    }

    /// `results.list {taskId}` reply.
    public struct ResultList: Codable, Sendable, Hashable {
        public var results: [Result]

        public init(results: [Result]) {
            self.results = results
        }
    }

    /// `results.publish`: the inspecting department publishes its results of a submitted task (谁检查、谁公开).
    public struct ResultPublish: Codable, Sendable, Hashable {
        public var taskId: String
        /// The inspecting department; operators: their own (the default). Admin without it: every department.
        public var dept: String?

        public init(taskId: String, dept: String? = nil) {
            self.taskId = taskId
            self.dept = dept
        }
    }

    /// `results.publish` reply.
    public struct Publication: Codable, Sendable, Hashable {
        public var taskId: String
        public var status: TaskStatus
        public var published: [String]
        /// Re-check tasks scheduled for ordered-to-correct results.
        public var recheckTaskIds: [String]
        /// Results referred to another department as clues (queued in `pending_referrals`).
        public var referredResultIds: [String]

        public init(taskId: String, status: TaskStatus, published: [String], recheckTaskIds: [String], referredResultIds: [String]) {
            self.taskId = taskId
            self.status = status
            self.published = published
            self.recheckTaskIds = recheckTaskIds
            self.referredResultIds = referredResultIds
        }
    }

    /// `results.correct`: a published result is corrected only by a new, linked, published correction record.
    public struct ResultCorrect: Codable, Sendable, Hashable {
        public var resultId: String
        public var outcome: Outcome
        public var findings: String?
        public var deadline: String?
        public var evidence: [Evidence]?
        public var internalNotes: String?
        public var reason: String

        public init(
            resultId: String, outcome: Outcome, findings: String? = nil, deadline: String? = nil, evidence: [Evidence]? = nil,
            internalNotes: String? = nil, reason: String
        ) {
            self.resultId = resultId
            self.outcome = outcome
            self.findings = findings
            self.deadline = deadline
            self.evidence = evidence
            self.internalNotes = internalNotes
            self.reason = reason
        }
    }

    /// `results.correct` reply.
    public struct Correction: Codable, Sendable, Hashable {
        public var result: Result
        public var recheckTaskIds: [String]
        public var referredResultIds: [String]

        public init(result: Result, recheckTaskIds: [String], referredResultIds: [String]) {
            self.result = result
            self.recheckTaskIds = recheckTaskIds
            self.referredResultIds = referredResultIds
        }
    }

    // MARK: - Publication (公示)

    /// `public.results {uscc}`.
    public struct PublicResultsQuery: Codable, Sendable, Hashable {
        public var uscc: String

        public init(uscc: String) { self.uscc = uscc }
    }

    /// A published result as the public sees it: no internal notes, no inspectors, no evidence.
    public struct PublicResult: Codable, Sendable, Hashable {
        public var resultId: String
        public var item: String
        public var dept: String
        public var outcome: Outcome
        public var deadline: String?
        public var findings: String
        public var publishedAt: String
        public var year: Int
        public var corrects: String?
        public var correctedBy: String?

        public init(
            resultId: String, item: String, dept: String, outcome: Outcome, deadline: String? = nil, findings: String, publishedAt: String, year: Int,
            corrects: String? = nil, correctedBy: String? = nil
        ) {
            self.resultId = resultId
            self.item = item
            self.dept = dept
            self.outcome = outcome
            self.deadline = deadline
            self.findings = findings
            self.publishedAt = publishedAt
            self.year = year
            self.corrects = corrects
            self.correctedBy = correctedBy
        }
    }

    /// `public.results` reply, newest first.
    public struct PublicResults: Codable, Sendable, Hashable {
        public var uscc: String
        public var results: [PublicResult]

        public init(uscc: String, results: [PublicResult]) {
            self.uscc = uscc
            self.results = results
        }
    }

    // MARK: - Mutual recognition (互认)

    /// `recognition.check {uscc, item}`.
    public struct RecognitionQuery: Codable, Sendable, Hashable {
        public var uscc: String
        public var item: String

        public init(uscc: String, item: String) {
            self.uscc = uscc
            self.item = item
        }
    }

    /// The published result that counts for every department on an item until `validUntil`.
    public struct RecognisedResult: Codable, Sendable, Hashable {
        public var resultId: String
        public var taskId: String
        public var dept: String
        public var outcome: Outcome
        public var publishedAt: String
        public var validUntil: String

        public init(resultId: String, taskId: String, dept: String, outcome: Outcome, publishedAt: String, validUntil: String) {
            self.resultId = resultId
            self.taskId = taskId
            self.dept = dept
            self.outcome = outcome
            self.publishedAt = publishedAt
            self.validUntil = validUntil
        }
    }

    /// `recognition.check` reply.
    public struct Recognition: Codable, Sendable, Hashable {
        public var uscc: String
        public var item: String
        public var recognised: Bool
        public var result: RecognisedResult?
        public var periodDays: Int

        public init(uscc: String, item: String, recognised: Bool, result: RecognisedResult? = nil, periodDays: Int) {
            self.uscc = uscc
            self.item = item
            self.recognised = recognised
            self.result = result
            self.periodDays = periodDays
        }
    }

    // MARK: - Audit trail (全过程记录)

    /// `audit.list {taskId}`.
    public struct AuditListQuery: Codable, Sendable, Hashable {
        public var taskId: String

        public init(taskId: String) { self.taskId = taskId }
    }

    /// Who acted, as the audit trail keeps it.
    public struct AuditActor: Codable, Sendable, Hashable {
        public var role: String
        public var dept: String
        public var user: String

        public init(role: String, dept: String, user: String) {
            self.role = role
            self.dept = dept
            self.user = user
        }
    }

    /// One entry of the hash chain (see `AuditChain` for the exact formula).
    public struct AuditEntry: Codable, Sendable, Hashable {
        public var seq: Int64
        public var at: String
        public var taskId: String
        public var action: String
        public var subject: String
        public var actor: AuditActor
        public var detail: JSONValue
        /// SHA-256 of the subject result's content after the action ("" when the subject is a task).
        public var digest: String
        public var prevHash: String
        public var hash: String

        public init(
            seq: Int64, at: String, taskId: String, action: String, subject: String, actor: AuditActor, detail: JSONValue, digest: String,
            prevHash: String, hash: String
        ) {
            self.seq = seq
            self.at = at
            self.taskId = taskId
            self.action = action
            self.subject = subject
            self.actor = actor
            self.detail = detail
            self.digest = digest
            self.prevHash = prevHash
            self.hash = hash
        }
    }

    /// `audit.list` reply, oldest first.
    public struct AuditList: Codable, Sendable, Hashable {
        public var taskId: String
        public var entries: [AuditEntry]

        public init(taskId: String, entries: [AuditEntry]) {
            self.taskId = taskId
            self.entries = entries
        }
    }

    /// The first place the chain does not hold.
    public struct BrokenLink: Codable, Sendable, Hashable {
        public var seq: Int64
        public var reason: String
        public var expected: String
        public var found: String

        public init(seq: Int64, reason: String, expected: String, found: String) {
            self.seq = seq
            self.reason = reason
            self.expected = expected
            self.found = found
        }
    }

    /// A result whose stored content no longer matches what the audit trail recorded.
    public struct StateMismatch: Codable, Sendable, Hashable {
        public var resultId: String
        public var reason: String

        public init(resultId: String, reason: String) {
            self.resultId = resultId
            self.reason = reason
        }
    }

    /// `audit.verify` reply.
    public struct AuditVerification: Codable, Sendable, Hashable {
        public var intact: Bool
        public var entries: Int
        public var headSeq: Int64
        public var headHash: String
        public var firstBroken: BrokenLink?
        public var resultMismatches: [StateMismatch]
        public var durationMs: Int

        public init(
            intact: Bool, entries: Int, headSeq: Int64, headHash: String, firstBroken: BrokenLink? = nil, resultMismatches: [StateMismatch],
            durationMs: Int
        ) {
            self.intact = intact
            self.entries = entries
            self.headSeq = headSeq
            self.headHash = headHash
            self.firstBroken = firstBroken
            self.resultMismatches = resultMismatches
            self.durationMs = durationMs
        }
    }

    // MARK: - Over-inspection watch (多头检查)

    /// `watch.overInspected {period, threshold}`: `period` is `{start, end}`, or `"YYYY"`, or `"YYYY-MM"`.
    public struct OverInspectedQuery: Codable, Sendable, Hashable {
        public var period: Period
        public var threshold: Int

        public init(period: Period, threshold: Int) {
            self.period = period
            self.threshold = threshold
        }
    }

    /// A span given as `{start, end}` or as shorthand text (`"2025"`, `"2025-03"`).
    public enum Period: Codable, Sendable, Hashable {
        case window(Window)
        case text(String)

        public init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                self = .text(text)
            } else {
                self = .window(try Window(from: decoder))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .window(let window): try window.encode(to: encoder)
            case .text(let text):
                var container = encoder.singleValueContainer()
                try container.encode(text)
            }
        }
    }

    /// One entity visited more often than the threshold.
    public struct OverInspectedEntity: Codable, Sendable, Hashable {
        public var uscc: String
        public var visits: Int
        public var depts: [String]
        public var taskIds: [String]

        public init(uscc: String, visits: Int, depts: [String], taskIds: [String]) {
            self.uscc = uscc
            self.visits = visits
            self.depts = depts
            self.taskIds = taskIds
        }
    }

    /// `watch.overInspected` reply, most visited first.
    public struct OverInspected: Codable, Sendable, Hashable {
        public var period: Window
        public var threshold: Int
        public var entities: [OverInspectedEntity]

        public init(period: Window, threshold: Int, entities: [OverInspectedEntity]) {
            self.period = period
            self.threshold = threshold
            self.entities = entities
        }
    }

    // MARK: - Referrals to other departments

    /// A clue waiting for (or already accepted by) referral.
    public struct PendingReferral: Codable, Sendable, Hashable {
        public var id: String
        public var resultId: String
        public var targetDept: String
        public var status: String
        public var attempts: Int
        public var lastError: String?
        public var clueId: String?
        public var createdAt: String

        public init(
            id: String, resultId: String, targetDept: String, status: String, attempts: Int, lastError: String? = nil, clueId: String? = nil,
            createdAt: String
        ) {
            self.id = id
            self.resultId = resultId
            self.targetDept = targetDept
            self.status = status
            self.attempts = attempts
            self.lastError = lastError
            self.clueId = clueId
            self.createdAt = createdAt
        }
    }

    /// `referrals.list` filter.
    public struct ReferralListQuery: Codable, Sendable, Hashable {
        /// `pending` or `sent`; all when absent.
        public var status: String?

        public init(status: String? = nil) { self.status = status }
    }

    /// `referrals.list` reply.
    public struct ReferralList: Codable, Sendable, Hashable {
        public var referrals: [PendingReferral]

        public init(referrals: [PendingReferral]) {
            self.referrals = referrals
        }
    }

    /// `referrals.flush` reply.
    public struct ReferralFlush: Codable, Sendable, Hashable {
        public var sent: Int
        public var pending: Int

        public init(sent: Int, pending: Int) {
            self.sent = sent
            self.pending = pending
        }
    }

    /// The parameters of `referral clues.register` this service sends.
    public struct ClueRegistration: Codable, Sendable, Hashable {
        public var source: String
        public var sourceRef: String
        public var uscc: String
        public var description: String
        public var suspectedItems: [String]
        public var reportingDept: String
        // No target department: referral routes by the catalog (the suspected item's lead department), and refuses
        // parameters it does not declare. Rows queued before carry `targetDept` and are decoded without it.

        public init(
            source: String = "department", sourceRef: String, uscc: String, description: String, suspectedItems: [String], reportingDept: String
        ) {
            self.source = source
            self.sourceRef = sourceRef
            self.uscc = uscc
            self.description = description
            self.suspectedItems = suspectedItems
            self.reportingDept = reportingDept
        }
    }

    // MARK: - Published events

    /// `inspection.result.published` — exactly these fields (credit, planning and warning consume it).
    public struct ResultPublished: Codable, Sendable, Hashable {
        public var uscc: String
        public var item: String
        public var dept: String
        public var outcome: Outcome
        public var resultId: String
        public var taskId: String
        public var publishedAt: String
        /// The calendar year (CST) the check was recorded in.
        public var year: Int

        public init(uscc: String, item: String, dept: String, outcome: Outcome, resultId: String, taskId: String, publishedAt: String, year: Int) {
            self.uscc = uscc
            self.item = item
            self.dept = dept
            self.outcome = outcome
            self.resultId = resultId
            self.taskId = taskId
            self.publishedAt = publishedAt
            self.year = year
        }
    }

    /// `inspection.violation.found`: a published `failed` result.
    public struct ViolationFound: Codable, Sendable, Hashable {
        public var resultId: String
        public var taskId: String
        public var uscc: String
        public var item: String
        public var dept: String
        public var leadDept: String
        public var findings: String
        public var publishedAt: String
        public var year: Int

        public init(
            resultId: String, taskId: String, uscc: String, item: String, dept: String, leadDept: String, findings: String, publishedAt: String,
            year: Int
        ) {
            self.resultId = resultId
            self.taskId = taskId
            self.uscc = uscc
            self.item = item
            self.dept = dept
            self.leadDept = leadDept
            self.findings = findings
            self.publishedAt = publishedAt
            self.year = year
        }
    }

    /// `inspection.result.corrected`: a published result was replaced by a linked correction.
    public struct ResultCorrected: Codable, Sendable, Hashable {
        public var resultId: String
        public var corrects: String
        public var uscc: String
        public var item: String
        public var dept: String
        public var outcome: Outcome
        public var reason: String
        public var publishedAt: String
        public var year: Int

        public init(
            resultId: String, corrects: String, uscc: String, item: String, dept: String, outcome: Outcome, reason: String, publishedAt: String,
            year: Int
        ) {
            self.resultId = resultId
            self.corrects = corrects
            self.uscc = uscc
            self.item = item
            self.dept = dept
            self.outcome = outcome
            self.reason = reason
            self.publishedAt = publishedAt
            self.year = year
        }
    }

    /// `inspection.task.closed`: a task is closed (all results published) or cancelled.
    public struct TaskClosed: Codable, Sendable, Hashable {
        public var taskId: String
        public var uscc: String
        /// `closed` or `cancelled`.
        public var status: TaskStatus
        public var source: TaskSource
        public var sourceRef: String?
        public var items: [String]
        public var depts: [String]
        public var resultIds: [String]
        public var reason: String?
        public var closedAt: String

        public init(
            taskId: String, uscc: String, status: TaskStatus, source: TaskSource, sourceRef: String? = nil, items: [String], depts: [String],
            resultIds: [String], reason: String? = nil, closedAt: String
        ) {
            self.taskId = taskId
            self.uscc = uscc
            self.status = status
            self.source = source
            self.sourceRef = sourceRef
            self.items = items
            self.depts = depts
            self.resultIds = resultIds
            self.reason = reason
            self.closedAt = closedAt
        }
    }
}
