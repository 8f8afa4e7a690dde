/// Wire types of the `credit` service (DESIGN §4, 信用监管): parameters, results, the events it publishes and
/// the events of other services it consumes.
///
/// Dates are `YYYY-MM-DD` (China Standard Time calendar days), timestamps ISO-8601 UTC, identifiers strings.
public enum CreditMessages {

    // MARK: - Vocabulary

    /// What a credit record (信用记录) is about.
    public enum RecordType: String, Codable, Sendable, CaseIterable, WireEnum {
        /// 登记注册
        case registration
        /// 资质
        case qualification
        /// 日常监管 (inspection results, substantiated clues)
        case dailySupervision
        /// 公共服务
        case publicService
        /// 行政执法 (penalties)
        case enforcement
    }

    /// Whether a record counts for (守信) or against (失信) the entity.
    public enum Polarity: String, Codable, Sendable, CaseIterable, WireEnum {
        case positive
        case negative
    }

    /// How heavy a negative record is (轻微 / 一般 / 严重); `points` multiplies an indicator's negative points.
    public enum Severity: String, Codable, Sendable, CaseIterable, WireEnum {
        case minor
        case moderate
        case serious

        public var points: Int {
            switch self {
            case .minor: 1
            case .moderate: 2
            case .serious: 3
            }
        }

        public init?(points: Int) {
            guard let match = Self.allCases.first(where: { $0.points == points }) else { return nil }
            self = match
        }
    }

    /// Where a record comes from.
    public enum OriginKind: String, Codable, Sendable, CaseIterable, WireEnum {
        case inspectionResult
        case clue
        case punishment
        case manual
    }

    /// A credit grade (信用等级); A is best.
    public enum Grade: String, Codable, Sendable, CaseIterable, WireEnum, Comparable {
        case A, B, C, D

        public static func < (lhs: Grade, rhs: Grade) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Where a credit repair application stands.
    public enum RepairStatus: String, Codable, Sendable, CaseIterable, WireEnum {
        case pending, approved, rejected
    }

    /// A reviewer's decision on a credit repair.
    public enum RepairDecision: String, Codable, Sendable, CaseIterable, WireEnum {
        case approve, reject
    }

    /// Where a whitelist entry stands; only `approved` entities are left out of random draws.
    public enum WhitelistStatus: String, Codable, Sendable, CaseIterable, WireEnum {
        case proposed, approved, removed
    }

    /// Whether a joint punishment is still open.
    public enum PunishmentStatus: String, Codable, Sendable, CaseIterable, WireEnum {
        /// Started and not ended by its initiator (it may still have run past `endsOn`; see `inForce`).
        case active
        case ended
    }

    /// What an implementing department reports about a joint punishment.
    public enum FeedbackOutcome: String, Codable, Sendable, CaseIterable, WireEnum {
        case applied, inProgress, notApplicable
    }

    // MARK: - Records

    /// The origin of a record: an inspection result, a clue, a punishment, or entered by hand.
    public struct Origin: Codable, Sendable, Hashable {
        public var kind: OriginKind
        public var id: String?

        public init(kind: OriginKind, id: String? = nil) {
            self.kind = kind
            self.id = id
        }
    }

    /// `records.add`: a department enters a record for an entity.
    public struct RecordAdd: Codable, Sendable, Hashable {
        public var uscc: String
        /// Source department; operators may only give their own (default `actor.dept`).
        public var dept: String?
        public var type: RecordType
        public var polarity: Polarity
        /// Required for negative records; ignored for positive ones.
        public var severity: Severity?
        public var occurredOn: String
        /// Default: `occurredOn` + the configured validity (36 months negative, 12 months positive).
        public var expiresOn: String?
        public var origin: Origin?
        public var summary: String
        /// False keeps the record out of public view (privacy); default true.
        public var published: Bool?
        /// The entity's industry domain (行业), which picks its indicator set; the latest one given wins.
        public var domain: String?

        public init(
            uscc: String, dept: String? = nil, type: RecordType, polarity: Polarity, severity: Severity? = nil, occurredOn: String,
            expiresOn: String? = nil, origin: Origin? = nil, summary: String, published: Bool? = nil, domain: String? = nil
        ) {
            self.uscc = uscc
            self.dept = dept
            self.type = type
            self.polarity = polarity
            self.severity = severity
            self.occurredOn = occurredOn
            self.expiresOn = expiresOn
            self.origin = origin
            self.summary = summary
            self.published = published
            self.domain = domain
        }
    }

