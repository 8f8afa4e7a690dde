/// Wire types of the `planning` service (DESIGN §4, 工作计划 and 双随机): parameters, results, the events it
/// publishes and the events of other services it consumes.
///
/// Dates are `YYYY-MM-DD` (China Standard Time calendar days), timestamps ISO-8601 UTC, identifiers strings.
public enum PlanningMessages {

    // MARK: - Vocabulary

    /// Where a plan (综合监管工作计划) is in its life: drafted and edited by the lead department, submitted,
    /// approved by the coordination office (then public and drawable), or cancelled.
    public enum PlanStatus: String, Codable, Sendable, CaseIterable, WireEnum {
        case draft
        case submitted
        case approved
        case cancelled
    }

    /// How a draw picks entities; both are reproducible by anyone from the published key and pool.
    public enum DrawMethod: String, Codable, Sendable, CaseIterable, WireEnum {
        /// RFC 3797 §4: MD5 of 2-byte iteration ‖ key ‖ 2-byte iteration, mod the remaining count (≤ 65,535 picks).
        case rfc3797
        /// SHA-256(key ‖ "|" ‖ stratum ‖ "|" ‖ id) as a big-endian number; the lowest ranks are taken. The default.
        case sha256Rank = "sha256-rank"
    }

    /// One number of a seed source: a JSON whole number ≥ 0, or a string of decimal digits for numbers too large
    /// for JSON integers (e.g. a 20-digit index value). Kept as its decimal text without leading zeros.
    public struct SeedNumber: Codable, Sendable, Hashable, CustomStringConvertible, ExpressibleByIntegerLiteral {
        /// Decimal digits, no leading zeros (`0` for zero).
        public let digits: String

        public init?(digits text: String) {
            guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            let trimmed = text.drop(while: { $0 == "0" })
            digits = trimmed.isEmpty ? "0" : String(trimmed)
        }

