/// Wire types of the `warning` service (DESIGN §4, 风险监测预警): signals, rules (预警模型), warnings with their
/// closed loop (生成 → 推送 → 核查 → 处置 → 反馈), joint assessments (综合研判), dashboard figures, the events it
/// publishes and the events of other services it consumes.
///
/// Timestamps are ISO-8601 UTC strings (`2025-06-01T08:00:00Z`, fractions and offsets accepted on input), calendar
/// days `YYYY-MM-DD` (China Standard Time), durations `<n>d`, `<n>h`, `<n>m` or `<n>s`, identifiers strings.
public enum WarningMessages {

    // MARK: - Vocabulary

    /// Warning level (预警等级 红橙黄蓝), from least to most severe: blue < yellow < orange < red.
    public enum Level: String, Codable, Sendable, CaseIterable, WireEnum, Comparable {
        case blue, yellow, orange, red

        public var rank: Int {
            switch self {
            case .blue: 0
            case .yellow: 1
            case .orange: 2
            case .red: 3
            }
        }

        /// One level more severe; red stays red.
        public var escalated: Level {
            switch self {
            case .blue: .yellow
            case .yellow: .orange
            case .orange, .red: .red
            }
        }

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
    }

    /// Where a warning is in its closed loop: generated → pushed → acknowledged → verifying (核查) → handled (处置) →
    /// feedback (反馈) → closed.
    public enum WarningStatus: String, Codable, Sendable, CaseIterable, WireEnum {
        case generated, pushed, acknowledged, verifying, handled, feedback, closed
    }

    /// What a signal is. Events give `clue`, `inspection`, `gradeDowngrade`, `punishment`; `signals.ingest` gives
    /// `reading` (a sensor value) or `detection` (e.g. a video-analysis hit, 非现场监管).
    public enum SignalKind: String, Codable, Sendable, CaseIterable, WireEnum {
        case clue, inspection, gradeDowngrade, punishment, reading, detection
    }

    /// How a rule's indicator folds the signals in its window: how many, the sum or the maximum of their values, or
    /// how many different sources sent them (the correlation rule).
    public enum Aggregate: String, Codable, Sendable, CaseIterable, WireEnum {
        case count, sum, max, distinctSources
    }

    /// A period between two timestamps.
    public struct Period: Codable, Sendable, Hashable {
        public var start: String
        public var end: String
        public init(start: String, end: String) {
            self.start = start
            self.end = end
        }
    }

    // MARK: - Rules (预警模型)

    /// Which signals a rule looks at; every field given must match the signal. `region` is a code prefix; `kinds`
    /// limits the signal kinds (all kinds when absent).
    public struct RuleScope: Codable, Sendable, Hashable {
        public var domain: String?
        public var item: String?
        public var region: String?
        public var entityKind: String?
        public var source: String?
        public var kinds: [SignalKind]?
        public init(
            domain: String? = nil, item: String? = nil, region: String? = nil, entityKind: String? = nil, source: String? = nil,
            kinds: [SignalKind]? = nil
        ) {
            self.domain = domain
            self.item = item
            self.region = region
            self.entityKind = entityKind
            self.source = source
            self.kinds = kinds
        }
    }

    /// What a rule measures: `count` of signals of `kind` (or of readings of `metric`, or of every signal), `sum` or
    /// `max` of the values of `metric`, or `distinctSources` among the signals in scope.
    public struct Indicator: Codable, Sendable, Hashable {
        public var aggregate: Aggregate
        public var kind: SignalKind?
        public var metric: String?
        public init(aggregate: Aggregate, kind: SignalKind? = nil, metric: String? = nil) {
            self.aggregate = aggregate
            self.kind = kind
            self.metric = metric
        }
    }

