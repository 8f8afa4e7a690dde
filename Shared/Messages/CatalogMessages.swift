/// Wire types of the `catalog` service (DESIGN §4): departments, supervision items, entities, inspectors and
/// experts, compliance guides, CSV imports, and the events catalog publishes.
///
/// Names follow `GLOSSARY.md`. Dates are ISO-8601 UTC strings; lists are never `null` on output.
public enum CatalogMessages {
    // MARK: - Shared vocabulary

    /// Administrative level of a department or an item (监管层级).
    public enum Level: String, Codable, Sendable, CaseIterable, WireEnum {
        case province, city, county, district, street
    }

    /// What a department is, as `departments.csv` classifies it.
    public enum DepartmentKind: String, Codable, Sendable, CaseIterable, WireEnum {
        /// 行业主管部门: leads at least one item.
        case competent
        /// Any other government unit with supervisory duties.
        case regulator
        /// Vertically managed unit (tax, fire rescue, meteorology …).
        case vertical
        /// State-owned enterprise taking part in supervision.
        case enterprise
        /// Party bodies, development zones, the coordination office.
        case other
    }

    /// Key (重点) or general (一般) item.
    public enum Category: String, Codable, Sendable, CaseIterable, WireEnum {
        case key, general
    }

    /// Inspection method (检查方式).
    public enum InspectionMethod: String, Codable, Sendable, CaseIterable, WireEnum {
        case randomDraw, fullCoverage, specialCampaign, offsite
    }

    /// Why an item version exists (立改废释).
    public enum AmendmentReason: String, Codable, Sendable, CaseIterable, WireEnum {
        case enact, amend, repeal, interpret
    }

    /// Kind of supervised entity (监管对象).
    public enum EntityKind: String, Codable, Sendable, CaseIterable, WireEnum {
        case enterprise, cooperative, individualBusiness, school, hospital, association
        case product, project, facility, area, venue, onlineSpace

        /// Kinds that are registered organisations and therefore carry a USCC (统一社会信用代码).
        public var hasUSCC: Bool {
            switch self {
            case .enterprise, .cooperative, .individualBusiness, .school, .hospital, .association: true
            case .product, .project, .facility, .area, .venue, .onlineSpace: false
            }
        }
    }

    /// Status of one item version.
    public enum ItemStatus: String, Codable, Sendable, CaseIterable, WireEnum {
        /// Being written by the lead department.
        case draft
        /// Waiting for the cooperating departments (会审).
        case inReview
        /// Waiting for the justice department (合法性审核).
        case inLegalReview
        /// Passed every review; the lead department may publish it.
        case approved
        /// The version in force.
        case published
        /// Was published, replaced by a newer published version.
        case superseded
        /// Was published, then repealed (废止).
        case repealed
    }

    /// A review decision.
    public enum Decision: String, Codable, Sendable, CaseIterable, WireEnum {
        case approve, reject
    }

    /// Page of a list: at most `limit` rows after the cursor; `next` is the cursor of the following page.
    public struct Page: Codable, Sendable, Hashable {
        public var after: String?
        public var limit: Int?
        public init(after: String? = nil, limit: Int? = nil) {
            self.after = after
            self.limit = limit
        }
    }

    // MARK: - Departments

    /// A department (单位): lead or cooperating unit of items, employer of inspectors.
    public struct Department: Codable, Sendable, Hashable {
        public var code: String
        public var name: String
        public var level: Level
        public var kind: DepartmentKind
        public var parent: String?

        public init(code: String, name: String, level: Level, kind: DepartmentKind, parent: String? = nil) {
            self.code = code
            self.name = name
            self.level = level
            self.kind = kind
            self.parent = parent
        }
    }

    /// `depts.get`.
    public struct DepartmentRef: Codable, Sendable, Hashable {
        public var code: String
        public init(code: String) { self.code = code }
    }

