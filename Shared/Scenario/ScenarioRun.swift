import Bus
import Foundation
import Messages

/// One run's state: its callers, the ids it made, and the summary it fills.
struct ScenarioRun {
    typealias Cast = SuiteScenario.Cast
    let scenario: SuiteScenario
    let transport: AsyncMDPClient
    let wait: Propagation
    let web: PublicWeb
    let today: String
    let admin: Caller
    let anyone: Caller
    var summary = ScenarioSummary()
    var issuedTokens: [String] = []
    var step = 0
    var operators: [String: Caller] = [:]
    /// Private strings that must never reach a public page (reporter contact, internal notes).
    var secrets: [String] = []
    /// The inspectors of the task: published results and credit profiles name none (the draw record does, by design:
    /// anyone re-runs the inspector draw from it).
    var inspectorIds: [String] = []

    init(scenario: SuiteScenario, transport: AsyncMDPClient, now: Date) {
        self.scenario = scenario
        self.transport = transport
        wait = Propagation(seconds: scenario.endpoints.propagationSeconds)
        web = PublicWeb(base: scenario.endpoints.http)
        today = ScenarioCalendar.day(now)
        let timeout = scenario.endpoints.timeoutMs
        admin = Caller(name: "coordination office (admin)", bus: BusClient(transport: transport, token: scenario.endpoints.adminToken, timeoutMs: timeout))
        anyone = Caller(name: "the public", bus: BusClient(transport: transport, token: nil, timeoutMs: timeout))
        summary.runId = String(UUID().uuidString.lowercased().prefix(8))
        summary.year = Int(today.prefix(4)) ?? 2000
        // Two weeks from today, inside the plan year (plans' windows must fall in their year).
        let end = ScenarioCalendar.day(now, plusDays: 14)
        summary.window = "\(today)…\(end.hasPrefix(String(summary.year)) ? end : "\(summary.year)-12-31")"
    }

    var windowStart: String { today }
    var windowEnd: String { String(summary.window.split(separator: "…").last ?? "") }
    var window: JSONValue { ["start": .string(windowStart), "end": .string(windowEnd)] }

    mutating func all() async throws {
        try await prepare()
        try await registerEntities()
        try await planAndApprove()
        try await drawAndVerify()
        try await issueJointTasks()
        let task = try await inspectAndPublish()
        try await creditFollows(task: task)
        try await warningRaised()
        try await hotlineClue()
        try await correlation()
        try await referralLoop()
        try await publicPages()
    }

    mutating func record(_ title: String, _ lines: [String], outcome: String) {
        step += 1
        summary.steps.append(.init(number: step, title: title, outcome: outcome))
        scenario.narrate(Narration(step: step, title: title, lines: lines))
    }

    // MARK: Tokens

    /// A token of a department's own, issued by the coordination office (revoked at the end of the run).
    mutating func token(role: String, dept: String, user: String? = nil) async throws -> Caller {
        var params: JSONValue = ["role": .string(role), "dept": .string(dept), "label": .string("scenario \(summary.runId): \(dept) \(role)")]
        if let user, case .object(var fields) = params {
            fields["user"] = .string(user)
            params = .object(fields)
        }
        let issued = try await admin.call("gateway", "tokens.issue", params)
        guard let token = issued["token"]?.stringValue, let id = issued["info"]?["id"]?.stringValue else {
            throw ScenarioError("gateway tokens.issue returned no token: \(issued)")
        }
        issuedTokens.append(id)
        let who = user.map { "\(dept) \(role) \($0)" } ?? "\(dept) \(role)"
        return Caller(name: who, bus: BusClient(transport: transport, token: token, timeoutMs: scenario.endpoints.timeoutMs))
    }

    mutating func operatorOf(_ dept: String) async throws -> Caller {
        if let caller = operators[dept] { return caller }
        let caller = try await token(role: "operator", dept: dept)
        operators[dept] = caller
        return caller
    }

    mutating func revokeTokens() async {
        for id in issuedTokens {
            do {
                _ = try await admin.call("gateway", "tokens.revoke", ["id": .string(id)])
                summary.tokensRevoked += 1
            } catch {
                scenario.logger.warning("could not revoke a scenario token", metadata: ["jg.token": "\(id)", "jg.error": "\(error)"])
            }
        }
        issuedTokens.removeAll()
    }

