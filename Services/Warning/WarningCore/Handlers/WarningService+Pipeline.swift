import Foundation
import GRDB
import Messages
import Store

/// What one batch of signals did.
struct PipelineOutcome: Sendable {
    var accepted = 0
    var duplicates = 0
    var raised: [String] = []
    var updated: [String] = []
}

extension WarningService {
    typealias M = WarningMessages

    /// Stores new signals (an id seen before is skipped), evaluates the rules on them, raises or updates warnings and
    /// requests joint inspections — all in the caller's transaction.
    func process(_ signals: [SignalDraft], _ db: Database, _ outbox: Outbox) throws -> PipelineOutcome {
        let now = clock.now()
        let (fresh, firings) = try engine.observe(db) { try SignalStore.insert(db, signals, receivedAt: now) }
        var outcome = PipelineOutcome(accepted: fresh.count, duplicates: signals.count - fresh.count)
        guard !firings.isEmpty else { return outcome }

        // One warning change per (rule, entity) and batch: the latest firing, with how many there were.
        struct Key: Hashable {
            var rule: String
            var entity: String
        }
        var order: [Key] = []
        var latest: [Key: (firing: Firing, hits: Int)] = [:]
        for firing in firings {
            let key = Key(rule: firing.rule.id, entity: firing.entity)
            if let seen = latest[key] {
                latest[key] = (firing.at >= seen.firing.at ? firing : seen.firing, seen.hits + 1)
            } else {
                order.append(key)
                latest[key] = (firing, 1)
            }
        }
        for key in order {
            guard let (firing, hits) = latest[key] else { continue }
            if let open = try WarningStore.openRef(db, ruleId: firing.rule.id, entity: firing.entity) {
                try WarningStore.refire(db, seq: open.seq, firing: firing, hits: hits)
                outcome.updated.append(WarningRecord.id(open.seq))
                if firing.rule.rule.indicator.aggregate == .distinctSources, open.jointRequestId == nil, var refreshed = try WarningStore.fetch(db, seq: open.seq) {
                    try requestJointInspection(&refreshed, rule: firing.rule, db, outbox, now: now)
                }
            } else {
                outcome.raised.append(try raise(firing, hits: hits, db, outbox, now: now))
            }
        }
        return outcome
    }

    /// Generates and pushes a new warning (生成 → 推送); a red one opens a joint assessment, a multi-source one
    /// requests a joint inspection.
    func raise(_ firing: Firing, hits: Int, _ db: Database, _ outbox: Outbox, now: Int64) throws -> String {
        let rule = firing.rule.rule
        // The firing's window of signals, read at most once: the correlation rule needs it twice (whom to push to,
        // and what the joint inspection covers), and the new warning's window is the firing's.
        var windowSignals: [M.Signal]?
        func signals() throws -> [M.Signal] {
            if let windowSignals { return windowSignals }
            let read = try self.signals(counting: firing.rule, entity: firing.entity, lower: firing.windowStart, upper: firing.at, db)
            windowSignals = read
            return read
        }
        var pushTo = rule.pushTo
        if pushTo.isEmpty {
            // Rules without departments (the correlation rule) push to those the signals name.
            for signal in try signals() {
                if let dept = signal.dept, !dept.isEmpty, !pushTo.contains(dept) { pushTo.append(dept) }
            }
            if pushTo.isEmpty { pushTo = [configuration.coordinationDept] }
        }
        var record = WarningRecord(firing: firing, hits: hits, pushedTo: pushTo, raisedAt: now, ackDueAt: policy.acknowledgeBy(rule.level, from: now))
        record.seq = try WarningStore.insert(db, record)
        try WarningStore.addStep(db, seq: record.seq, action: "generate", from: nil, to: .generated, dept: nil, user: "warning", note: "rule \(rule.ruleId) v\(rule.version): \(rule.indicator.aggregate.rawValue) \(firing.value) ≥ \(rule.threshold) within \(rule.window)", at: now)
        try WarningStore.addStep(db, seq: record.seq, action: "push", from: .generated, to: .pushed, dept: nil, user: "warning", note: pushTo.joined(separator: ", "), at: now)
        try outbox.append(
            topic: "warning.raised",
            M.WarningRaised(
                warningId: record.id, ruleId: record.ruleId, ruleVersion: record.ruleVersion, level: record.level, entity: record.entity, uscc: record.uscc,
                site: record.site, domain: record.domain, indicator: record.indicator, value: record.value, threshold: record.threshold,
                window: M.Period(start: Timestamp.format(record.windowStart), end: Timestamp.format(record.windowEnd)), pushedTo: pushTo,
                raisedAt: Timestamp.format(now), ackDueAt: Timestamp.format(record.ackDueAt)))
        if record.level == .red {
            record.assessmentSeq = try AssessmentStore.open(db, warningSeq: record.seq, depts: pushTo, at: now)
        }
        if rule.indicator.aggregate == .distinctSources {
            try requestJointInspection(&record, rule: firing.rule, signals: try signals(), db, outbox, now: now)
        }
        return record.id
    }

    /// The signals about `entity` between `lower` and `upper` that `rule` counts.
    func signals(counting rule: RuleDefinition, entity: String, lower: Int64, upper: Int64, _ db: Database) throws -> [M.Signal] {
        try SignalStore.inWindow(db, entity: entity, lower: lower, upper: upper).filter { signal in
            rule.matches(
                SignalAttributes(
                    kind: signal.kind, source: signal.source, metric: signal.metric, items: signal.items, domain: signal.domain, region: signal.region,
                    entityKind: signal.entityKind))
        }
    }

    /// Asks inspection for a joint task about the warning's entity (once per warning), when its signals name items.
    /// `signals`: those `rule` counted in the warning's window, when the caller has them already.
    func requestJointInspection(
        _ record: inout WarningRecord, rule: RuleDefinition, signals known: [M.Signal]? = nil, _ db: Database, _ outbox: Outbox, now: Int64
    ) throws {
        guard let uscc = record.uscc, record.jointRequestId == nil else { return }
        let signals = try known ?? self.signals(counting: rule, entity: record.entity, lower: record.windowStart, upper: record.windowEnd, db)
        let today = Timestamp.day(now)
        let until = Timestamp.day(now + Int64(configuration.inspectionDays) * 86_400_000)
        guard
            let request = Correlator.request(
                requestId: "jr-" + TimeOrderedID.make(), warningId: record.id, uscc: uscc, signals: signals, ruleItem: rule.rule.scope.item,
                window: rule.rule.window, inspectionWindow: M.Period(start: today, end: until))
        else {
            logger.notice("multi-source warning without items: no joint inspection requested", metadata: ["jg.warning": "\(record.id)"])
            return
        }
        try db.executeCached(
            sql: "INSERT INTO joint_requests (request_id, warning_seq, uscc, payload, requested_ms) VALUES (?, ?, ?, ?, ?)",
            arguments: [request.requestId, record.seq, uscc, try WarningStore.json(request), now])
        try db.executeCached(sql: "UPDATE warnings SET joint_request_id = ? WHERE seq = ?", arguments: [request.requestId, record.seq])
        record.jointRequestId = request.requestId
        try outbox.append(topic: "warning.joint_inspection.requested", request)
    }
}