    /// `rules.create`: an operator creates rules for their own department (owners default to it); admin for any.
    public struct RuleCreate: Codable, Sendable, Hashable {
        public var ruleId: String?
        public var name: String
        /// The lead departments that may edit the rule (default the caller's).
        public var owners: [String]?
        public var scope: RuleScope?
        public var indicator: Indicator
        /// The sliding window, e.g. `30d`, `1h`.
        public var window: String
        /// The rule fires when the indicator reaches this value (≥).
        public var threshold: Double
        public var level: Level
        /// The departments a warning is pushed to (default the owners).
        public var pushTo: [String]?
        public init(
            ruleId: String? = nil, name: String, owners: [String]? = nil, scope: RuleScope? = nil, indicator: Indicator, window: String, threshold: Double,
            level: Level, pushTo: [String]? = nil
        ) {
            self.ruleId = ruleId
            self.name = name
            self.owners = owners
            self.scope = scope
            self.indicator = indicator
            self.window = window
            self.threshold = threshold
            self.level = level
            self.pushTo = pushTo
        }
    }

    /// `rules.update`: the fields given replace the current ones and make a new version. `expectedVersion`, when
    /// given, must be the current one (another editor's change is not overwritten blindly).
    public struct RuleUpdate: Codable, Sendable, Hashable {
        public var ruleId: String
        public var expectedVersion: Int?
        public var name: String?
        public var owners: [String]?
        public var scope: RuleScope?
        public var indicator: Indicator?
        public var window: String?
        public var threshold: Double?
        public var level: Level?
        public var pushTo: [String]?
        /// Re-enables a disabled rule when true.
        public var enabled: Bool?
        public var reason: String?
        public init(
            ruleId: String, expectedVersion: Int? = nil, name: String? = nil, owners: [String]? = nil, scope: RuleScope? = nil, indicator: Indicator? = nil,
            window: String? = nil, threshold: Double? = nil, level: Level? = nil, pushTo: [String]? = nil, enabled: Bool? = nil, reason: String? = nil
        ) {
            self.ruleId = ruleId
            self.expectedVersion = expectedVersion
            self.name = name
            self.owners = owners
            self.scope = scope
            self.indicator = indicator
            self.window = window
            self.threshold = threshold
            self.level = level
            self.pushTo = pushTo
            self.enabled = enabled
            self.reason = reason
        }
    }

    /// `rules.get` (the current version, or `version`) and `rules.disable` (`reason` recorded on the new version).
    public struct RuleRef: Codable, Sendable, Hashable {
        public var ruleId: String
        public var version: Int?
        public var reason: String?
        public init(ruleId: String, version: Int? = nil, reason: String? = nil) {
            self.ruleId = ruleId
            self.version = version
            self.reason = reason
        }
    }

    /// One version of a rule. Every change (update, disable, re-enable) makes a new version; warnings name the version
    /// that raised them.
    public struct Rule: Codable, Sendable, Hashable {
        public var ruleId: String
        public var version: Int
        public var name: String
        public var owners: [String]
        public var scope: RuleScope
        public var indicator: Indicator
        public var window: String
        public var windowSeconds: Int64
        public var threshold: Double
        public var level: Level
        public var pushTo: [String]
        public var enabled: Bool
        /// Seeded by the service (the multi-source correlation rule); edited by the coordination office only.
        public var builtIn: Bool
        public var changedAt: String
        public var changedBy: String?
        public var reason: String?
        public init(
            ruleId: String, version: Int, name: String, owners: [String], scope: RuleScope, indicator: Indicator, window: String, windowSeconds: Int64,
            threshold: Double, level: Level, pushTo: [String], enabled: Bool, builtIn: Bool, changedAt: String, changedBy: String?, reason: String?
        ) {
            self.ruleId = ruleId
            self.version = version
            self.name = name
            self.owners = owners
            self.scope = scope
            self.indicator = indicator
            self.window = window
            self.windowSeconds = windowSeconds
            self.threshold = threshold
            self.level = level
            self.pushTo = pushTo
            self.enabled = enabled
            self.builtIn = builtIn
            self.changedAt = changedAt
            self.changedBy = changedBy
            self.reason = reason
        }
    }

    /// `rules.list`: by owner department, enabled state, metric or signal kind, by rule id.
    public struct RuleFilter: Codable, Sendable, Hashable {
        public var owner: String?
        public var enabled: Bool?
        public var metric: String?
        public var kind: SignalKind?
        public var after: String?
        public var limit: Int?
        public init(owner: String? = nil, enabled: Bool? = nil, metric: String? = nil, kind: SignalKind? = nil, after: String? = nil, limit: Int? = nil) {
            self.owner = owner
            self.enabled = enabled
            self.metric = metric
            self.kind = kind
            self.after = after
            self.limit = limit
        }
    }