    /// `depts.update`: only the fields given change; `parent: ""` clears the parent.
    public struct DepartmentUpdate: Codable, Sendable, Hashable {
        public var code: String
        public var name: String?
        public var level: Level?
        public var kind: DepartmentKind?
        public var parent: String?
        public init(code: String, name: String? = nil, level: Level? = nil, kind: DepartmentKind? = nil, parent: String? = nil) {
            self.code = code
            self.name = name
            self.level = level
            self.kind = kind
            self.parent = parent
        }
    }

    /// `depts.list` filters.
    public struct DepartmentFilter: Codable, Sendable, Hashable {
        public var kind: DepartmentKind?
        public var level: Level?
        public var parent: String?
        public init(kind: DepartmentKind? = nil, level: Level? = nil, parent: String? = nil) {
            self.kind = kind
            self.level = level
            self.parent = parent
        }
    }

    public struct DepartmentList: Codable, Sendable, Hashable {
        public var departments: [Department]
        public init(departments: [Department]) { self.departments = departments }
    }

    // MARK: - Items

    /// One legal basis (设定依据): a law or regulation and the article.
    public struct LegalBasis: Codable, Sendable, Hashable {
        public var law: String
        public var article: String
        public init(law: String, article: String) {
            self.law = law
            self.article = article
        }
    }

    /// The editable content of a supervision item (监管事项).
    public struct ItemDraft: Codable, Sendable, Hashable {
        public var code: String
        public var name: String
        public var domain: String
        public var leadDept: String
        public var cooperatingDepts: [String]?
        /// 检查内容 / 主要任务.
        public var content: String?
        /// 监管对象 as written in the source list (free text).
        public var targets: String?
        public var legalBasis: [LegalBasis]?
        /// Entity kinds the item targets; empty means every kind in the domain.
        public var targetKinds: [EntityKind]?
        /// GB/T 4754 industry code prefixes the item concerns (used by the guide by industry).
        public var industries: [String]?
        public var category: Category?
        public var methods: [InspectionMethod]?
        public var level: Level?
        /// Default sampling ratio, 0 < ratio ≤ 1.
        public var samplingRatio: Double?
        /// Default inspections per year.
        public var frequencyPerYear: Int?

        public init(
            code: String, name: String, domain: String, leadDept: String, cooperatingDepts: [String]? = nil, content: String? = nil,
            targets: String? = nil, legalBasis: [LegalBasis]? = nil, targetKinds: [EntityKind]? = nil, industries: [String]? = nil,
            category: Category? = nil, methods: [InspectionMethod]? = nil, level: Level? = nil, samplingRatio: Double? = nil,
            frequencyPerYear: Int? = nil
        ) {
            self.code = code
            self.name = name
            self.domain = domain
            self.leadDept = leadDept
            self.cooperatingDepts = cooperatingDepts
            self.content = content
            self.targets = targets
            self.legalBasis = legalBasis
            self.targetKinds = targetKinds
            self.industries = industries
            self.category = category
            self.methods = methods
            self.level = level
            self.samplingRatio = samplingRatio
            self.frequencyPerYear = frequencyPerYear
        }
    }

    /// Changes to an item's content (`items.update` on a draft, `items.amend` for a new version).
    public struct ItemChanges: Codable, Sendable, Hashable {
        public var name: String?
        public var domain: String?
        public var leadDept: String?
        public var cooperatingDepts: [String]?
        public var content: String?
        public var targets: String?
        public var legalBasis: [LegalBasis]?
        public var targetKinds: [EntityKind]?
        public var industries: [String]?
        public var category: Category?
        public var methods: [InspectionMethod]?
        public var level: Level?
        public var samplingRatio: Double?
        public var frequencyPerYear: Int?
        public init(
            name: String? = nil, domain: String? = nil, leadDept: String? = nil, cooperatingDepts: [String]? = nil, content: String? = nil,
            targets: String? = nil, legalBasis: [LegalBasis]? = nil, targetKinds: [EntityKind]? = nil, industries: [String]? = nil,
            category: Category? = nil, methods: [InspectionMethod]? = nil, level: Level? = nil, samplingRatio: Double? = nil,
            frequencyPerYear: Int? = nil
        ) {
            self.name = name
            self.domain = domain
            self.leadDept = leadDept
            self.cooperatingDepts = cooperatingDepts
            self.content = content
            self.targets = targets
            self.legalBasis = legalBasis
            self.targetKinds = targetKinds
            self.industries = industries
            self.category = category
            self.methods = methods
            self.level = level
            self.samplingRatio = samplingRatio
            self.frequencyPerYear = frequencyPerYear
        }
    }