    // MARK: 1. Set-up

    mutating func prepare() async throws {
        let whoami = try await admin.call("gateway", "auth.whoami")
        guard whoami["actor"]?["role"]?.stringValue == "admin" else { throw ScenarioError("the token given is not the coordination office's (admin): \(whoami)") }
        for (dept, item) in [(Cast.gasDept, Cast.gasItem), (Cast.foodDept, Cast.foodItem)] {
            let found = try await admin.call("catalog", "items.get", ["code": .string(item)])
            guard found["leadDept"]?.stringValue == dept, found["status"]?.stringValue == "published" else {
                throw ScenarioError("item \(item) should be published and led by \(dept) (the 淮阳 demo data, JG_DEMO_DATA): \(found)")
            }
        }
        // The gas department watches credit downgrades: its own rule, made once and reused by later runs.
        let gas = try await operatorOf(Cast.gasDept)
        let rule: JSONValue = [
            "ruleId": .string(Cast.downgradeRule), "name": "信用等级下降预警 credit grade dropped", "owners": [.string(Cast.gasDept)],
            "indicator": ["aggregate": "count", "kind": "gradeDowngrade"], "window": "30d", "threshold": 1, "level": "orange",
            "pushTo": [.string(Cast.gasDept)],
        ]
        let created = try await gas.send("warning", "rules.create", rule)
        let current: JSONValue
        switch created.status {
        case .ok: current = created.result ?? .null
        case .alreadyExists: current = try await gas.call("warning", "rules.get", ["ruleId": .string(Cast.downgradeRule)])
        default: throw ScenarioError("\(gas.name): warning rules.create answered \(created.status.rawValue): \(created.error?.message ?? "")")
        }
        guard current["enabled"] != .bool(false) else { throw ScenarioError("rule \(Cast.downgradeRule) is disabled; enable it to run the scenario") }
        let version = current["version"]?.intValue ?? 0
        record(
            "Set-up", [
                "run \(summary.runId), window \(summary.window); items \(Cast.gasItem) (lead \(Cast.gasDept)) and \(Cast.foodItem) (lead \(Cast.foodDept)) are published",
                "\(Cast.gasDept) \(created.status == .ok ? "created" : "reuses") its warning rule \(Cast.downgradeRule) v\(version): any credit downgrade → orange warning",
            ], outcome: "rule \(Cast.downgradeRule) v\(version)")
    }

    // MARK: 2. Entities

    /// Three fresh entities tagged for this run: one both departments supervise, one each.
    mutating func registerEntities() async throws {
        let tag = "scenario-\(summary.runId)"
        let serial = String(format: "%06d", Int.random(in: 0..<1_000_000))
        func uscc(_ n: Int) -> String {
            // `MA9…`: outside the demo generator's `MA0…` range, so never one of the 2,000 demo entities.
            let body = "91411603MA9\(serial.dropLast())\(n)"
            return body + String(USCC.checkCharacter(for: body) ?? "0")
        }
        let people: [(String, String, [String])] = [
            ("淮阳豫香肉类食品有限公司", "C135", ["gas-safety", "slaughter"]),
            ("淮阳安源燃气有限公司", "D451", ["gas-safety"]),
            ("淮阳丰禾畜禽屠宰有限公司", "C135", ["slaughter"]),
        ]
        var lines: [String] = []
        for (index, (name, industry, domains)) in people.enumerated() {
            let code = uscc(index + 1)
            let entity = try await admin.call(
                "catalog", "entities.upsert",
                [
                    "uscc": .string(code), "name": .string("\(name)（演示 \(summary.runId)）"), "kind": "enterprise", "industry": .string(industry),
                    "region": "411603101", "address": .string("周口市淮阳区羲皇大道\(index + 1)号"), "domains": .array(domains.map(JSONValue.string)),
                    "tags": ["demo", "scenario", .string(tag)],
                ])
            let id = entity["id"]?.stringValue ?? code
            summary.entities.append(id)
            let pool = entity["inPool"] == .bool(true) ? ", in the cross-department pool" : ""
            lines.append("\(id) \(name): \(domains.joined(separator: " + ")); supervised by \(entity["supervisingDepts"]?.strings.count ?? 0) departments\(pool)")
        }
        guard let joint = summary.entities.first else { throw ScenarioError("catalog registered no entity") }
        summary.jointEntity = joint
        let score = try await admin.call("credit", "scores.get", ["uscc": .string(summary.jointEntity)])
        summary.gradeBefore = score["grade"]?.stringValue ?? "?"
        lines.append("credit grade of \(summary.jointEntity) before: \(summary.gradeBefore)\(score["known"] == .bool(false) ? " (never graded: the default)" : "")")
        record("Entity registry (名录库)", lines, outcome: "3 entities tagged \(tag)")
    }

