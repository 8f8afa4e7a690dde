import Foundation
import JGTesting
import Messages
import WarningCore

typealias M = WarningMessages

let admin = Actor(dept: "coordination-office", user: "office1", role: .admin)
let emergency = Actor(dept: "hy-emergency", user: "e1", role: .operator)
let market = Actor(dept: "hy-market", user: "m1", role: .operator)
let housing = Actor(dept: "hy-housing", user: "h1", role: .operator)
let auditor = Actor(dept: "hy-audit", user: "a1", role: .auditor)
let iot = Actor.service("gas-iot")

func makeHarness(_ environment: [String: String] = [:]) throws -> ServiceHarness<WarningService> {
    try ServiceHarness<WarningService>(environment: environment)
}

/// A well-formed test USCC: "914100" + 12 digits.
func uscc(_ number: Int) -> String {
    let digits = String(number)
    return "914100" + String(repeating: "0", count: 12 - digits.count) + digits
}

/// `2025-06-01T00:00:00Z` plus an offset.
func at(days: Double = 0, hours: Double = 0, minutes: Double = 0) -> String {
    let base = Date(timeIntervalSince1970: 1_748_736_000)  // 2025-06-01T00:00:00Z
    return Timestamp.format(Timestamp.milliseconds(base.addingTimeInterval(days * 86_400 + hours * 3_600 + minutes * 60)))
}

func reading(site: String, _ value: Double, metric: String = "ch4.ppm", at time: String, id: String? = nil, region: String? = nil) -> M.Reading {
    M.Reading(readingId: id, site: site, metric: metric, value: value, at: time, region: region)
}

extension ServiceHarness where Core == WarningService {
    @discardableResult
    func createRule(
        _ id: String, indicator: M.Indicator, window: String, threshold: Double, level: M.Level = .yellow, scope: M.RuleScope? = nil,
        pushTo: [String]? = nil, as actor: Actor = emergency
    ) async throws -> M.Rule {
        try await result(
            "rules.create",
            M.RuleCreate(ruleId: id, name: "rule \(id)", scope: scope, indicator: indicator, window: window, threshold: threshold, level: level, pushTo: pushTo),
            as: actor)
    }

    @discardableResult
    func ingest(_ readings: [M.Reading], source: String = "gas-iot-hy", as actor: Actor = iot) async throws -> M.IngestResult {
        try await result("signals.ingest", M.IngestBatch(source: source, readings: readings), as: actor)
    }

    func warnings(_ filter: M.WarningFilter = M.WarningFilter(), as actor: Actor = auditor) async throws -> [M.Warning] {
        try await result("warnings.list", filter, as: actor, decoding: M.WarningList.self).warnings
    }

    func raisedEvents() async throws -> [M.WarningRaised] {
        try await events(topic: "warning.raised").map { try $0.event.decode(M.WarningRaised.self) }
    }
}

/// Event envelopes as the inbox consumer receives them.
enum Events {
    static func clue(_ seq: Int64, _ entity: String, source: String = "hotline12345", items: [String] = ["HY-2025-01"], dept: String? = "hy-market",
        at time: String = at(days: 1)) throws -> EventEnvelope
    {
        EventEnvelope(
            source: "referral", seq: seq, topic: "referral.clue.registered", at: time, traceId: nil,
            event: try JSONValue(encoding: M.ClueRegistered(clueId: "C-\(seq)", source: source, uscc: entity, items: items, domain: "food", dept: dept, registeredAt: time)))
    }

    static func inspection(_ seq: Int64, _ entity: String, outcome: String = "failed", item: String = "HY-2025-02", dept: String = "hy-health",
        at time: String = at(days: 2)) throws -> EventEnvelope
    {
        EventEnvelope(
            source: "inspection", seq: seq, topic: "inspection.result.published", at: time, traceId: nil,
            event: try JSONValue(
                encoding: M.InspectionResultPublished(
                    uscc: entity, item: item, dept: dept, outcome: outcome, resultId: "RES-\(seq)", taskId: "T-1", publishedAt: time, year: 2025)))
    }

    static func grade(_ seq: Int64, _ entity: String, from: String, to: String, at time: String = at(days: 3)) throws -> EventEnvelope {
        EventEnvelope(
            source: "credit", seq: seq, topic: "credit.grade.changed", at: time, traceId: nil,
            event: try JSONValue(encoding: M.GradeChanged(uscc: entity, from: from, to: to, score: 60, at: time)))
    }
}