    public struct RuleList: Codable, Sendable, Hashable {
        public var rules: [Rule]
        public var next: String?
        public init(rules: [Rule], next: String?) {
            self.rules = rules
            self.next = next
        }
    }

    // MARK: - Signals

    /// One row of `signals.ingest`: a sensor reading or a detection about an entity (`uscc`) or a site.
    public struct Reading: Codable, Sendable, Hashable {
        /// The sending system's own id of the reading; a reading sent again with the same id is applied once.
        public var readingId: String?
        public var kind: SignalKind?
        public var uscc: String?
        public var site: String?
        public var metric: String
        public var value: Double
        public var at: String
        public var entityKind: String?
        public var region: String?
        public var domain: String?
        public var item: String?
        public var dept: String?
        public init(
            readingId: String? = nil, kind: SignalKind? = nil, uscc: String? = nil, site: String? = nil, metric: String, value: Double, at: String,
            entityKind: String? = nil, region: String? = nil, domain: String? = nil, item: String? = nil, dept: String? = nil
        ) {
            self.readingId = readingId
            self.kind = kind
            self.uscc = uscc
            self.site = site
            self.metric = metric
            self.value = value
            self.at = at
            self.entityKind = entityKind
            self.region = region
            self.domain = domain
            self.item = item
            self.dept = dept
        }
    }

    /// `signals.ingest`: a batch from one monitoring system (`source`), all-or-nothing.
    public struct IngestBatch: Codable, Sendable, Hashable {
        public var source: String
        public var readings: [Reading]
        public init(source: String, readings: [Reading]) {
            self.source = source
            self.readings = readings
        }
    }

    public struct IngestResult: Codable, Sendable, Hashable {
        /// Rows stored as new signals.
        public var accepted: Int
        /// Rows whose `readingId` was already ingested (skipped).
        public var duplicates: Int
        /// Warnings raised by this batch.
        public var raised: [String]
        /// Open warnings this batch updated.
        public var updated: [String]
        public init(accepted: Int, duplicates: Int, raised: [String], updated: [String]) {
            self.accepted = accepted
            self.duplicates = duplicates
            self.raised = raised
            self.updated = updated
        }
    }

    /// A stored signal.
    public struct Signal: Codable, Sendable, Hashable {
        public var signalId: String
        public var kind: SignalKind
        public var source: String
        public var entity: String
        public var uscc: String?
        public var site: String?
        public var metric: String?
        public var value: Double
        public var items: [String]
        public var dept: String?
        public var domain: String?
        public var region: String?
        public var entityKind: String?
        public var at: String
        public init(
            signalId: String, kind: SignalKind, source: String, entity: String, uscc: String?, site: String?, metric: String?, value: Double, items: [String],
            dept: String?, domain: String?, region: String?, entityKind: String?, at: String
        ) {
            self.signalId = signalId
            self.kind = kind
            self.source = source
            self.entity = entity
            self.uscc = uscc
            self.site = site
            self.metric = metric
            self.value = value
            self.items = items
            self.dept = dept
            self.domain = domain
            self.region = region
            self.entityKind = entityKind
            self.at = at
        }
    }

    /// `signals.list`: an entity's (or a site's) signals, newest first.
    public struct SignalFilter: Codable, Sendable, Hashable {
        public var uscc: String?
        public var site: String?
        public var kind: SignalKind?
        public var limit: Int?
        public init(uscc: String? = nil, site: String? = nil, kind: SignalKind? = nil, limit: Int? = nil) {
            self.uscc = uscc
            self.site = site
            self.kind = kind
            self.limit = limit
        }
    }

    public struct SignalList: Codable, Sendable, Hashable {
        public var signals: [Signal]
        public init(signals: [Signal]) { self.signals = signals }
    }

    // MARK: - Warnings