    /// One credit record as the service keeps it.
    public struct CreditRecord: Codable, Sendable, Hashable {
        public var id: String
        public var uscc: String
        public var dept: String
        public var type: RecordType
        public var polarity: Polarity
        public var severity: Severity?
        public var occurredOn: String
        public var expiresOn: String?
        public var origin: Origin?
        public var summary: String
        public var published: Bool
        /// Set when an approved credit repair removed the record from the score and from public view.
        public var repairId: String?
        public var createdAt: String

        public init(
            id: String, uscc: String, dept: String, type: RecordType, polarity: Polarity, severity: Severity?, occurredOn: String,
            expiresOn: String?, origin: Origin?, summary: String, published: Bool, repairId: String?, createdAt: String
        ) {
            self.id = id
            self.uscc = uscc
            self.dept = dept
            self.type = type
            self.polarity = polarity
            self.severity = severity
            self.occurredOn = occurredOn
            self.expiresOn = expiresOn
            self.origin = origin
            self.summary = summary
            self.published = published
            self.repairId = repairId
            self.createdAt = createdAt
        }
    }

    /// `records.list`: an entity's records, newest first.
    public struct RecordListQuery: Codable, Sendable, Hashable {
        public var uscc: String
        public var type: RecordType?
        public var polarity: Polarity?
        /// Repaired records too (auditors and admin only).
        public var includeRepaired: Bool?
        /// 1…1000, default 200.
        public var limit: Int?

        public init(uscc: String, type: RecordType? = nil, polarity: Polarity? = nil, includeRepaired: Bool? = nil, limit: Int? = nil) {
            self.uscc = uscc
            self.type = type
            self.polarity = polarity
            self.includeRepaired = includeRepaired
            self.limit = limit
        }
    }

    /// `records.list` result.
    public struct RecordList: Codable, Sendable, Hashable {
        public var records: [CreditRecord]

        public init(records: [CreditRecord]) { self.records = records }
    }

    // MARK: - Indicators, scores, grades

    /// One weighted indicator (指标): it scores the records of one type.
    ///
    /// indicator score = clamp(baseScore + positivePoints × positive records − negativePoints × Σ severity points, 0, 100)
    public struct Indicator: Codable, Sendable, Hashable {
        public var code: String
        public var name: String
        public var recordType: RecordType
        /// Share of the entity score; the weights of a set add up to 1.
        public var weight: Double
        public var negativePoints: Double
        public var positivePoints: Double

        public init(code: String, name: String, recordType: RecordType, weight: Double, negativePoints: Double, positivePoints: Double) {
            self.code = code
            self.name = name
            self.recordType = recordType
            self.weight = weight
            self.negativePoints = negativePoints
            self.positivePoints = positivePoints
        }
    }

    /// `indicators.set` and `indicators.get`: the indicator set of one domain (`general` = 综合, others 行业).
    ///
    /// entity score = Σ weight × indicator score; an entity without records scores `baseScore`.
    public struct IndicatorSet: Codable, Sendable, Hashable {
        public var domain: String
        public var baseScore: Double
        public var indicators: [Indicator]
        public var updatedAt: String?
        /// On `indicators.get` for a domain without its own set: the domain asked for (the `general` set is returned).
        public var fallbackFor: String?

        public init(domain: String, baseScore: Double, indicators: [Indicator], updatedAt: String? = nil, fallbackFor: String? = nil) {
            self.domain = domain
            self.baseScore = baseScore
            self.indicators = indicators
            self.updatedAt = updatedAt
            self.fallbackFor = fallbackFor
        }
    }

    /// `indicators.get` parameters (default domain `general`).
    public struct IndicatorsQuery: Codable, Sendable, Hashable {
        public var domain: String?

        public init(domain: String? = nil) { self.domain = domain }
    }

    /// Parameters naming one entity (`scores.get`, `public.profile`).
    public struct UsccQuery: Codable, Sendable, Hashable {
        public var uscc: String

        public init(uscc: String) { self.uscc = uscc }
    }

    /// One indicator's part of a score.
    public struct IndicatorScore: Codable, Sendable, Hashable {
        public var code: String
        public var recordType: RecordType
        public var weight: Double
        public var negativePoints: Int
        public var positiveCount: Int
        public var score: Double