    // MARK: 3. Plans

    mutating func planAndApprove() async throws {
        var lines: [String] = []
        for (dept, item, name) in [
            (Cast.gasDept, Cast.gasItem, "城镇燃气安全联合抽查"), (Cast.foodDept, Cast.foodItem, "畜禽屠宰食品安全联合抽查"),
        ] {
            let lead = try await operatorOf(dept)
            let plan = try await lead.call(
                "planning", "plans.create",
                [
                    "year": .int(Int64(summary.year)), "name": .string("\(name)（演示 \(summary.runId)）"), "leadDept": .string(dept),
                    "items": [.string(item)], "filter": ["tags": [.string("scenario-\(summary.runId)")]],
                    "sampling": ["ratio": 1, "stratifyByGrade": false], "window": window,
                ])
            guard let planId = plan["planId"]?.stringValue else { throw ScenarioError("plans.create returned no planId: \(plan)") }
            _ = try await lead.call("planning", "plans.submit", ["planId": .string(planId)])
            let approved = try await admin.call("planning", "plans.approve", ["planId": .string(planId), "note": "scenario"])
            guard approved["status"]?.stringValue == "approved" else { throw ScenarioError("plan \(planId) is not approved: \(approved)") }
            summary.plans.append(.init(dept: dept, item: item, planId: planId, drawId: "", poolSize: 0, selected: [], verified: false))
            lines.append("\(dept) drafted and submitted \(planId) (\(item), window \(summary.window)); the coordination office approved it")
        }
        record("Annual plans (工作计划)", lines, outcome: summary.plans.map(\.planId).joined(separator: ", "))
    }

    // MARK: 4. Draws

    mutating func drawAndVerify() async throws {
        var lines: [String] = []
        // Seeds published before the draw: the day, and a five-number lottery result.
        let seeds: JSONValue = [[.int(Int64(today.replacingOccurrences(of: "-", with: "")) ?? 0)], .array((0..<5).map { _ in .int(Int64.random(in: 1...35)) })]
        for index in summary.plans.indices {
            let plan = summary.plans[index]
            let lead = try await operatorOf(plan.dept)
            let draw = try await lead.call("planning", "draws.run", ["planId": .string(plan.planId), "seeds": seeds, "inspectorsPerEntity": 2])
            guard let drawId = draw["drawId"]?.stringValue else { throw ScenarioError("draws.run returned no drawId: \(draw)") }
            let verification = try await anyone.call("planning", "draws.verify", ["drawId": .string(drawId)])
            let selected = draw["selected"]?.strings ?? []
            let covered = draw["fullCoverage"]?.arrayValue?.flatMap { $0["ids"]?.strings ?? [] } ?? []
            summary.plans[index].drawId = drawId
            summary.plans[index].poolSize = Int(draw["poolSize"]?.intValue ?? 0)
            summary.plans[index].selected = Array(Set(selected + covered)).sorted()
            summary.plans[index].verified = verification["matches"] == .bool(true)
            guard summary.plans[index].verified else { throw ScenarioError("draw \(drawId) does not verify: \(verification)") }
            lines.append(
                "\(plan.dept) drew \(drawId): key \(draw["key"]?.stringValue ?? "?"), pool \(summary.plans[index].poolSize) (digest \(String(draw["poolDigest"]?.stringValue?.prefix(12) ?? ""))…), selected \(summary.plans[index].selected.count), \(draw["assignments"]?.arrayValue?.count ?? 0) inspector assignments"
            )
            lines.append("  anyone re-ran it with draws.verify (no token): matches")
        }
        for plan in summary.plans where !plan.selected.contains(summary.jointEntity) {
            throw ScenarioError("plan \(plan.planId) did not draw \(summary.jointEntity): \(plan.selected)")
        }
        record("Verifiable random draws (双随机)", lines, outcome: "\(summary.plans.count) draws, all verified")
    }