    /// A warning: raised by one rule version about one entity or site, pushed to departments, followed through the
    /// closed loop. One rule has at most one open warning per entity; further firings update it (`hits`, `value`).
    public struct Warning: Codable, Sendable, Hashable {
        public var warningId: String
        public var ruleId: String
        public var ruleVersion: Int
        public var ruleName: String
        public var level: Level
        /// The level the rule raised it at (`level` differs after escalation).
        public var raisedLevel: Level
        public var status: WarningStatus
        public var entity: String
        public var uscc: String?
        public var site: String?
        public var domain: String?
        public var indicator: Indicator
        public var value: Double
        public var threshold: Double
        public var window: Period
        public var hits: Int
        public var pushedTo: [String]
        public var raisedAt: String
        public var ackDueAt: String
        public var overdue: Bool
        public var escalations: Int
        public var lastSignalAt: String
        public var acknowledgedAt: String?
        public var closedAt: String?
        public var jointInspectionRequestId: String?
        public var assessmentId: String?
        public init(
            warningId: String, ruleId: String, ruleVersion: Int, ruleName: String, level: Level, raisedLevel: Level, status: WarningStatus,
            entity: String, uscc: String?, site: String?, domain: String?, indicator: Indicator, value: Double, threshold: Double, window: Period, hits: Int,
            pushedTo: [String], raisedAt: String, ackDueAt: String, overdue: Bool, escalations: Int, lastSignalAt: String, acknowledgedAt: String?,
            closedAt: String?, jointInspectionRequestId: String?, assessmentId: String?
        ) {
            self.warningId = warningId
            self.ruleId = ruleId
            self.ruleVersion = ruleVersion
            self.ruleName = ruleName
            self.level = level
            self.raisedLevel = raisedLevel
            self.status = status
            self.entity = entity
            self.uscc = uscc
            self.site = site
            self.domain = domain
            self.indicator = indicator
            self.value = value
            self.threshold = threshold
            self.window = window
            self.hits = hits
            self.pushedTo = pushedTo
            self.raisedAt = raisedAt
            self.ackDueAt = ackDueAt
            self.overdue = overdue
            self.escalations = escalations
            self.lastSignalAt = lastSignalAt
            self.acknowledgedAt = acknowledgedAt
            self.closedAt = closedAt
            self.jointInspectionRequestId = jointInspectionRequestId
            self.assessmentId = assessmentId
        }
    }

    /// One step of a warning's closed loop, as recorded.
    public struct WarningStep: Codable, Sendable, Hashable {
        public var action: String
        public var from: WarningStatus?
        public var to: WarningStatus
        public var dept: String?
        public var user: String?
        public var note: String?
        public var at: String
        public init(action: String, from: WarningStatus?, to: WarningStatus, dept: String?, user: String?, note: String?, at: String) {
            self.action = action
            self.from = from
            self.to = to
            self.dept = dept
            self.user = user
            self.note = note
            self.at = at
        }
    }

    /// `warnings.get`: the warning and its recorded steps.
    public struct WarningDetail: Codable, Sendable, Hashable {
        public var warning: Warning
        public var steps: [WarningStep]
        public init(warning: Warning, steps: [WarningStep]) {
            self.warning = warning
            self.steps = steps
        }
    }

    /// `warnings.get`, `warnings.ack`, `warnings.verify`, `warnings.handle`, `warnings.feedback`, `warnings.close`.
    /// `note` is what the department found (verify), did (handle), reports back (feedback) or why it closes; it is
    /// required for verify, handle and feedback. `finding` (verify) is `confirmed` or `notConfirmed`.
    public struct WarningAction: Codable, Sendable, Hashable {
        public var warningId: String
        public var note: String?
        public var finding: String?
        public init(warningId: String, note: String? = nil, finding: String? = nil) {
            self.warningId = warningId
            self.note = note
            self.finding = finding
        }
    }