    /// One cooperating department's (or the justice department's) decision on a version.
    public struct Review: Codable, Sendable, Hashable {
        public var dept: String
        /// `cooperating` (会审) or `legality` (合法性审核).
        public var stage: String
        public var round: Int
        public var decision: Decision
        public var reason: String?
        public var user: String?
        public var at: String
        public init(dept: String, stage: String, round: Int, decision: Decision, reason: String?, user: String?, at: String) {
            self.dept = dept
            self.stage = stage
            self.round = round
            self.decision = decision
            self.reason = reason
            self.user = user
            self.at = at
        }
    }

    /// One version of a supervision item as stored and returned.
    public struct Item: Codable, Sendable, Hashable {
        public var code: String
        public var version: Int
        public var status: ItemStatus
        public var amendmentReason: AmendmentReason
        public var amendmentNote: String?
        public var name: String
        public var domain: String
        public var leadDept: String
        public var cooperatingDepts: [String]
        public var content: String
        public var targets: String
        public var legalBasis: [LegalBasis]
        public var targetKinds: [EntityKind]
        public var industries: [String]
        public var category: Category
        public var methods: [InspectionMethod]
        public var level: Level
        public var samplingRatio: Double?
        public var frequencyPerYear: Int?
        /// Review round of the current submission (1 for the first submission).
        public var round: Int
        /// Cooperating departments that have not yet approved this round.
        public var pendingReviews: [String]
        public var createdAt: String
        public var publishedAt: String?
        /// The version in force, if any (may differ from `version` while an amendment is in progress).
        public var publishedVersion: Int?
        /// The newest version of the item.
        public var latestVersion: Int

        public init(
            code: String, version: Int, status: ItemStatus, amendmentReason: AmendmentReason, amendmentNote: String?, name: String,
            domain: String, leadDept: String, cooperatingDepts: [String], content: String, targets: String, legalBasis: [LegalBasis],
            targetKinds: [EntityKind], industries: [String], category: Category, methods: [InspectionMethod], level: Level,
            samplingRatio: Double?, frequencyPerYear: Int?, round: Int, pendingReviews: [String], createdAt: String, publishedAt: String?,
            publishedVersion: Int?, latestVersion: Int
        ) {
            self.code = code
            self.version = version
            self.status = status
            self.amendmentReason = amendmentReason
            self.amendmentNote = amendmentNote
            self.name = name
            self.domain = domain
            self.leadDept = leadDept
            self.cooperatingDepts = cooperatingDepts
            self.content = content
            self.targets = targets
            self.legalBasis = legalBasis
            self.targetKinds = targetKinds
            self.industries = industries
            self.category = category
            self.methods = methods
            self.level = level
            self.samplingRatio = samplingRatio
            self.frequencyPerYear = frequencyPerYear
            self.round = round
            self.pendingReviews = pendingReviews
            self.createdAt = createdAt
            self.publishedAt = publishedAt
            self.publishedVersion = publishedVersion
            self.latestVersion = latestVersion
        }
    }

    /// `items.get`: a version, or by default the newest the caller may see (public callers: the published one).
    public struct ItemRef: Codable, Sendable, Hashable {
        public var code: String
        public var version: Int?
        public init(code: String, version: Int? = nil) {
            self.code = code
            self.version = version
        }
    }

    /// `items.update`: edits a draft.
    public struct ItemUpdate: Codable, Sendable, Hashable {
        public var code: String
        public var changes: ItemChanges
        public init(code: String, changes: ItemChanges) {
            self.code = code
            self.changes = changes
        }
    }