    // MARK: 5. Joint tasks

    mutating func issueJointTasks() async throws {
        let issued = try await admin.call("planning", "tasks.issue", ["window": window])
        let tasks = issued["tasks"]?.arrayValue ?? []
        summary.tasksIssued = tasks.count
        summary.visitsSaved = Int(issued["visitsSaved"]?.intValue ?? 0)
        guard let joint = tasks.first(where: { $0["uscc"]?.stringValue == summary.jointEntity }), let taskId = joint["taskId"]?.stringValue else {
            throw ScenarioError("tasks.issue made no task for \(summary.jointEntity): \(issued)")
        }
        summary.planningTaskId = taskId
        let plans = joint["planIds"]?.strings ?? []
        guard Set(plans) == Set(summary.plans.map(\.planId)) else {
            throw ScenarioError("task \(taskId) should merge both plans, has \(plans)")
        }
        let ours = tasks.filter { summary.entities.contains($0["uscc"]?.stringValue ?? "") }
        record(
            "Joint tasks (进一次门、查多项事)", [
                "the coordination office issued \(tasks.count) tasks for the window (\(issued["visits"]?.intValue ?? 0) drawn visits, \(summary.visitsSaved) saved)",
                "\(summary.jointEntity): one visit \(taskId) for \((joint["items"]?.strings ?? []).joined(separator: " + ")) by \((joint["depts"]?.strings ?? []).joined(separator: ", ")), \(joint["inspectors"]?.arrayValue?.count ?? 0) inspectors",
                "this run's 3 entities became \(ours.count) tasks",
            ], outcome: "\(taskId) merges \(plans.count) plans")
    }

    // MARK: 6. Inspection

    struct InspectionTask {
        var id: String
        var failedResult: String
    }