    /// `warnings.list`: filters combine; `open: true` for every status but closed.
    public struct WarningFilter: Codable, Sendable, Hashable {
        public var status: WarningStatus?
        public var open: Bool?
        public var level: Level?
        public var uscc: String?
        public var site: String?
        public var ruleId: String?
        public var dept: String?
        public var domain: String?
        public var after: String?
        public var limit: Int?
        public init(
            status: WarningStatus? = nil, open: Bool? = nil, level: Level? = nil, uscc: String? = nil, site: String? = nil, ruleId: String? = nil,
            dept: String? = nil, domain: String? = nil, after: String? = nil, limit: Int? = nil
        ) {
            self.status = status
            self.open = open
            self.level = level
            self.uscc = uscc
            self.site = site
            self.ruleId = ruleId
            self.dept = dept
            self.domain = domain
            self.after = after
            self.limit = limit
        }
    }

    public struct WarningList: Codable, Sendable, Hashable {
        public var warnings: [Warning]
        public var next: String?
        public init(warnings: [Warning], next: String?) {
            self.warnings = warnings
            self.next = next
        }
    }

    /// `warnings.escalateDue`: escalates every warning not acknowledged by its deadline (the background watcher calls
    /// it; a cron may too). `asOf` is honoured only from the warning service itself (its injectable clock).
    public struct EscalateDue: Codable, Sendable, Hashable {
        public var asOf: String?
        public init(asOf: String? = nil) { self.asOf = asOf }
    }

    public struct EscalationRun: Codable, Sendable, Hashable {
        public var escalated: [String]
        public var at: String
        public init(escalated: [String], at: String) {
            self.escalated = escalated
            self.at = at
        }
    }

    // MARK: - Joint assessment (综合研判)

    /// A department's answer: `confirmed` (the risk is real), `notConfirmed`, or `undetermined`.
    public enum AssessmentView: String, Codable, Sendable, CaseIterable, WireEnum {
        case confirmed, notConfirmed, undetermined
    }

    public struct AssessmentResponse: Codable, Sendable, Hashable {
        public var dept: String
        public var view: AssessmentView
        public var opinion: String
        public var user: String?
        public var at: String
        public init(dept: String, view: AssessmentView, opinion: String, user: String?, at: String) {
            self.dept = dept
            self.view = view
            self.opinion = opinion
            self.user = user
            self.at = at
        }
    }

    /// The joint assessment a red warning opens: every department it was pushed to answers; when the last one has, the
    /// outcome is recorded — `confirmed` if any department confirms the risk, `notConfirmed` if all rule it out,
    /// otherwise `undetermined`.
    public struct Assessment: Codable, Sendable, Hashable {
        public var assessmentId: String
        public var warningId: String
        public var status: String
        public var depts: [String]
        public var pending: [String]
        public var responses: [AssessmentResponse]
        public var outcome: AssessmentView?
        public var openedAt: String
        public var concludedAt: String?
        public init(
            assessmentId: String, warningId: String, status: String, depts: [String], pending: [String], responses: [AssessmentResponse],
            outcome: AssessmentView?, openedAt: String, concludedAt: String?
        ) {
            self.assessmentId = assessmentId
            self.warningId = warningId
            self.status = status
            self.depts = depts
            self.pending = pending
            self.responses = responses
            self.outcome = outcome
            self.openedAt = openedAt
            self.concludedAt = concludedAt
        }
    }

    /// `assessments.respond`: an operator answers for their department; admin names `dept` (default the
    /// coordination office).
    public struct AssessmentRespond: Codable, Sendable, Hashable {
        public var assessmentId: String
        public var dept: String?
        public var view: AssessmentView
        public var opinion: String
        public init(assessmentId: String, dept: String? = nil, view: AssessmentView, opinion: String) {
            self.assessmentId = assessmentId
            self.dept = dept
            self.view = view
            self.opinion = opinion
        }
    }

    /// `assessments.get`.
    public struct AssessmentRef: Codable, Sendable, Hashable {
        public var assessmentId: String
        public init(assessmentId: String) { self.assessmentId = assessmentId }
    }

    /// `assessments.list`: `status` open or concluded; `dept` a department asked to answer.
    public struct AssessmentFilter: Codable, Sendable, Hashable {
        public var status: String?
        public var dept: String?
        public var warningId: String?
        public var after: String?
        public var limit: Int?
        public init(status: String? = nil, dept: String? = nil, warningId: String? = nil, after: String? = nil, limit: Int? = nil) {
            self.status = status
            self.dept = dept
            self.warningId = warningId
            self.after = after
            self.limit = limit
        }
    }