        public init(code: String, recordType: RecordType, weight: Double, negativePoints: Int, positiveCount: Int, score: Double) {
            self.code = code
            self.recordType = recordType
            self.weight = weight
            self.negativePoints = negativePoints
            self.positiveCount = positiveCount
            self.score = score
        }
    }

    /// `scores.get`: the stored score and grade (as of `evaluatedAt`) and the breakdown under the current indicators.
    public struct Score: Codable, Sendable, Hashable {
        public var uscc: String
        /// False when the service has no record of the entity: `grade` is then the default grade.
        public var known: Bool
        public var score: Double?
        public var grade: Grade
        public var domain: String
        public var evaluatedAt: String?
        public var breakdown: [IndicatorScore]

        public init(uscc: String, known: Bool, score: Double?, grade: Grade, domain: String, evaluatedAt: String?, breakdown: [IndicatorScore]) {
            self.uscc = uscc
            self.known = known
            self.score = score
            self.grade = grade
            self.domain = domain
            self.evaluatedAt = evaluatedAt
            self.breakdown = breakdown
        }
    }

    /// `grades.lookup` and `whitelist.check`: a batch of entities (at most 10,000).
    public struct UsccBatch: Codable, Sendable, Hashable {
        public var usccs: [String]

        public init(usccs: [String]) { self.usccs = usccs }
    }

    /// `grades.lookup`: every entity asked for has a grade; those never graded get `defaultGrade`.
    ///
    /// `grades[i]` is the grade of `usccs[i]` of the request: a list in request order, not a map, because a planning
    /// pool asks for a million entities and a JSON object of a thousand keys costs several times more to encode and
    /// decode than a list of a thousand letters.
    public struct GradeLookup: Codable, Sendable, Hashable {
        public var grades: [Grade]
        public var defaultGrade: Grade
        /// The entities asked for that the service has never graded (given `defaultGrade`).
        public var unknown: [String]

        public init(grades: [Grade], defaultGrade: Grade, unknown: [String]) {
            self.grades = grades
            self.defaultGrade = defaultGrade
            self.unknown = unknown
        }
    }

    /// One row of the grade table (分级分类): the lowest score of the grade and what planning does with it.
    public struct GradeRow: Codable, Sendable, Hashable {
        public var grade: Grade
        public var minScore: Double
        /// Share of the grade's entities drawn for random inspection, 0…1.
        public var samplingRatio: Double
        /// Inspections per year for a drawn entity.
        public var yearlyFrequency: Int

        public init(grade: Grade, minScore: Double, samplingRatio: Double, yearlyFrequency: Int) {
            self.grade = grade
            self.minScore = minScore
            self.samplingRatio = samplingRatio
            self.yearlyFrequency = yearlyFrequency
        }
    }

    /// `grades.table`, and the `credit.grade_table.changed` event.
    public struct GradeTableInfo: Codable, Sendable, Hashable {
        public var grades: [GradeRow]
        /// The grade of entities without a score (B unless changed).
        public var defaultGrade: Grade
        public var updatedAt: String?

        public init(grades: [GradeRow], defaultGrade: Grade, updatedAt: String?) {
            self.grades = grades
            self.defaultGrade = defaultGrade
            self.updatedAt = updatedAt
        }
    }

    /// A change to one grade row; fields left out keep their value.
    public struct GradeRowChange: Codable, Sendable, Hashable {
        public var grade: Grade
        public var minScore: Double?
        public var samplingRatio: Double?
        public var yearlyFrequency: Int?

        public init(grade: Grade, minScore: Double? = nil, samplingRatio: Double? = nil, yearlyFrequency: Int? = nil) {
            self.grade = grade
            self.minScore = minScore
            self.samplingRatio = samplingRatio
            self.yearlyFrequency = yearlyFrequency
        }
    }

    /// `grades.setTable` (admin): thresholds, ratios, frequencies, default grade. Applies to scores at the next evaluation.
    public struct GradeTableChange: Codable, Sendable, Hashable {
        public var grades: [GradeRowChange]?
        public var defaultGrade: Grade?

        public init(grades: [GradeRowChange]? = nil, defaultGrade: Grade? = nil) {
            self.grades = grades
            self.defaultGrade = defaultGrade
        }
    }