    mutating func inspectAndPublish() async throws -> InspectionTask {
        let admin = self.admin
        let uscc = summary.jointEntity
        let planningTaskId = summary.planningTaskId
        // planning.task.issued → inspection's inbox.
        let task = try await wait.wait("inspection to schedule planning task \(planningTaskId)") { () -> JSONValue? in
            let list = try await admin.call("inspection", "tasks.list", ["uscc": .string(uscc), "source": "plan"])
            return list["tasks"]?.arrayValue?.first { $0["sourceRef"]?.stringValue == planningTaskId }
        }
        guard let taskId = task["id"]?.stringValue else { throw ScenarioError("inspection task without id: \(task)") }
        summary.inspectionTaskId = taskId
        summary.taskDepts = task["depts"]?.strings ?? []
        for item in task["items"]?.arrayValue ?? [] {
            if let code = item["item"]?.stringValue { summary.itemDepts[code] = item["dept"]?.stringValue ?? "" }
        }
        guard summary.itemDepts[Cast.gasItem] == Cast.gasDept, summary.itemDepts[Cast.foodItem] == Cast.foodDept else {
            throw ScenarioError("task \(taskId) should have \(Cast.gasDept) check \(Cast.gasItem) and \(Cast.foodDept) check \(Cast.foodItem): \(summary.itemDepts)")
        }
        // One inspector of each department, with a token of their own (谁检查、谁录入).
        let inspectors = task["inspectors"]?.arrayValue ?? []
        func inspector(of dept: String) throws -> String {
            guard let id = inspectors.first(where: { $0["dept"]?.stringValue == dept && $0["active"] != .bool(false) })?["id"]?.stringValue else {
                throw ScenarioError("task \(taskId) has no inspector of \(dept): \(inspectors)")
            }
            return id
        }
        let gasInspectorId = try inspector(of: Cast.gasDept)
        let foodInspectorId = try inspector(of: Cast.foodDept)
        inspectorIds = inspectors.compactMap { $0["id"]?.stringValue }
        let gasInspector = try await token(role: "inspector", dept: Cast.gasDept, user: gasInspectorId)
        let foodInspector = try await token(role: "inspector", dept: Cast.foodDept, user: foodInspectorId)

        _ = try await gasInspector.call("inspection", "tasks.start", ["taskId": .string(taskId)])
        let internalNote = "内部备注 \(summary.runId): 负责人态度不配合"
        secrets.append(internalNote)
        let food = try await foodInspector.call(
            "inspection", "results.record",
            ["taskId": .string(taskId), "item": .string(Cast.foodItem), "outcome": "noProblem", "findings": "屠宰检疫记录完整，未发现问题"])
        let gas = try await gasInspector.call(
            "inspection", "results.record",
            [
                "taskId": .string(taskId), "item": .string(Cast.gasItem), "outcome": "failed",
                "findings": "后厨液化气瓶与灶具间距不足且未安装可燃气体报警装置", "internalNotes": .string(internalNote),
            ])
        _ = try await gasInspector.call("inspection", "tasks.submit", ["taskId": .string(taskId)])
        guard let foodResult = food["id"]?.stringValue, let gasResult = gas["id"]?.stringValue else {
            throw ScenarioError("results.record returned no result ids")
        }
        // Each department publishes its own results (谁公开).
        var status = ""
        for dept in [Cast.foodDept, Cast.gasDept] {
            let publication = try await operatorOf(dept).call("inspection", "results.publish", ["taskId": .string(taskId)])
            status = publication["status"]?.stringValue ?? ""
        }
        summary.taskStatus = status
        summary.results = [
            .init(resultId: foodResult, item: Cast.foodItem, dept: Cast.foodDept, outcome: "noProblem"),
            .init(resultId: gasResult, item: Cast.gasItem, dept: Cast.gasDept, outcome: "failed"),
        ]
        record(
            "Inspection and publication (检查、公示)", [
                "inspection scheduled \(taskId) from \(planningTaskId): \(Cast.gasItem) checked by \(Cast.gasDept), \(Cast.foodItem) by \(Cast.foodDept)",
                "inspector \(foodInspectorId) (\(Cast.foodDept)) recorded \(Cast.foodItem): noProblem",
                "inspector \(gasInspectorId) (\(Cast.gasDept)) recorded \(Cast.gasItem): failed — gas cylinders too close to the stove, no gas alarm",
                "\(Cast.foodDept) and \(Cast.gasDept) each published their own result; task \(status)",
            ], outcome: "1 of 2 results failed; task \(status)")
        return InspectionTask(id: taskId, failedResult: gasResult)
    }

    // MARK: 7. Credit