    public struct AssessmentList: Codable, Sendable, Hashable {
        public var assessments: [Assessment]
        public var next: String?
        public init(assessments: [Assessment], next: String?) {
            self.assessments = assessments
            self.next = next
        }
    }

    // MARK: - Dashboard

    /// `stats.summary`: for admin, auditors and services all warnings; for a department (or `dept`) those pushed to it.
    public struct StatsQuery: Codable, Sendable, Hashable {
        public var dept: String?
        public init(dept: String? = nil) { self.dept = dept }
    }

    public struct StatsSummary: Codable, Sendable, Hashable {
        public var open: Int
        public var openByLevel: [String: Int]
        /// Domain of the rule (or signal); `unspecified` when neither names one.
        public var openByDomain: [String: Int]
        /// Open warnings not acknowledged by their deadline.
        public var overdue: Int
        public var meanSecondsToAcknowledge: Double?
        public var meanSecondsToClose: Double?
        public var acknowledged: Int
        public var closed: Int
        public var at: String
        public init(
            open: Int, openByLevel: [String: Int], openByDomain: [String: Int], overdue: Int, meanSecondsToAcknowledge: Double?, meanSecondsToClose: Double?,
            acknowledged: Int, closed: Int, at: String
        ) {
            self.open = open
            self.openByLevel = openByLevel
            self.openByDomain = openByDomain
            self.overdue = overdue
            self.meanSecondsToAcknowledge = meanSecondsToAcknowledge
            self.meanSecondsToClose = meanSecondsToClose
            self.acknowledged = acknowledged
            self.closed = closed
            self.at = at
        }
    }

    // MARK: - Events published

    /// `warning.raised`: a new warning, pushed to `pushedTo`, to be acknowledged by `ackDueAt`.
    public struct WarningRaised: Codable, Sendable, Hashable {
        public var warningId: String
        public var ruleId: String
        public var ruleVersion: Int
        public var level: Level
        public var entity: String
        public var uscc: String?
        public var site: String?
        public var domain: String?
        public var indicator: Indicator
        public var value: Double
        public var threshold: Double
        public var window: Period
        public var pushedTo: [String]
        public var raisedAt: String
        public var ackDueAt: String
        public init(
            warningId: String, ruleId: String, ruleVersion: Int, level: Level, entity: String, uscc: String?, site: String?, domain: String?,
            indicator: Indicator, value: Double, threshold: Double, window: Period, pushedTo: [String], raisedAt: String, ackDueAt: String
        ) {
            self.warningId = warningId
            self.ruleId = ruleId
            self.ruleVersion = ruleVersion
            self.level = level
            self.entity = entity
            self.uscc = uscc
            self.site = site
            self.domain = domain
            self.indicator = indicator
            self.value = value
            self.threshold = threshold
            self.window = window
            self.pushedTo = pushedTo
            self.raisedAt = raisedAt
            self.ackDueAt = ackDueAt
        }
    }

    /// `warning.escalated`: not acknowledged in time; one level up (red stays red) and pushed to the coordination office.
    public struct WarningEscalated: Codable, Sendable, Hashable {
        public var warningId: String
        public var ruleId: String
        public var ruleVersion: Int
        public var entity: String
        public var uscc: String?
        public var site: String?
        public var from: Level
        public var to: Level
        public var pushedTo: [String]
        public var escalations: Int
        public var escalatedAt: String
        public var ackDueAt: String
        public init(
            warningId: String, ruleId: String, ruleVersion: Int, entity: String, uscc: String?, site: String?, from: Level, to: Level, pushedTo: [String],
            escalations: Int, escalatedAt: String, ackDueAt: String
        ) {
            self.warningId = warningId
            self.ruleId = ruleId
            self.ruleVersion = ruleVersion
            self.entity = entity
            self.uscc = uscc
            self.site = site
            self.from = from
            self.to = to
            self.pushedTo = pushedTo
            self.escalations = escalations
            self.escalatedAt = escalatedAt
            self.ackDueAt = ackDueAt
        }
    }