    // MARK: - Evaluation

    /// `evaluation.run` and the last run in `evaluation.status`.
    public struct EvaluationRun: Codable, Sendable, Hashable {
        public var runId: Int64
        /// `request` (evaluation.run) or `schedule`.
        public var trigger: String
        public var startedAt: String
        public var entities: Int
        /// Entities whose grade changed (one `credit.grade.changed` each).
        public var changed: Int
        public var durationMs: Int

        public init(runId: Int64, trigger: String, startedAt: String, entities: Int, changed: Int, durationMs: Int) {
            self.runId = runId
            self.trigger = trigger
            self.startedAt = startedAt
            self.entities = entities
            self.changed = changed
            self.durationMs = durationMs
        }
    }

    /// `evaluation.status`: when the periodic (quarterly by default) re-evaluation last ran and is next due.
    public struct EvaluationStatus: Codable, Sendable, Hashable {
        public var lastRun: EvaluationRun?
        public var periodMonths: Int
        /// The first day of the period the next scheduled run belongs to.
        public var nextDueOn: String
        public var due: Bool

        public init(lastRun: EvaluationRun?, periodMonths: Int, nextDueOn: String, due: Bool) {
            self.lastRun = lastRun
            self.periodMonths = periodMonths
            self.nextDueOn = nextDueOn
            self.due = due
        }
    }

    // MARK: - Joint punishment (失信联合惩戒)

    /// `punishments.start`: the initiating department fixes the target, measures and implementing departments.
    public struct PunishmentStart: Codable, Sendable, Hashable {
        public var uscc: String
        public var reason: String
        public var legalBasis: String?
        public var measures: [String]
        public var implementingDepts: [String]
        public var startsOn: String
        public var endsOn: String?
        /// Admin only: the department the admin initiates for (default `actor.dept`).
        public var initiatorDept: String?

        public init(
            uscc: String, reason: String, legalBasis: String? = nil, measures: [String], implementingDepts: [String], startsOn: String,
            endsOn: String? = nil, initiatorDept: String? = nil
        ) {
            self.uscc = uscc
            self.reason = reason
            self.legalBasis = legalBasis
            self.measures = measures
            self.implementingDepts = implementingDepts
            self.startsOn = startsOn
            self.endsOn = endsOn
            self.initiatorDept = initiatorDept
        }
    }

    /// `punishments.feedback`: an implementing department reports what it did.
    public struct PunishmentFeedbackReport: Codable, Sendable, Hashable {
        public var punishmentId: String
        public var outcome: FeedbackOutcome
        public var measure: String?
        public var note: String?

        public init(punishmentId: String, outcome: FeedbackOutcome, measure: String? = nil, note: String? = nil) {
            self.punishmentId = punishmentId
            self.outcome = outcome
            self.measure = measure
            self.note = note
        }
    }

    /// One implementing department's report on a joint punishment.
    public struct PunishmentFeedback: Codable, Sendable, Hashable {
        public var dept: String
        public var outcome: FeedbackOutcome
        public var measure: String?
        public var note: String?
        public var reportedAt: String
        public var reportedBy: String?

        public init(dept: String, outcome: FeedbackOutcome, measure: String?, note: String?, reportedAt: String, reportedBy: String?) {
            self.dept = dept
            self.outcome = outcome
            self.measure = measure
            self.note = note
            self.reportedAt = reportedAt
            self.reportedBy = reportedBy
        }
    }

    /// `punishments.end` (initiator only).
    public struct PunishmentEnd: Codable, Sendable, Hashable {
        public var punishmentId: String
        public var reason: String

        public init(punishmentId: String, reason: String) {
            self.punishmentId = punishmentId
            self.reason = reason
        }
    }

    /// `punishments.get` parameters.
    public struct PunishmentQuery: Codable, Sendable, Hashable {
        public var punishmentId: String

        public init(punishmentId: String) { self.punishmentId = punishmentId }
    }

    /// `punishments.list`: filters combine; `dept` matches the initiator or an implementing department.
    public struct PunishmentListQuery: Codable, Sendable, Hashable {
        public var uscc: String?
        public var dept: String?
        public var status: PunishmentStatus?

        public init(uscc: String? = nil, dept: String? = nil, status: PunishmentStatus? = nil) {
            self.uscc = uscc
            self.dept = dept
            self.status = status
        }
    }