    mutating func creditFollows(task: InspectionTask) async throws {
        let admin = self.admin
        let uscc = summary.jointEntity
        let resultIds = summary.results.map(\.resultId)
        // inspection.result.published → credit's inbox: one record per published result.
        let records = try await wait.wait("credit records for the published results") { () -> [JSONValue]? in
            let list = try await admin.call("credit", "records.list", ["uscc": .string(uscc)])
            let records = list["records"]?.arrayValue ?? []
            let origins = Set(records.compactMap { $0["origin"]?["id"]?.stringValue })
            return resultIds.allSatisfy(origins.contains) ? records : nil
        }
        let afterResults = try await admin.call("credit", "scores.get", ["uscc": .string(uscc)])
        // The failed gas inspection is followed by an administrative penalty (行政处罚), recorded by the department that imposed it.
        let gas = try await operatorOf(Cast.gasDept)
        let penalty = try await gas.call(
            "credit", "records.add",
            [
                "uscc": .string(uscc), "type": "enforcement", "polarity": "negative", "severity": "moderate", "occurredOn": .string(today),
                "origin": ["kind": "inspectionResult", "id": .string(task.failedResult)],
                "summary": "燃气安全检查不合格，责令改正并处罚款（行政处罚）",
            ])
        let score = try await admin.call("credit", "scores.get", ["uscc": .string(uscc)])
        summary.gradeAfter = score["grade"]?.stringValue ?? "?"
        summary.scoreAfter = score["score"]?.doubleValue ?? 0
        summary.creditRecords = records.compactMap { $0["id"]?.stringValue } + [penalty["id"]?.stringValue].compactMap { $0 }
        guard let before = ["A", "B", "C", "D"].firstIndex(of: summary.gradeBefore), let after = ["A", "B", "C", "D"].firstIndex(of: summary.gradeAfter),
            after > before
        else {
            throw ScenarioError("the grade of \(uscc) should have dropped from \(summary.gradeBefore), it is \(summary.gradeAfter) (score \(summary.scoreAfter))")
        }
        record(
            "Credit (信用监管)", [
                "credit turned both published results into records: \(records.map { "\($0["polarity"]?.stringValue ?? "?") \($0["type"]?.stringValue ?? "?")" }.joined(separator: ", ")); score \(afterResults["score"]?.doubleValue.map { String($0) } ?? "?"), grade \(afterResults["grade"]?.stringValue ?? "?")",
                "\(Cast.gasDept) recorded the administrative penalty that followed (enforcement, negative)",
                "grade \(summary.gradeBefore) → \(summary.gradeAfter) (score \(summary.scoreAfter)); credit published credit.grade.changed",
            ], outcome: "grade \(summary.gradeBefore) → \(summary.gradeAfter)")
    }

    // MARK: 8. Warning

    static func warning(_ value: JSONValue) -> ScenarioSummary.Warning? {
        guard let id = value["warningId"]?.stringValue, let rule = value["ruleId"]?.stringValue else { return nil }
        return .init(
            warningId: id, ruleId: rule, ruleVersion: Int(value["ruleVersion"]?.intValue ?? 0), level: value["level"]?.stringValue ?? "",
            pushedTo: value["pushedTo"]?.strings ?? [])
    }

    mutating func warningRaised() async throws {
        let admin = self.admin
        let uscc = summary.jointEntity
        // credit.grade.changed → warning's inbox → the gas department's rule.
        let found = try await wait.wait("a warning from rule \(Cast.downgradeRule)") { () -> ScenarioSummary.Warning? in
            let list = try await admin.call("warning", "warnings.list", ["uscc": .string(uscc), "ruleId": .string(Cast.downgradeRule)])
            return list["warnings"]?.arrayValue?.first.flatMap(ScenarioRun.warning)
        }
        summary.gradeWarning = found
        // The department it was pushed to acknowledges it (推送 → 签收).
        _ = try await operatorOf(Cast.gasDept).call("warning", "warnings.ack", ["warningId": .string(found.warningId)])
        record(
            "Risk warning (风险预警)", [
                "warning \(found.warningId) raised by rule \(found.ruleId) v\(found.ruleVersion), level \(found.level), pushed to \(found.pushedTo.joined(separator: ", "))",
                "\(Cast.gasDept) acknowledged it",
            ], outcome: "\(found.level) warning, \(found.ruleId) v\(found.ruleVersion)")
    }

    // MARK: 9. 12345 clue

    mutating func hotlineClue() async throws {
        let reporterName = "张先生"
        let reporterPhone = "1380371\(String(format: "%04d", Int.random(in: 0..<10_000)))"
        secrets += [reporterName, reporterPhone]
        let registration = try await admin.call(
            "referral", "clues.register",
            [
                "source": "hotline12345", "sourceRef": .string("12345-\(summary.runId)"), "uscc": .string(summary.jointEntity),
                "description": "市民来电反映该单位后厨液化气瓶存放在地下室，经常闻到燃气味", "suspectedItems": [.string(Cast.gasItem)],
                "reporter": ["name": .string(reporterName), "phone": .string(reporterPhone), "consentToShare": false],
            ])
        let clue = registration["clue"] ?? .null
        summary.clueId = clue["id"]?.stringValue ?? ""
        summary.clueDept = clue["dept"]?.stringValue ?? ""
        summary.clueDueAt = clue["deadline"]?["dueAt"]?.stringValue ?? ""
        guard !summary.clueId.isEmpty, summary.clueDept == Cast.gasDept, !summary.clueDueAt.isEmpty else {
            throw ScenarioError("the 12345 clue should be assigned to \(Cast.gasDept) with a deadline: \(clue)")
        }
        record(
            "12345 hotline clue (问题线索)", [
                "the 12345 hotline's clue \(summary.clueId) about \(summary.jointEntity) (gas smell, cylinders in the basement) was registered",
                "routed by the catalog (\(clue["routing"]?["reason"]?.stringValue ?? "item lead")) to \(summary.clueDept), due \(summary.clueDueAt) (\(clue["deadline"]?["step"]?.stringValue ?? ""))",
                "the reporter's contact is sealed: departments do not see it without consent",
            ], outcome: "→ \(summary.clueDept), due \(summary.clueDueAt.prefix(10))")
    }