    /// `items.submit`, `items.publish`: a transition of the newest version, with an optional note.
    public struct ItemAction: Codable, Sendable, Hashable {
        public var code: String
        public var note: String?
        public init(code: String, note: String? = nil) {
            self.code = code
            self.note = note
        }
    }

    /// `items.review` (cooperating departments) and `items.legalReview` (justice department).
    public struct ItemReview: Codable, Sendable, Hashable {
        public var code: String
        public var decision: Decision
        /// Required when rejecting.
        public var reason: String?
        public init(code: String, decision: Decision, reason: String? = nil) {
            self.code = code
            self.decision = decision
            self.reason = reason
        }
    }

    /// `items.amend`: a new draft version of a published item, with its reason (amend or interpret).
    public struct ItemAmend: Codable, Sendable, Hashable {
        public var code: String
        public var reason: AmendmentReason
        public var note: String
        public var changes: ItemChanges?
        public init(code: String, reason: AmendmentReason, note: String, changes: ItemChanges? = nil) {
            self.code = code
            self.reason = reason
            self.note = note
            self.changes = changes
        }
    }

    /// `items.repeal`: ends the published version (废).
    public struct ItemRepeal: Codable, Sendable, Hashable {
        public var code: String
        public var note: String
        public init(code: String, note: String) {
            self.code = code
            self.note = note
        }
    }

    /// One step in an item's history.
    public struct HistoryEntry: Codable, Sendable, Hashable {
        public var version: Int
        public var action: String
        public var from: ItemStatus?
        public var to: ItemStatus
        public var dept: String?
        public var user: String?
        public var note: String?
        public var at: String
        public init(version: Int, action: String, from: ItemStatus?, to: ItemStatus, dept: String?, user: String?, note: String?, at: String) {
            self.version = version
            self.action = action
            self.from = from
            self.to = to
            self.dept = dept
            self.user = user
            self.note = note
            self.at = at
        }
    }

    /// `items.history`: every version and every step, oldest first, with all review decisions.
    public struct ItemHistory: Codable, Sendable, Hashable {
        public var code: String
        public var versions: [Item]
        public var entries: [HistoryEntry]
        public var reviews: [Review]
        public init(code: String, versions: [Item], entries: [HistoryEntry], reviews: [Review]) {
            self.code = code
            self.versions = versions
            self.entries = entries
            self.reviews = reviews
        }
    }

    /// `items.list` filters. `view` is `published` (the version in force; the default and the only view for the
    /// public) or `latest` (the newest version of each item).
    public struct ItemFilter: Codable, Sendable, Hashable {
        public var domain: String?
        public var leadDept: String?
        /// Lead or cooperating department.
        public var dept: String?
        public var status: ItemStatus?
        public var targetKind: EntityKind?
        /// Free text over code, name, content and targets.
        public var q: String?
        public var view: String?
        public var after: String?
        public var limit: Int?
        public init(
            domain: String? = nil, leadDept: String? = nil, dept: String? = nil, status: ItemStatus? = nil, targetKind: EntityKind? = nil,
            q: String? = nil, view: String? = nil, after: String? = nil, limit: Int? = nil
        ) {
            self.domain = domain
            self.leadDept = leadDept
            self.dept = dept
            self.status = status
            self.targetKind = targetKind
            self.q = q
            self.view = view
            self.after = after
            self.limit = limit
        }
    }

    public struct ItemList: Codable, Sendable, Hashable {
        public var items: [Item]
        /// Cursor for the next page (`after`), absent on the last page.
        public var next: String?
        public init(items: [Item], next: String?) {
            self.items = items
            self.next = next
        }
    }

    // MARK: - Entities