    /// A joint punishment (失信联合惩戒) with its feedback.
    public struct Punishment: Codable, Sendable, Hashable {
        public var id: String
        public var uscc: String
        public var initiatorDept: String
        public var reason: String
        public var legalBasis: String?
        public var measures: [String]
        public var implementingDepts: [String]
        public var startsOn: String
        public var endsOn: String?
        public var status: PunishmentStatus
        /// Active, started, and not past `endsOn` today.
        public var inForce: Bool
        public var startedAt: String
        public var endedAt: String?
        public var endReason: String?
        public var feedback: [PunishmentFeedback]

        public init(
            id: String, uscc: String, initiatorDept: String, reason: String, legalBasis: String?, measures: [String], implementingDepts: [String],
            startsOn: String, endsOn: String?, status: PunishmentStatus, inForce: Bool, startedAt: String, endedAt: String?, endReason: String?,
            feedback: [PunishmentFeedback]
        ) {
            self.id = id
            self.uscc = uscc
            self.initiatorDept = initiatorDept
            self.reason = reason
            self.legalBasis = legalBasis
            self.measures = measures
            self.implementingDepts = implementingDepts
            self.startsOn = startsOn
            self.endsOn = endsOn
            self.status = status
            self.inForce = inForce
            self.startedAt = startedAt
            self.endedAt = endedAt
            self.endReason = endReason
            self.feedback = feedback
        }
    }

    /// `punishments.list` result.
    public struct PunishmentList: Codable, Sendable, Hashable {
        public var punishments: [Punishment]

        public init(punishments: [Punishment]) { self.punishments = punishments }
    }

    // MARK: - Credit repair (信用修复)

    /// `repairs.apply`: the entity's negative records it has corrected, with the evidence.
    public struct RepairApply: Codable, Sendable, Hashable {
        public var uscc: String
        public var recordIds: [String]
        public var evidence: String
        public var evidenceDigests: [String]?

        public init(uscc: String, recordIds: [String], evidence: String, evidenceDigests: [String]? = nil) {
            self.uscc = uscc
            self.recordIds = recordIds
            self.evidence = evidence
            self.evidenceDigests = evidenceDigests
        }
    }

    /// `repairs.review`: approve or reject (a rejection needs a reason).
    public struct RepairReview: Codable, Sendable, Hashable {
        public var repairId: String
        public var decision: RepairDecision
        public var reason: String?

        public init(repairId: String, decision: RepairDecision, reason: String? = nil) {
            self.repairId = repairId
            self.decision = decision
            self.reason = reason
        }
    }

    /// `repairs.get` parameters.
    public struct RepairQuery: Codable, Sendable, Hashable {
        public var repairId: String

        public init(repairId: String) { self.repairId = repairId }
    }

    /// `repairs.list` filters.
    public struct RepairListQuery: Codable, Sendable, Hashable {
        public var uscc: String?
        public var status: RepairStatus?

        public init(uscc: String? = nil, status: RepairStatus? = nil) {
            self.uscc = uscc
            self.status = status
        }
    }

    /// A credit repair application and its review.
    public struct Repair: Codable, Sendable, Hashable {
        public var id: String
        public var uscc: String
        public var recordIds: [String]
        public var evidence: String
        public var evidenceDigests: [String]
        public var status: RepairStatus
        public var appliedByDept: String
        public var appliedAt: String
        public var reviewedByDept: String?
        public var reviewedAt: String?
        public var reviewReason: String?

        public init(
            id: String, uscc: String, recordIds: [String], evidence: String, evidenceDigests: [String], status: RepairStatus, appliedByDept: String,
            appliedAt: String, reviewedByDept: String?, reviewedAt: String?, reviewReason: String?
        ) {
            self.id = id
            self.uscc = uscc
            self.recordIds = recordIds
            self.evidence = evidence
            self.evidenceDigests = evidenceDigests
            self.status = status
            self.appliedByDept = appliedByDept
            self.appliedAt = appliedAt
            self.reviewedByDept = reviewedByDept
            self.reviewedAt = reviewedAt
            self.reviewReason = reviewReason
        }
    }

    /// `repairs.list` result.
    public struct RepairList: Codable, Sendable, Hashable {
        public var repairs: [Repair]

        public init(repairs: [Repair]) { self.repairs = repairs }
    }

