import CreditCore
import Foundation
import JGTesting
import Messages

typealias M = CreditMessages

/// The fixed day every test runs on (`JG_CREDIT_TODAY`).
let testToday = "2025-06-15"

func makeHarness() throws -> ServiceHarness<CreditService> {
    try ServiceHarness<CreditService>(environment: ["JG_CREDIT_TODAY": testToday])
}

/// A well-formed test USCC: "914100" + 12 digits.
func uscc(_ number: Int) -> String {
    let digits = String(number)
    return "914100" + String(repeating: "0", count: 12 - digits.count) + digits
}

let admin = Actor(dept: "coordination-office", user: "admin1", role: .admin)
let market = Actor(dept: "hy-market", user: "m1", role: .operator)
let tax = Actor(dept: "hy-tax", user: "t1", role: .operator)
let housing = Actor(dept: "hy-housing", user: "h1", role: .operator)
let auditor = Actor(dept: "hy-audit", user: "a1", role: .auditor)

extension ServiceHarness where Core == CreditService {
    @discardableResult
    func addRecord(
        _ entity: String, _ type: M.RecordType, _ polarity: M.Polarity, _ severity: M.Severity? = nil, on day: String = "2025-05-01",
        expiresOn: String? = nil, published: Bool? = nil, as actor: Actor = market
    ) async throws -> M.CreditRecord {
        try await result(
            "records.add",
            M.RecordAdd(
                uscc: entity, type: type, polarity: polarity, severity: severity, occurredOn: day, expiresOn: expiresOn, summary: "test \(type.rawValue)",
                published: published), as: actor)
    }

    func score(_ entity: String, as actor: Actor = auditor) async throws -> M.Score {
        try await result("scores.get", M.UsccQuery(uscc: entity), as: actor)
    }

    func status<P: Encodable & Sendable>(_ method: String, _ params: P, as actor: Actor?) async throws -> Status {
        try await call(method, params, as: actor).status
    }

    func gradeChanges() async throws -> [M.GradeChanged] {
        try await events(topic: "credit.grade.changed").map { try $0.event.decode(M.GradeChanged.self) }
    }
}