    /// A supervised entity (监管对象): a registered organisation identified by its USCC, or a product, site,
    /// area … with an id of its own.
    public struct Entity: Codable, Sendable, Hashable {
        public var id: String
        public var uscc: String?
        /// False when the USCC failed its check character and was stored on request (`allowUnverifiedCode`).
        public var usccVerified: Bool
        public var name: String
        public var kind: EntityKind
        /// GB/T 4754 code, e.g. `F5251`.
        public var industry: String
        /// Administrative division code, e.g. `411627`.
        public var region: String
        public var address: String
        /// Supervision domains the entity operates in; items of these domains target it (see README).
        public var domains: [String]
        public var tags: [String]
        /// Lead and cooperating departments of the published items that target the entity (filled on read).
        public var supervisingDepts: [String]?
        /// Supervised by two or more departments (跨部门综合监管对象库), filled on read.
        public var inPool: Bool?
        public var updatedAt: String?

        public init(
            id: String, uscc: String?, usccVerified: Bool, name: String, kind: EntityKind, industry: String, region: String, address: String,
            domains: [String], tags: [String], supervisingDepts: [String]? = nil, inPool: Bool? = nil, updatedAt: String? = nil
        ) {
            self.id = id
            self.uscc = uscc
            self.usccVerified = usccVerified
            self.name = name
            self.kind = kind
            self.industry = industry
            self.region = region
            self.address = address
            self.domains = domains
            self.tags = tags
            self.supervisingDepts = supervisingDepts
            self.inPool = inPool
            self.updatedAt = updatedAt
        }
    }

    /// `entities.upsert`. The id is `id` if given, else the USCC, else a stable id made from kind, region and name.
    public struct EntityUpsert: Codable, Sendable, Hashable {
        public var id: String?
        public var uscc: String?
        public var allowUnverifiedCode: Bool?
        public var name: String
        public var kind: EntityKind
        public var industry: String?
        public var region: String?
        public var address: String?
        public var domains: [String]?
        public var tags: [String]?
        public init(
            id: String? = nil, uscc: String? = nil, allowUnverifiedCode: Bool? = nil, name: String, kind: EntityKind, industry: String? = nil,
            region: String? = nil, address: String? = nil, domains: [String]? = nil, tags: [String]? = nil
        ) {
            self.id = id
            self.uscc = uscc
            self.allowUnverifiedCode = allowUnverifiedCode
            self.name = name
            self.kind = kind
            self.industry = industry
            self.region = region
            self.address = address
            self.domains = domains
            self.tags = tags
        }
    }

    /// `entities.get`: by id or by USCC.
    public struct EntityRef: Codable, Sendable, Hashable {
        public var id: String?
        public var uscc: String?
        public init(id: String? = nil, uscc: String? = nil) {
            self.id = id
            self.uscc = uscc
        }
    }

    /// `entities.tag` / `entities.untag`.
    public struct EntityTagging: Codable, Sendable, Hashable {
        public var ids: [String]
        public var tags: [String]
        public init(ids: [String], tags: [String]) {
            self.ids = ids
            self.tags = tags
        }
    }

    public struct EntityTagged: Codable, Sendable, Hashable {
        public var changed: Int
        public init(changed: Int) { self.changed = changed }
    }

    /// `entities.list` filters, sorted by id. `industry` and `region` match code prefixes. `itemCode` keeps the
    /// entities a published item targets; `supervisingDept` those a department supervises through published items;
    /// `pool: true` the cross-department pool. `fields: "ids"` returns only `ids` (for planning's large pools).
    public struct EntityFilter: Codable, Sendable, Hashable {
        public var industry: String?
        public var region: String?
        public var kind: EntityKind?
        public var tag: String?
        public var domain: String?
        public var itemCode: String?
        public var supervisingDept: String?
        public var pool: Bool?
        public var fields: String?
        public var after: String?
        public var limit: Int?
        public init(
            industry: String? = nil, region: String? = nil, kind: EntityKind? = nil, tag: String? = nil, domain: String? = nil,
            itemCode: String? = nil, supervisingDept: String? = nil, pool: Bool? = nil, fields: String? = nil, after: String? = nil,
            limit: Int? = nil
        ) {
            self.industry = industry
            self.region = region
            self.kind = kind
            self.tag = tag
            self.domain = domain
            self.itemCode = itemCode
            self.supervisingDept = supervisingDept
            self.pool = pool
            self.fields = fields
            self.after = after
            self.limit = limit
        }
    }