    // MARK: - Whitelist (白名单)

    /// `whitelist.propose` and `whitelist.remove`.
    public struct WhitelistChange: Codable, Sendable, Hashable {
        public var uscc: String
        /// Required for `whitelist.remove` and `whitelist.propose`.
        public var reason: String?

        public init(uscc: String, reason: String? = nil) {
            self.uscc = uscc
            self.reason = reason
        }
    }

    /// `whitelist.list` filter.
    public struct WhitelistListQuery: Codable, Sendable, Hashable {
        public var status: WhitelistStatus?

        public init(status: WhitelistStatus? = nil) { self.status = status }
    }

    /// One entity's whitelist entry.
    public struct WhitelistEntry: Codable, Sendable, Hashable {
        public var uscc: String
        public var status: WhitelistStatus
        public var reason: String
        public var proposedByDept: String
        public var proposedAt: String
        public var approvedAt: String?
        public var removedAt: String?
        public var removedReason: String?

        public init(
            uscc: String, status: WhitelistStatus, reason: String, proposedByDept: String, proposedAt: String, approvedAt: String?,
            removedAt: String?, removedReason: String?
        ) {
            self.uscc = uscc
            self.status = status
            self.reason = reason
            self.proposedByDept = proposedByDept
            self.proposedAt = proposedAt
            self.approvedAt = approvedAt
            self.removedAt = removedAt
            self.removedReason = removedReason
        }
    }

    /// `whitelist.list` result.
    public struct WhitelistList: Codable, Sendable, Hashable {
        public var entries: [WhitelistEntry]

        public init(entries: [WhitelistEntry]) { self.entries = entries }
    }

    /// `whitelist.check`: which of the entities asked for are on the approved whitelist.
    public struct WhitelistCheck: Codable, Sendable, Hashable {
        public var whitelisted: [String]

        public init(whitelisted: [String]) { self.whitelisted = whitelisted }
    }

    // MARK: - Public view (公示)

    /// A record as the public sees it (no origin, no internal ids).
    public struct PublicRecord: Codable, Sendable, Hashable {
        public var type: RecordType
        public var polarity: Polarity
        public var severity: Severity?
        public var dept: String
        public var occurredOn: String
        public var expiresOn: String?
        public var summary: String

        public init(type: RecordType, polarity: Polarity, severity: Severity?, dept: String, occurredOn: String, expiresOn: String?, summary: String) {
            self.type = type
            self.polarity = polarity
            self.severity = severity
            self.dept = dept
            self.occurredOn = occurredOn
            self.expiresOn = expiresOn
            self.summary = summary
        }
    }

    /// A punishment in force as the public sees it (no feedback).
    public struct PublicPunishment: Codable, Sendable, Hashable {
        public var id: String
        public var initiatorDept: String
        public var implementingDepts: [String]
        public var measures: [String]
        public var reason: String
        public var legalBasis: String?
        public var startsOn: String
        public var endsOn: String?

        public init(
            id: String, initiatorDept: String, implementingDepts: [String], measures: [String], reason: String, legalBasis: String?, startsOn: String,
            endsOn: String?
        ) {
            self.id = id
            self.initiatorDept = initiatorDept
            self.implementingDepts = implementingDepts
            self.measures = measures
            self.reason = reason
            self.legalBasis = legalBasis
            self.startsOn = startsOn
            self.endsOn = endsOn
        }
    }

    /// `public.profile`: grade, published records in their publication period, punishments in force. Repaired and
    /// unpublished records never appear.
    public struct PublicProfile: Codable, Sendable, Hashable {
        public var uscc: String
        public var grade: Grade
        public var whitelisted: Bool
        public var records: [PublicRecord]
        public var punishments: [PublicPunishment]

        public init(uscc: String, grade: Grade, whitelisted: Bool, records: [PublicRecord], punishments: [PublicPunishment]) {
            self.uscc = uscc
            self.grade = grade
            self.whitelisted = whitelisted
            self.records = records
            self.punishments = punishments
        }
    }

    // MARK: - Events published

    /// `credit.grade.changed`: an entity's effective grade changed (never-graded entities count as `defaultGrade`).
    public struct GradeChanged: Codable, Sendable, Hashable {
        public var uscc: String
        public var from: Grade
        public var to: Grade
        public var score: Double
        public var at: String