    // MARK: 10. Correlation

    mutating func correlation() async throws {
        let admin = self.admin
        let uscc = summary.jointEntity
        // referral.clue.registered + inspection.result.published → warning's correlation rule (two sources).
        let found = try await wait.wait("the correlation warning about \(uscc)") { () -> ScenarioSummary.Warning? in
            let list = try await admin.call("warning", "warnings.list", ["uscc": .string(uscc), "ruleId": .string(Cast.correlationRule)])
            return list["warnings"]?.arrayValue?.first.flatMap(ScenarioRun.warning)
        }
        summary.correlationWarning = found
        // warning.joint_inspection.requested → inspection's inbox: a task from the warning.
        let task = try await wait.wait("inspection to schedule the requested joint inspection") { () -> JSONValue? in
            let list = try await admin.call("inspection", "tasks.list", ["uscc": .string(uscc), "source": "warning"])
            return list["tasks"]?.arrayValue?.first
        }
        summary.jointInspectionTaskId = task["id"]?.stringValue ?? ""
        summary.jointInspectionItems = task["items"]?.arrayValue?.compactMap { $0["item"]?.stringValue } ?? []
        record(
            "Correlation → joint inspection", [
                "warning \(found.warningId): rule \(found.ruleId) v\(found.ruleVersion) saw 2 sources (inspection, hotline12345) within its window",
                "it requested a joint inspection; inspection scheduled \(summary.jointInspectionTaskId) for \(summary.jointInspectionItems.joined(separator: ", ")) by \((task["depts"]?.strings ?? []).joined(separator: ", "))",
            ], outcome: "\(found.ruleId) v\(found.ruleVersion), joint task scheduled")
    }

    // MARK: 11. Referral loop

    mutating func referralLoop() async throws {
        let lead = try await operatorOf(summary.clueDept)
        let clue: JSONValue = ["clueId": .string(summary.clueId)]
        let seen = try await lead.call("referral", "clues.get", clue)
        if seen["reporter"] != nil && seen["reporter"] != .null {
            summary.privacyLeaks.append("referral clues.get showed the reporter to \(summary.clueDept) without consent")
        }
        let accepted = try await lead.call("referral", "clues.accept", clue)
        summary.clueConclusionDueAt = accepted["deadline"]?["dueAt"]?.stringValue ?? ""
        guard !summary.clueConclusionDueAt.isEmpty else { throw ScenarioError("accepting clue \(summary.clueId) set no conclusion deadline: \(accepted)") }
        _ = try await lead.call("referral", "clues.investigate", ["clueId": .string(summary.clueId), "note": "与联合检查一并核查"])
        _ = try await lead.call(
            "referral", "clues.conclude",
            ["clueId": .string(summary.clueId), "finding": "substantiated", "summary": "液化气瓶存放于地下室属实，已责令搬离", "severity": "minor"])
        let feedback = "已核实并责令整改，气瓶已移出地下室"
        _ = try await lead.call("referral", "clues.feedback", ["clueId": .string(summary.clueId), "text": .string(feedback)])
        let closed = try await lead.call("referral", "clues.close", clue)
        summary.clueStatus = closed["status"]?.stringValue ?? closed["clue"]?["status"]?.stringValue ?? ""
        let final = try await lead.call("referral", "clues.get", clue)
        summary.clueStatus = final["status"]?.stringValue ?? summary.clueStatus
        summary.clueFeedback = final["feedback"]?.stringValue ?? ""
        let related = try await lead.call("referral", "clues.related", clue)
        summary.linkedClues = related["clues"]?.arrayValue?.count ?? 0
        guard summary.clueFeedback == feedback else { throw ScenarioError("clue \(summary.clueId) has no feedback recorded: \(final)") }
        record(
            "Referral loop (签收、核查、反馈)", [
                "\(summary.clueDept) accepted (签收) before \(summary.clueDueAt); conclusion due \(summary.clueConclusionDueAt)",
                "it investigated (核查) and concluded: substantiated (credit records it as a negative record)",
                "feedback to the 12345 hotline recorded (反馈): \(feedback); clue \(summary.clueStatus)",
            ], outcome: "clue \(summary.clueStatus), feedback recorded")
    }