    public struct EntityList: Codable, Sendable, Hashable {
        /// Full rows (absent with `fields: "ids"`).
        public var entities: [Entity]?
        /// Ids only (with `fields: "ids"`).
        public var ids: [String]?
        public var next: String?
        public init(entities: [Entity]?, ids: [String]?, next: String?) {
            self.entities = entities
            self.ids = ids
            self.next = next
        }
    }

    // MARK: - Inspectors and experts

    /// A person of the inspector registry (执法检查人员名录库) or of the expert registry (专家库).
    public struct Person: Codable, Sendable, Hashable {
        public var id: String
        public var dept: String
        public var name: String
        /// Law-enforcement certificate number (执法证号); required for inspectors.
        public var certificateNo: String?
        /// Experts: the organisation they work for.
        public var organisation: String?
        public var qualifications: [String]
        public var expertise: [String]
        /// Entity ids the person declared a conflict of interest with (回避).
        public var conflicts: [String]
        public var active: Bool

        public init(
            id: String, dept: String, name: String, certificateNo: String?, organisation: String?, qualifications: [String], expertise: [String],
            conflicts: [String], active: Bool
        ) {
            self.id = id
            self.dept = dept
            self.name = name
            self.certificateNo = certificateNo
            self.organisation = organisation
            self.qualifications = qualifications
            self.expertise = expertise
            self.conflicts = conflicts
            self.active = active
        }
    }

    /// `inspectors.create` / `experts.create`. The id defaults to `INS-<certificateNo>` / a stable `EXP-…` id.
    public struct PersonCreate: Codable, Sendable, Hashable {
        public var id: String?
        public var dept: String
        public var name: String
        public var certificateNo: String?
        public var organisation: String?
        public var qualifications: [String]?
        public var expertise: [String]?
        public var conflicts: [String]?
        public var active: Bool?
        public init(
            id: String? = nil, dept: String, name: String, certificateNo: String? = nil, organisation: String? = nil, qualifications: [String]? = nil,
            expertise: [String]? = nil, conflicts: [String]? = nil, active: Bool? = nil
        ) {
            self.id = id
            self.dept = dept
            self.name = name
            self.certificateNo = certificateNo
            self.organisation = organisation
            self.qualifications = qualifications
            self.expertise = expertise
            self.conflicts = conflicts
            self.active = active
        }
    }

    /// `inspectors.update` / `experts.update`: only the fields given change.
    public struct PersonUpdate: Codable, Sendable, Hashable {
        public var id: String
        public var dept: String?
        public var name: String?
        public var certificateNo: String?
        public var organisation: String?
        public var qualifications: [String]?
        public var expertise: [String]?
        public var conflicts: [String]?
        public var active: Bool?
        public init(
            id: String, dept: String? = nil, name: String? = nil, certificateNo: String? = nil, organisation: String? = nil,
            qualifications: [String]? = nil, expertise: [String]? = nil, conflicts: [String]? = nil, active: Bool? = nil
        ) {
            self.id = id
            self.dept = dept
            self.name = name
            self.certificateNo = certificateNo
            self.organisation = organisation
            self.qualifications = qualifications
            self.expertise = expertise
            self.conflicts = conflicts
            self.active = active
        }
    }

    public struct PersonRef: Codable, Sendable, Hashable {
        public var id: String
        public init(id: String) { self.id = id }
    }

    /// `inspectors.list` / `experts.list` filters, sorted by id.
    public struct PersonFilter: Codable, Sendable, Hashable {
        public var dept: String?
        public var active: Bool?
        public var qualification: String?
        public var expertise: String?
        public var after: String?
        public var limit: Int?
        public init(
            dept: String? = nil, active: Bool? = nil, qualification: String? = nil, expertise: String? = nil, after: String? = nil, limit: Int? = nil
        ) {
            self.dept = dept
            self.active = active
            self.qualification = qualification
            self.expertise = expertise
            self.after = after
            self.limit = limit
        }
    }