    /// `warning.closed`: the loop is complete (or the coordination office closed it, with `reason`).
    public struct WarningClosed: Codable, Sendable, Hashable {
        public var warningId: String
        public var ruleId: String
        public var ruleVersion: Int
        public var level: Level
        public var entity: String
        public var uscc: String?
        public var site: String?
        public var closedBy: String?
        public var reason: String?
        public var raisedAt: String
        public var closedAt: String
        public init(
            warningId: String, ruleId: String, ruleVersion: Int, level: Level, entity: String, uscc: String?, site: String?, closedBy: String?,
            reason: String?, raisedAt: String, closedAt: String
        ) {
            self.warningId = warningId
            self.ruleId = ruleId
            self.ruleVersion = ruleVersion
            self.level = level
            self.entity = entity
            self.uscc = uscc
            self.site = site
            self.closedBy = closedBy
            self.reason = reason
            self.raisedAt = raisedAt
            self.closedAt = closedAt
        }
    }

    /// `warning.joint_inspection.requested`: signals from two or more sources about one entity; inspection turns it
    /// into a joint task for `depts` (the departments the signals name) over `items`. `window` (days, CST) is when
    /// the inspection should take place.
    public struct JointInspectionRequested: Codable, Sendable, Hashable {
        public var requestId: String
        public var warningId: String
        public var uscc: String
        public var items: [String]
        public var depts: [String]
        public var reason: String
        public var window: Period?
        public init(requestId: String, warningId: String, uscc: String, items: [String], depts: [String], reason: String, window: Period?) {
            self.requestId = requestId
            self.warningId = warningId
            self.uscc = uscc
            self.items = items
            self.depts = depts
            self.reason = reason
            self.window = window
        }
    }

    // MARK: - Events consumed (only the fields warning reads)

    /// `referral.clue.registered`.
    public struct ClueRegistered: Codable, Sendable, Hashable {
        public var clueId: String
        public var source: String
        public var uscc: String?
        public var items: [String]?
        public var domain: String?
        public var dept: String?
        public var registeredAt: String?
        public init(clueId: String, source: String, uscc: String?, items: [String]?, domain: String? = nil, dept: String? = nil, registeredAt: String?) {
            self.clueId = clueId
            self.source = source
            self.uscc = uscc
            self.items = items
            self.domain = domain
            self.dept = dept
            self.registeredAt = registeredAt
        }
    }

    /// `inspection.result.published`; only `failed` and `orderedToCorrect` are signals.
    public struct InspectionResultPublished: Codable, Sendable, Hashable {
        public var uscc: String
        public var item: String?
        public var dept: String?
        public var outcome: String
        public var resultId: String?
        public var taskId: String?
        public var publishedAt: String?
        public var year: Int?
        public init(
            uscc: String, item: String?, dept: String?, outcome: String, resultId: String?, taskId: String? = nil, publishedAt: String?, year: Int? = nil
        ) {
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

    /// `credit.grade.changed`; only downgrades (A < B < C < D, D worst) are signals.
    public struct GradeChanged: Codable, Sendable, Hashable {
        public var uscc: String
        public var from: String?
        public var to: String
        public var score: Double?
        public var at: String?
        public init(uscc: String, from: String?, to: String, score: Double? = nil, at: String?) {
            self.uscc = uscc
            self.from = from
            self.to = to
            self.score = score
            self.at = at
        }
    }

    /// `credit.punishment.started`.
    public struct PunishmentStarted: Codable, Sendable, Hashable {
        public var punishmentId: String
        public var uscc: String
        public var initiatorDept: String?
        public var implementingDepts: [String]?
        public var measures: [String]?
        public var startsOn: String?
        public var endsOn: String?
        public var at: String?
        public init(
            punishmentId: String, uscc: String, initiatorDept: String?, implementingDepts: [String]? = nil, measures: [String]? = nil, startsOn: String? = nil,
            endsOn: String? = nil, at: String?
        ) {
            self.punishmentId = punishmentId
            self.uscc = uscc
            self.initiatorDept = initiatorDept
            self.implementingDepts = implementingDepts
            self.measures = measures
            self.startsOn = startsOn
            self.endsOn = endsOn
            self.at = at
        }
    }
}