    // MARK: 12. Public pages

    mutating func publicPages() async throws {
        let uscc = summary.jointEntity
        let resultIds = summary.results.map(\.resultId)
        var checks: [(String, @Sendable (JSONValue) -> (Bool, String))] = [
            (
                "/public/plans?year=\(summary.year)",
                { [plans = summary.plans.map(\.planId)] page in
                    let listed = Set(page["plans"]?.arrayValue?.compactMap { $0["planId"]?.stringValue } ?? [])
                    return (plans.allSatisfy(listed.contains), "both plans listed")
                }
            ),
            (
                "/public/results/\(uscc)",
                { page in
                    let results = page["results"]?.arrayValue ?? []
                    let listed = Set(results.compactMap { $0["resultId"]?.stringValue })
                    let failed = results.contains { $0["outcome"]?.stringValue == "failed" }
                    return (resultIds.allSatisfy(listed.contains) && failed, "\(results.count) published results, one failed")
                }
            ),
            (
                "/public/credit/\(uscc)",
                { [grade = summary.gradeAfter] page in
                    (page["grade"]?.stringValue == grade, "grade \(page["grade"]?.stringValue ?? "?"), \(page["records"]?.arrayValue?.count ?? 0) published records")
                }
            ),
        ]
        for plan in summary.plans {
            checks.append(
                (
                    "/public/draws?planId=\(plan.planId)",
                    { [drawId = plan.drawId] page in
                        (page["draws"]?.arrayValue?.contains { $0["drawId"]?.stringValue == drawId } == true, "draw \(drawId) with its key and pool")
                    }
                ))
        }
        var lines: [String] = []
        for (path, check) in checks {
            let (status, body) = try await web.get(path)
            let text = String(decoding: body, as: UTF8.self)
            let page = (try? Wire.decode(AnyReply.self, from: body))?.result ?? (try? Wire.decode(JSONValue.self, from: body)) ?? .null
            let (ok, note) = status == 200 ? check(page) : (false, "HTTP \(status)")
            let forbidden = path.hasPrefix("/public/draws") ? secrets : secrets + inspectorIds
            for secret in forbidden where text.contains(secret) { summary.privacyLeaks.append("\(path) shows \(secret)") }
            summary.pages.append(.init(path: path, status: status, ok: ok, note: note))
            lines.append("GET \(path) → \(status): \(note)\(ok ? "" : " — NOT AS EXPECTED")")
        }
        lines.append(
            summary.privacyLeaks.isEmpty
                ? "no page shows the reporter's contact or internal notes; results and credit name no inspector (\(secrets.count + inspectorIds.count) private strings checked)"
                : "PRIVATE DATA SHOWN: \(summary.privacyLeaks.joined(separator: "; "))")
        let failed = summary.pages.filter { !$0.ok }
        record("Public pages (公示)", lines, outcome: failed.isEmpty && summary.privacyLeaks.isEmpty ? "\(summary.pages.count) pages, nothing private" : "\(failed.count) pages wrong, \(summary.privacyLeaks.count) leaks")
        guard failed.isEmpty, summary.privacyLeaks.isEmpty else {
            throw ScenarioError("public pages: \(failed.map { "\($0.path): \($0.note)" }) leaks: \(summary.privacyLeaks)")
        }
    }
}