    public struct PersonList: Codable, Sendable, Hashable {
        public var people: [Person]
        public var next: String?
        public init(people: [Person], next: String?) {
            self.people = people
            self.next = next
        }
    }

    // MARK: - Guides

    /// `guides.get`: exactly one of `domain` or `industry` (a GB/T 4754 code; items whose industry prefixes match).
    public struct GuideRequest: Codable, Sendable, Hashable {
        public var domain: String?
        public var industry: String?
        public init(domain: String? = nil, industry: String? = nil) {
            self.domain = domain
            self.industry = industry
        }
    }

    /// One item in a guide.
    public struct GuideItem: Codable, Sendable, Hashable {
        public var code: String
        public var version: Int
        public var name: String
        public var domain: String
        public var targets: String
        public var content: String
        public var legalBasis: [LegalBasis]
        public var category: Category
        public var methods: [InspectionMethod]
        public var cooperatingDepts: [String]
        public init(
            code: String, version: Int, name: String, domain: String, targets: String, content: String, legalBasis: [LegalBasis],
            category: Category, methods: [InspectionMethod], cooperatingDepts: [String]
        ) {
            self.code = code
            self.version = version
            self.name = name
            self.domain = domain
            self.targets = targets
            self.content = content
            self.legalBasis = legalBasis
            self.category = category
            self.methods = methods
            self.cooperatingDepts = cooperatingDepts
        }
    }

    /// The items a department leads, within a guide.
    public struct GuideSection: Codable, Sendable, Hashable {
        public var dept: String
        public var deptName: String
        public var items: [GuideItem]
        public init(dept: String, deptName: String, items: [GuideItem]) {
            self.dept = dept
            self.deptName = deptName
            self.items = items
        }
    }

    /// A compliance guide (一业一册): every published item for a domain or industry, grouped by lead department,
    /// as JSON (`sections`) and as one Markdown document.
    public struct Guide: Codable, Sendable, Hashable {
        public var domain: String?
        public var industry: String?
        public var itemCount: Int
        /// Every department taking part (lead or cooperating), sorted.
        public var departments: [String]
        public var sections: [GuideSection]
        public var markdown: String
        public init(domain: String?, industry: String?, itemCount: Int, departments: [String], sections: [GuideSection], markdown: String) {
            self.domain = domain
            self.industry = industry
            self.itemCount = itemCount
            self.departments = departments
            self.sections = sections
            self.markdown = markdown
        }
    }

    // MARK: - Imports

    /// Any `*.import`: CSV text (UTF-8, header row, RFC 4180). `mode` is `all` (default: any bad row refuses the
    /// whole import) or `valid` (imports the good rows, reports the others). `dryRun` validates only.
    ///
    /// Large imports are sent in chunks under one `batchId`: every chunk is validated and staged, and the chunk with
    /// `last: true` applies the whole batch in one transaction (in `all` mode only if no chunk had an error).
    /// Each chunk repeats the header row.
    public struct ImportRequest: Codable, Sendable, Hashable {
        public var csv: String
        public var mode: String?
        public var dryRun: Bool?
        public var batchId: String?
        public var last: Bool?
        /// `items.import` only: publish the imported items at once (admin only; for lists already enacted).
        public var publish: Bool?
        /// `depts.import` only: level of rows without a `level` column. Default `district`.
        public var level: Level?
        public init(
            csv: String, mode: String? = nil, dryRun: Bool? = nil, batchId: String? = nil, last: Bool? = nil, publish: Bool? = nil,
            level: Level? = nil
        ) {
            self.csv = csv
            self.mode = mode
            self.dryRun = dryRun
            self.batchId = batchId
            self.last = last
            self.publish = publish
            self.level = level
        }
    }