        public init(integerLiteral value: UInt64) { digits = String(value) }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Int64.self) {
                guard value >= 0 else {
                    throw DecodingError.dataCorrupted(
                        .init(codingPath: decoder.codingPath, debugDescription: "seed numbers must be 0 or more, got \(value)"))
                }
                digits = String(value)
            } else if let text = try? container.decode(String.self), let parsed = SeedNumber(digits: text) {
                digits = parsed.digits
            } else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "seed numbers must be whole numbers ≥ 0 (or strings of decimal digits), as published by the seed source"))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            if digits.count < 19, let value = Int64(digits) { try container.encode(value) } else { try container.encode(digits) }
        }

        public var description: String { digits }
    }

    /// A span of calendar days, both ends included (shared with the other services).
    public typealias Window = DayWindow

    /// Which entities a plan targets besides its items: every given field must match (`industry` and `region` are
    /// code prefixes, `tags` must all be present).
    public struct TargetFilter: Codable, Sendable, Hashable {
        public var domain: String?
        public var industry: String?
        public var region: String?
        public var kind: String?
        public var tags: [String]?
        public init(domain: String? = nil, industry: String? = nil, region: String? = nil, kind: String? = nil, tags: [String]? = nil) {
            self.domain = domain
            self.industry = industry
            self.region = region
            self.kind = kind
            self.tags = tags
        }
    }

    /// How many entities a draw takes: exactly one of `ratio` (0 < ratio ≤ 1) or `count` (≥ 1).
    ///
    /// With `ratio`, the pool is stratified by credit grade unless `stratifyByGrade` is false: each grade's stratum
    /// takes `ceil(gradeRatio × stratum size)` with the grade's ratio from credit's grade table (`ratio` for grades
    /// the table lacks). Unstratified, the single stratum `all` takes `ceil(ratio × pool size)`. With `count`, the
    /// stratum `all` takes exactly `count`.
    public struct Sampling: Codable, Sendable, Hashable {
        public var ratio: Double?
        public var count: Int?
        public var stratifyByGrade: Bool?
        public init(ratio: Double? = nil, count: Int? = nil, stratifyByGrade: Bool? = nil) {
            self.ratio = ratio
            self.count = count
            self.stratifyByGrade = stratifyByGrade
        }
    }

    /// An inspector as a task names them.
    public struct InspectorRef: Codable, Sendable, Hashable {
        public var id: String
        public var dept: String
        public init(id: String, dept: String) {
            self.id = id
            self.dept = dept
        }
    }

    // MARK: - Plans

    /// `plans.create`: drafted by the lead department (an operator of `leadDept`, or admin).
    public struct PlanDraft: Codable, Sendable, Hashable {
        public var year: Int
        public var name: String
        public var leadDept: String
        public var cooperatingDepts: [String]?
        /// Published catalog item codes.
        public var items: [String]
        public var filter: TargetFilter?
        public var sampling: Sampling
        /// Inspections per year of a drawn entity (default 1).
        public var frequencyPerYear: Int?
        public var window: Window
        /// The draw method used when `draws.run` does not name one (default `sha256-rank`).
        public var method: DrawMethod?
        public init(
            year: Int, name: String, leadDept: String, cooperatingDepts: [String]? = nil, items: [String], filter: TargetFilter? = nil,
            sampling: Sampling, frequencyPerYear: Int? = nil, window: Window, method: DrawMethod? = nil
        ) {
            self.year = year
            self.name = name
            self.leadDept = leadDept
            self.cooperatingDepts = cooperatingDepts
            self.items = items
            self.filter = filter
            self.sampling = sampling
            self.frequencyPerYear = frequencyPerYear
            self.window = window
            self.method = method
        }
    }

    /// `plans.update`: a draft's fields; only those given change.
    public struct PlanUpdate: Codable, Sendable, Hashable {
        public var planId: String
        public var name: String?
        public var cooperatingDepts: [String]?
        public var items: [String]?
        public var filter: TargetFilter?
        public var sampling: Sampling?
        public var frequencyPerYear: Int?
        public var window: Window?
        public var method: DrawMethod?
        public init(
            planId: String, name: String? = nil, cooperatingDepts: [String]? = nil, items: [String]? = nil, filter: TargetFilter? = nil,
            sampling: Sampling? = nil, frequencyPerYear: Int? = nil, window: Window? = nil, method: DrawMethod? = nil
        ) {
            self.planId = planId
            self.name = name
            self.cooperatingDepts = cooperatingDepts
            self.items = items
            self.filter = filter
            self.sampling = sampling
            self.frequencyPerYear = frequencyPerYear
            self.window = window
            self.method = method
        }
    }

    /// `plans.get`, `plans.submit`, `plans.approve`, `plans.cancel` (`note` is the reason, required to cancel).
    public struct PlanAction: Codable, Sendable, Hashable {
        public var planId: String
        public var note: String?
        public init(planId: String, note: String? = nil) {
            self.planId = planId
            self.note = note
        }
    }

    /// An annual joint inspection plan (综合监管工作计划).
    public struct Plan: Codable, Sendable, Hashable {
        public var planId: String
        public var year: Int
        public var name: String
        public var leadDept: String
        public var cooperatingDepts: [String]
        public var items: [String]
        public var filter: TargetFilter
        public var sampling: Sampling
        public var frequencyPerYear: Int
        public var window: Window
        public var method: DrawMethod
        public var status: PlanStatus
        /// The date the plan is due by (default March 31 of its year).
        public var dueOn: String
        /// Submitted after `dueOn`, or still not submitted after it.
        public var late: Bool
        public var createdAt: String
        public var createdBy: String?
        public var submittedAt: String?
        public var approvedAt: String?
        public var approvedBy: String?
        public var cancelledAt: String?
        public var cancelReason: String?
        /// The plan's draw, once run.
        public var drawId: String?
        public init(
            planId: String, year: Int, name: String, leadDept: String, cooperatingDepts: [String], items: [String], filter: TargetFilter,
            sampling: Sampling, frequencyPerYear: Int, window: Window, method: DrawMethod, status: PlanStatus, dueOn: String, late: Bool,
            createdAt: String, createdBy: String?, submittedAt: String?, approvedAt: String?, approvedBy: String?, cancelledAt: String?,
            cancelReason: String?, drawId: String?
        ) {
            self.planId = planId
            self.year = year
            self.name = name
            self.leadDept = leadDept
            self.cooperatingDepts = cooperatingDepts
            self.items = items
            self.filter = filter
            self.sampling = sampling
            self.frequencyPerYear = frequencyPerYear
            self.window = window
            self.method = method
            self.status = status
            self.dueOn = dueOn
            self.late = late
            self.createdAt = createdAt
            self.createdBy = createdBy
            self.submittedAt = submittedAt
            self.approvedAt = approvedAt
            self.approvedBy = approvedBy
            self.cancelledAt = cancelledAt
            self.cancelReason = cancelReason
            self.drawId = drawId
        }
    }

    /// `plans.list` filters, sorted by plan id; `dept` keeps plans the department leads or cooperates in.
    public struct PlanFilter: Codable, Sendable, Hashable {
        public var year: Int?
        public var status: PlanStatus?
        public var dept: String?
        public var late: Bool?
        public var after: String?
        public var limit: Int?
        public init(year: Int? = nil, status: PlanStatus? = nil, dept: String? = nil, late: Bool? = nil, after: String? = nil, limit: Int? = nil) {
            self.year = year
            self.status = status
            self.dept = dept
            self.late = late
            self.after = after
            self.limit = limit
        }
    }

    public struct PlanList: Codable, Sendable, Hashable {
        public var plans: [Plan]
        public var next: String?
        public init(plans: [Plan], next: String?) {
            self.plans = plans
            self.next = next
        }
    }

    // MARK: - Draws

    /// `draws.preview`: a pure draw over a given pool (in the given order), nothing stored.
    public struct DrawPreviewRequest: Codable, Sendable, Hashable {
        public var method: DrawMethod?
        public var seeds: [[SeedNumber]]
        public var pool: [String]
        public var count: Int
        /// The stratum label in `sha256-rank` ranks (default `all`).
        public var stratum: String?
        public init(method: DrawMethod? = nil, seeds: [[SeedNumber]], pool: [String], count: Int, stratum: String? = nil) {
            self.method = method
            self.seeds = seeds
            self.pool = pool
            self.count = count
            self.stratum = stratum
        }
    }

    public struct DrawPreview: Codable, Sendable, Hashable {
        public var method: DrawMethod
        public var key: String
        /// In selection order (RFC 3797 pick order, or ascending rank).
        public var selected: [String]
        public init(method: DrawMethod, key: String, selected: [String]) {
            self.method = method
            self.key = key
            self.selected = selected
        }
    }

    /// `draws.run`: draws an approved plan once, with seeds published beforehand.
    public struct DrawRun: Codable, Sendable, Hashable {
        public var planId: String
        public var seeds: [[SeedNumber]]
        public var method: DrawMethod?
        /// Inspectors assigned to each drawn entity (at least and by default 2).
        public var inspectorsPerEntity: Int?
        public init(planId: String, seeds: [[SeedNumber]], method: DrawMethod? = nil, inspectorsPerEntity: Int? = nil) {
            self.planId = planId
            self.seeds = seeds
            self.method = method
            self.inspectorsPerEntity = inspectorsPerEntity
        }
    }

    /// `draws.get`, `draws.verify`.
    public struct DrawRef: Codable, Sendable, Hashable {
        public var drawId: String
        public init(drawId: String) { self.drawId = drawId }
    }

    /// One stratum of a draw: its size in the pool, its ratio (absent for a fixed count) and how many it took.
    public struct Stratum: Codable, Sendable, Hashable {
        public var stratum: String
        public var size: Int
        public var ratio: Double?
        public var count: Int
        public init(stratum: String, size: Int, ratio: Double?, count: Int) {
            self.stratum = stratum
            self.size = size
            self.ratio = ratio
            self.count = count
        }
    }

    /// The entities a full-coverage item takes, all of them, outside the random draw.
    public struct FullCoverage: Codable, Sendable, Hashable {
        public var item: String
        public var ids: [String]
        public init(item: String, ids: [String]) {
            self.item = item
            self.ids = ids
        }
    }

    /// Entities left out of the pool, and why.
    public struct Exclusions: Codable, Sendable, Hashable {
        /// On credit's whitelist (白名单).
        public var whitelisted: Int
        /// Already checked this calendar year for every plan item that targets them.
        public var alreadyChecked: Int
        public init(whitelisted: Int, alreadyChecked: Int) {
            self.whitelisted = whitelisted
            self.alreadyChecked = alreadyChecked
        }
    }

    /// One drawn entity with the items it is checked for and its inspectors (second random draw).
    public struct Assignment: Codable, Sendable, Hashable {
        public var entityId: String
        public var items: [String]
        public var inspectors: [InspectorRef]
        public init(entityId: String, items: [String], inspectors: [InspectorRef]) {
            self.entityId = entityId
            self.items = items
            self.inspectors = inspectors
        }
    }

    /// An inspector who must not inspect an entity (回避).
    public struct Conflict: Codable, Sendable, Hashable {
        public var inspectorId: String
        public var entityId: String
        public init(inspectorId: String, entityId: String) {
            self.inspectorId = inspectorId
            self.entityId = entityId
        }
    }

    /// A published draw record: everything needed to re-run it (the pool itself is paged by `draws.pool`).
    public struct Draw: Codable, Sendable, Hashable {
        public var drawId: String
        public var planId: String
        public var year: Int
        public var method: DrawMethod
        public var seeds: [[SeedNumber]]
        public var key: String
        /// SHA-256 (hex) of the pool's ids in ascending UTF-8 order, each followed by `\n`.
        public var poolDigest: String
        public var poolSize: Int
        public var strata: [Stratum]
        /// The randomly drawn entities, stratum by stratum (ascending stratum name), each in selection order.
        public var selected: [String]
        public var fullCoverage: [FullCoverage]
        public var excluded: Exclusions
        /// The inspectors the assignment drew from (active, of the plan's departments), ascending id.
        public var roster: [InspectorRef]
        /// Declared conflicts (回避) between roster inspectors and drawn entities, which the assignment skipped.
        public var conflicts: [Conflict]
        public var inspectorsPerEntity: Int
        /// Every drawn entity (random picks, then full-coverage ones) in assignment order.
        public var assignments: [Assignment]
        public var createdAt: String
        public init(
            drawId: String, planId: String, year: Int, method: DrawMethod, seeds: [[SeedNumber]], key: String, poolDigest: String, poolSize: Int,
            strata: [Stratum], selected: [String], fullCoverage: [FullCoverage], excluded: Exclusions, roster: [InspectorRef], conflicts: [Conflict],
            inspectorsPerEntity: Int, assignments: [Assignment], createdAt: String
        ) {
            self.roster = roster
            self.conflicts = conflicts
            self.inspectorsPerEntity = inspectorsPerEntity
            self.drawId = drawId
            self.planId = planId
            self.year = year
            self.method = method
            self.seeds = seeds
            self.key = key
            self.poolDigest = poolDigest
            self.poolSize = poolSize
            self.strata = strata
            self.selected = selected
            self.fullCoverage = fullCoverage
            self.excluded = excluded
            self.assignments = assignments
            self.createdAt = createdAt
        }
    }

    /// `draws.list` filters, sorted by draw id.
    public struct DrawFilter: Codable, Sendable, Hashable {
        public var planId: String?
        public var year: Int?
        public var after: String?
        public var limit: Int?
        public init(planId: String? = nil, year: Int? = nil, after: String? = nil, limit: Int? = nil) {
            self.planId = planId
            self.year = year
            self.after = after
            self.limit = limit
        }
    }

    public struct DrawList: Codable, Sendable, Hashable {
        public var draws: [Draw]
        public var next: String?
        public init(draws: [Draw], next: String?) {
            self.draws = draws
            self.next = next
        }
    }

    /// `draws.pool`: a page of a draw's pool, in ascending id order; `after` is a position.
    public struct PoolPageRequest: Codable, Sendable, Hashable {
        public var drawId: String
        public var after: Int?
        public var limit: Int?
        public init(drawId: String, after: Int? = nil, limit: Int? = nil) {
            self.drawId = drawId
            self.after = after
            self.limit = limit
        }
    }

    public struct PoolEntry: Codable, Sendable, Hashable {
        public var position: Int
        public var id: String
        public var stratum: String
        public init(position: Int, id: String, stratum: String) {
            self.position = position
            self.id = id
            self.stratum = stratum
        }
    }

    public struct PoolPage: Codable, Sendable, Hashable {
        public var drawId: String
        public var entries: [PoolEntry]
        public var next: Int?
        public init(drawId: String, entries: [PoolEntry], next: Int?) {
            self.drawId = drawId
            self.entries = entries
            self.next = next
        }
    }

    /// One recomputation `draws.verify` made.
    public struct VerifyCheck: Codable, Sendable, Hashable {
        public var check: String
        public var ok: Bool
        public var detail: String?
        public init(check: String, ok: Bool, detail: String? = nil) {
            self.check = check
            self.ok = ok
            self.detail = detail
        }
    }

    /// `draws.verify`: the key, pool digest, strata and selection recomputed from the stored record.
    public struct DrawVerification: Codable, Sendable, Hashable {
        public var drawId: String
        public var matches: Bool
        public var checks: [VerifyCheck]
        public init(drawId: String, matches: Bool, checks: [VerifyCheck]) {
            self.drawId = drawId
            self.matches = matches
            self.checks = checks
        }
    }

    // MARK: - Avoidance (回避)

    /// `avoidance.declare`: an inspector (or their department's operator, or admin) declares a conflict of interest.
    public struct AvoidanceDeclare: Codable, Sendable, Hashable {
        public var inspectorId: String
        public var dept: String
        public var entityId: String
        public var reason: String
        public init(inspectorId: String, dept: String, entityId: String, reason: String) {
            self.inspectorId = inspectorId
            self.dept = dept
            self.entityId = entityId
            self.reason = reason
        }
    }

    public struct Avoidance: Codable, Sendable, Hashable {
        public var avoidanceId: String
        public var inspectorId: String
        public var dept: String
        public var entityId: String
        public var reason: String
        public var declaredBy: String?
        public var declaredAt: String
        public init(avoidanceId: String, inspectorId: String, dept: String, entityId: String, reason: String, declaredBy: String?, declaredAt: String) {
            self.avoidanceId = avoidanceId
            self.inspectorId = inspectorId
            self.dept = dept
            self.entityId = entityId
            self.reason = reason
            self.declaredBy = declaredBy
            self.declaredAt = declaredAt
        }
    }

    public struct AvoidanceFilter: Codable, Sendable, Hashable {
        public var inspectorId: String?
        public var entityId: String?
        public var dept: String?
        public init(inspectorId: String? = nil, entityId: String? = nil, dept: String? = nil) {
            self.inspectorId = inspectorId
            self.entityId = entityId
            self.dept = dept
        }
    }

    public struct AvoidanceList: Codable, Sendable, Hashable {
        public var avoidances: [Avoidance]
        public init(avoidances: [Avoidance]) { self.avoidances = avoidances }
    }

    // MARK: - Joint tasks (进一次门、查多项事)

    /// `tasks.preview` and `tasks.issue`: the drawn, not yet issued entities of approved plans whose window overlaps
    /// this one.
    public struct TaskWindowRequest: Codable, Sendable, Hashable {
        public var window: Window
        public init(window: Window) { self.window = window }
    }

    /// One item of a joint task and the department that checks it: the lead department of the plan that drew the
    /// entity for it (谁检查、谁录入).
    public struct TaskItem: Codable, Sendable, Hashable {
        public var code: String
        /// Nil when the source did not say (then any participating department's inspector may record it).
        public var dept: String?
        public init(code: String, dept: String?) {
            self.code = code
            self.dept = dept
        }
    }

    /// One visit covering every item and department that drew the entity (`taskId` absent in a preview).
    /// `itemDepts` says which department checks each item (absent only on tasks issued before planning kept it).
    public struct JointTask: Codable, Sendable, Hashable {
        public var taskId: String?
        public var planIds: [String]
        public var uscc: String
        public var items: [String]
        public var depts: [String]
        public var inspectors: [InspectorRef]
        public var window: Window
        public var source: String
        public var itemDepts: [TaskItem]?
        public init(
            taskId: String?, planIds: [String], uscc: String, items: [String], depts: [String], inspectors: [InspectorRef], window: Window,
            source: String = "plan", itemDepts: [TaskItem]? = nil
        ) {
            self.taskId = taskId
            self.planIds = planIds
            self.uscc = uscc
            self.items = items
            self.depts = depts
            self.inspectors = inspectors
            self.window = window
            self.source = source
            self.itemDepts = itemDepts
        }
    }

    /// `planning.task.issued`: a joint task as inspection schedules it. Unlike `JointTask`, each item names the
    /// department that checks it, because items and departments are both listed in ascending order and a consumer
    /// cannot pair them by position (two plans of hy-urban and hy-agri would pair gas with hy-agri).
    public struct TaskIssued: Codable, Sendable, Hashable {
        public var taskId: String
        public var planIds: [String]
        public var uscc: String
        public var items: [TaskItem]
        public var depts: [String]
        public var inspectors: [InspectorRef]
        public var window: Window
        public var source: String
        public init(taskId: String, task: JointTask) {
            self.taskId = taskId
            self.planIds = task.planIds
            self.uscc = task.uscc
            let depts = Dictionary((task.itemDepts ?? []).map { ($0.code, $0.dept) }, uniquingKeysWith: { first, _ in first })
            self.items = task.items.map { TaskItem(code: $0, dept: depts[$0] ?? nil) }
            self.depts = task.depts
            self.inspectors = task.inspectors
            self.window = task.window
            self.source = task.source
        }
    }

    /// The merge: `visits` = one per (plan, entity) drawn; `visitsSaved` = visits − tasks.
    public struct TaskMergeResult: Codable, Sendable, Hashable {
        public var window: Window
        public var tasks: [JointTask]
        public var visits: Int
        public var visitsSaved: Int
        public init(window: Window, tasks: [JointTask], visits: Int, visitsSaved: Int) {
            self.window = window
            self.tasks = tasks
            self.visits = visits
            self.visitsSaved = visitsSaved
        }
    }

    public struct TaskRef: Codable, Sendable, Hashable {
        public var taskId: String
        public init(taskId: String) { self.taskId = taskId }
    }

    /// `tasks.list` filters, sorted by task id.
    public struct TaskFilter: Codable, Sendable, Hashable {
        public var planId: String?
        public var uscc: String?
        public var dept: String?
        public var after: String?
        public var limit: Int?
        public init(planId: String? = nil, uscc: String? = nil, dept: String? = nil, after: String? = nil, limit: Int? = nil) {
            self.planId = planId
            self.uscc = uscc
            self.dept = dept
            self.after = after
            self.limit = limit
        }
    }

    public struct TaskList: Codable, Sendable, Hashable {
        public var tasks: [JointTask]
        public var next: String?
        public init(tasks: [JointTask], next: String?) {
            self.tasks = tasks
            self.next = next
        }
    }

    // MARK: - Public (公示)

    /// `public.plans`: approved plans, `public.draws`: their draws. No token needed.
    public struct PublicQuery: Codable, Sendable, Hashable {
        public var year: Int?
        public var planId: String?
        /// One draw (`GET /public/draws/<id>`); `public.draws` only.
        public var drawId: String?
        public init(year: Int? = nil, planId: String? = nil, drawId: String? = nil) {
            self.year = year
            self.planId = planId
            self.drawId = drawId
        }
    }

    public struct PublicPlans: Codable, Sendable, Hashable {
        public var plans: [Plan]
        public init(plans: [Plan]) { self.plans = plans }
    }

    public struct PublicDraws: Codable, Sendable, Hashable {
        public var draws: [Draw]
        public init(draws: [Draw]) { self.draws = draws }
    }

    // MARK: - Events published

    /// `planning.plan.approved`
    public struct PlanApproved: Codable, Sendable, Hashable {
        public var planId: String
        public var year: Int
        public var name: String
        public var leadDept: String
        public var cooperatingDepts: [String]
        public var items: [String]
        public var window: Window
        public var late: Bool
        public var approvedAt: String
        public var approvedBy: String?
        public init(
            planId: String, year: Int, name: String, leadDept: String, cooperatingDepts: [String], items: [String], window: Window, late: Bool,
            approvedAt: String, approvedBy: String?
        ) {
            self.planId = planId
            self.year = year
            self.name = name
            self.leadDept = leadDept
            self.cooperatingDepts = cooperatingDepts
            self.items = items
            self.window = window
            self.late = late
            self.approvedAt = approvedAt
            self.approvedBy = approvedBy
        }
    }

    /// `planning.draw.completed`: the summary; the full record is `draws.get` / `public.draws`.
    public struct DrawCompleted: Codable, Sendable, Hashable {
        public var drawId: String
        public var planId: String
        public var year: Int
        public var method: DrawMethod
        public var key: String
        public var poolDigest: String
        public var poolSize: Int
        public var strata: [Stratum]
        public var selectedCount: Int
        public var fullCoverageCount: Int
        public var completedAt: String
        public init(
            drawId: String, planId: String, year: Int, method: DrawMethod, key: String, poolDigest: String, poolSize: Int, strata: [Stratum],
            selectedCount: Int, fullCoverageCount: Int, completedAt: String
        ) {
            self.drawId = drawId
            self.planId = planId
            self.year = year
            self.method = method
            self.key = key
            self.poolDigest = poolDigest
            self.poolSize = poolSize
            self.strata = strata
            self.selectedCount = selectedCount
            self.fullCoverageCount = fullCoverageCount
            self.completedAt = completedAt
        }
    }

    // `planning.task.issued` carries a `JointTask` with its `taskId`.

    // MARK: - Events consumed

    /// `inspection.result.published`, as planning reads it: the entity counts as checked for `item` in `year`
    /// (from `publishedAt` when `year` is absent).
    public struct InspectionResultPublished: Codable, Sendable, Hashable {
        public var uscc: String
        public var item: String?
        public var dept: String?
        public var outcome: String?
        public var resultId: String?
        public var taskId: String?
        public var publishedAt: String?
        public var year: Int?
        public init(
            uscc: String, item: String?, dept: String? = nil, outcome: String? = nil, resultId: String? = nil, taskId: String? = nil,
            publishedAt: String? = nil, year: Int?
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
}