        public init(uscc: String, from: Grade, to: Grade, score: Double, at: String) {
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
        public var initiatorDept: String
        public var implementingDepts: [String]
        public var measures: [String]
        public var startsOn: String
        public var endsOn: String?
        public var at: String

        public init(
            punishmentId: String, uscc: String, initiatorDept: String, implementingDepts: [String], measures: [String], startsOn: String,
            endsOn: String?, at: String
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

    /// `credit.punishment.ended`.
    public struct PunishmentEnded: Codable, Sendable, Hashable {
        public var punishmentId: String
        public var uscc: String
        public var initiatorDept: String
        public var reason: String
        public var at: String

        public init(punishmentId: String, uscc: String, initiatorDept: String, reason: String, at: String) {
            self.punishmentId = punishmentId
            self.uscc = uscc
            self.initiatorDept = initiatorDept
            self.reason = reason
            self.at = at
        }
    }

    /// `credit.repair.approved`: the records no longer count and are no longer public.
    public struct RepairApproved: Codable, Sendable, Hashable {
        public var repairId: String
        public var uscc: String
        public var recordIds: [String]
        public var reviewerDept: String
        public var at: String

        public init(repairId: String, uscc: String, recordIds: [String], reviewerDept: String, at: String) {
            self.repairId = repairId
            self.uscc = uscc
            self.recordIds = recordIds
            self.reviewerDept = reviewerDept
            self.at = at
        }
    }

    /// `credit.whitelist.approved` and `credit.whitelist.removed` (planning stops or resumes drawing the entity).
    public struct WhitelistChanged: Codable, Sendable, Hashable {
        public var uscc: String
        public var status: WhitelistStatus
        public var reason: String
        public var at: String

        public init(uscc: String, status: WhitelistStatus, reason: String, at: String) {
            self.uscc = uscc
            self.status = status
            self.reason = reason
            self.at = at
        }
    }

    // MARK: - Events consumed

    /// `inspection.result.published`, as credit reads it (other fields are ignored).
    ///
    /// `outcome`: `noProblem` → positive record; `orderedToCorrect` → negative (minor unless `severity` says);
    /// `failed` → negative (moderate unless `severity` says); `noRelatedBusiness`, `cannotContact`, `refused`,
    /// and any other code → no record.
    public struct InspectionResultPublished: Codable, Sendable, Hashable {
        public var resultId: String
        public var taskId: String?
        public var uscc: String
        /// The supervision item code.
        public var item: String?
        public var dept: String
        public var outcome: String
        /// ISO-8601 timestamp or `YYYY-MM-DD`; its calendar day is the record's `occurredOn`.
        public var publishedAt: String?
        public var year: Int?
        /// The item's domain; sets the entity's indicator set when given.
        public var domain: String?
        /// `minor`, `moderate` or `serious`, overriding the default for negative outcomes.
        public var severity: String?
        public var summary: String?

        public init(
            resultId: String, taskId: String? = nil, uscc: String, item: String? = nil, dept: String, outcome: String, publishedAt: String? = nil,
            year: Int? = nil, domain: String? = nil, severity: String? = nil, summary: String? = nil
        ) {
            self.resultId = resultId
            self.taskId = taskId
            self.uscc = uscc
            self.item = item
            self.dept = dept
            self.outcome = outcome
            self.publishedAt = publishedAt
            self.year = year
            self.domain = domain
            self.severity = severity
            self.summary = summary
        }
    }

    /// `referral.clue.concluded`, as credit reads it. `finding`: `substantiated` (with a `uscc`) → negative
    /// dailySupervision record (moderate unless `severity` says); `notSubstantiated`, `transferred` → nothing.
    public struct ClueConcluded: Codable, Sendable, Hashable {
        public var clueId: String
        public var uscc: String?
        public var dept: String
        public var finding: String
        public var concludedAt: String?
        public var domain: String?
        public var severity: String?
        public var summary: String?

        public init(
            clueId: String, uscc: String? = nil, dept: String, finding: String, concludedAt: String? = nil, domain: String? = nil,
            severity: String? = nil, summary: String? = nil
        ) {
            self.clueId = clueId
            self.uscc = uscc
            self.dept = dept
            self.finding = finding
            self.concludedAt = concludedAt
            self.domain = domain
            self.severity = severity
            self.summary = summary
        }
    }
}