    /// One refused row: 1-based line of the CSV text (the header is line 1), column name, reason; in a chunked
    /// import also the chunk (1 for the first chunk sent under the batch id).
    public struct RowError: Codable, Sendable, Hashable {
        public var row: Int
        public var column: String?
        public var reason: String
        public var chunk: Int?
        public init(row: Int, column: String?, reason: String, chunk: Int? = nil) {
            self.row = row
            self.column = column
            self.reason = reason
            self.chunk = chunk
        }
    }

    /// What an import did.
    public struct ImportReport: Codable, Sendable, Hashable {
        /// Data rows read (excluding the header).
        public var rows: Int
        /// Rows written (0 on a dry run, a refused import, or a staged chunk).
        public var imported: Int
        /// Rows staged under `batchId`, waiting for the last chunk.
        public var staged: Int
        public var rejected: Int
        public var committed: Bool
        /// At most 1000 errors; `rejected` counts them all.
        public var errors: [RowError]
        public init(rows: Int, imported: Int, staged: Int, rejected: Int, committed: Bool, errors: [RowError]) {
            self.rows = rows
            self.imported = imported
            self.staged = staged
            self.rejected = rejected
            self.committed = committed
            self.errors = errors
        }
    }

    /// A chunked import still waiting for its last chunk (`imports.list`).
    public struct ImportBatch: Codable, Sendable, Hashable {
        public var batchId: String
        /// `departments`, `items`, `entities`, `inspectors`, `experts`.
        public var target: String
        public var mode: String
        public var chunks: Int
        public var rows: Int
        public var rejected: Int
        /// Who sent the first chunk (`role:dept:user`); only they may add to it.
        public var owner: String
        public var createdAt: String
        public var updatedAt: String
        /// When it is dropped if no chunk arrives before (`JG_CATALOG_IMPORT_TTL_S` after the last one).
        public var expiresAt: String
        /// The options every chunk must repeat because they change how rows read (`level=district` for departments);
        /// absent when there are none.
        public var options: String?
        public init(
            batchId: String, target: String, mode: String, chunks: Int, rows: Int, rejected: Int, owner: String, createdAt: String, updatedAt: String,
            expiresAt: String, options: String? = nil
        ) {
            self.batchId = batchId
            self.target = target
            self.mode = mode
            self.chunks = chunks
            self.rows = rows
            self.rejected = rejected
            self.owner = owner
            self.createdAt = createdAt
            self.updatedAt = updatedAt
            self.expiresAt = expiresAt
            self.options = options
        }
    }

    public struct ImportBatchList: Codable, Sendable, Hashable {
        public var batches: [ImportBatch]
        public init(batches: [ImportBatch]) { self.batches = batches }
    }

    /// What `imports.expire` dropped: abandoned batches (their staged rows deleted, their ids kept as closed).
    public struct ImportExpiry: Codable, Sendable, Hashable {
        public var expired: [String]
        /// Staged rows deleted with them.
        public var rows: Int
        public init(expired: [String], rows: Int) {
            self.expired = expired
            self.rows = rows
        }
    }

    // MARK: - Events

    /// `catalog.item.published` (first publication) and `catalog.item.amended` (a later version published):
    /// the version now in force.
    public struct ItemPublished: Codable, Sendable, Hashable {
        public var item: Item
        public var previousVersion: Int?
        public init(item: Item, previousVersion: Int?) {
            self.item = item
            self.previousVersion = previousVersion
        }
    }

    /// `catalog.item.repealed`.
    public struct ItemRepealed: Codable, Sendable, Hashable {
        public var code: String
        public var version: Int
        public var domain: String
        public var leadDept: String
        public var note: String
        public init(code: String, version: Int, domain: String, leadDept: String, note: String) {
            self.code = code
            self.version = version
            self.domain = domain
            self.leadDept = leadDept
            self.note = note
        }
    }

    /// `catalog.entity.upserted`: ids of entities created or changed (at most 1000 per event; an import of many
    /// rows writes several events). Fetch the rows with `entities.get` / `entities.list` if needed.
    public struct EntityUpserted: Codable, Sendable, Hashable {
        public var ids: [String]
        public init(ids: [String]) { self.ids = ids }
    }
}
