import Foundation
import JGTesting
import Messages
import ReferralCore

typealias M = ReferralMessages

/// The demo item list: `deploy/demo-data/items.csv` when the catalog's demo data is in the tree, else the copy in
/// `Fixtures/` (the same 19 items, 淮阳区 2025 batch 1).
let itemsCSV: String = {
    let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    let deployed = here.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("deploy/demo-data/items.csv").path
    if FileManager.default.fileExists(atPath: deployed) { return deployed }
    return here.appendingPathComponent("Fixtures/items.csv").path
}()

/// Thursday 2025-09-25, 10:00 in China (02:00 UTC): the instant every test starts at unless it sets its own.
let testStart = "2025-09-25T02:00:00Z"

func makeHarness(now: String = testStart, environment: [String: String] = [:]) throws -> ServiceHarness<ReferralService> {
    var variables = ["JG_REFERRAL_ROUTING_CSV": itemsCSV, "JG_REFERRAL_NOW": now]
    variables.merge(environment) { _, new in new }
    return try ServiceHarness<ReferralService>(environment: variables)
}

func date(_ text: String) throws -> Date {
    guard let date = ReferralClock.parse(text) else { throw TestFailure("not a timestamp: \(text)") }
    return date
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A well-formed test USCC: "914100" + 12 digits.
func uscc(_ number: Int) -> String {
    let digits = String(number)
    return "914100" + String(repeating: "0", count: 12 - digits.count) + digits
}

let coordination = "hy-coordination"
let admin = Actor(dept: coordination, user: "office1", role: .admin)
let officeOperator = Actor(dept: coordination, user: "office2", role: .operator)
let market = Actor(dept: "hy-market", user: "m1", role: .operator)
let housing = Actor(dept: "hy-housing", user: "h1", role: .operator)
let urban = Actor(dept: "hy-urban", user: "u1", role: .operator)
let agri = Actor(dept: "hy-agri", user: "a1", role: .operator)
let police = Actor(dept: "hy-police", user: "p1", role: .operator)
let auditor = Actor(dept: "hy-audit", user: "au1", role: .auditor)
let inspectionService = Actor.service("inspection")

extension ServiceHarness where Core == ReferralService {
    func register(
        source: M.ClueSource = .hotline12345, sourceRef: String? = nil, uscc: String? = nil, entity: String? = "某燃气站 (no USCC)",
        items: [String]? = nil, domain: String? = nil, reporter: M.ReporterContact? = nil, receivedAt: String? = nil, as actor: Actor = admin
    ) async throws -> M.Registration {
        try await result(
            "clues.register",
            M.ClueRegister(
                source: source, sourceRef: sourceRef, receivedAt: receivedAt, uscc: uscc, entity: entity, description: "test clue",
                suspectedItems: items, domain: domain, reporter: reporter),
            as: actor)
    }

    func clue(_ id: String, as actor: Actor = admin) async throws -> M.Clue {
        try await result("clues.get", M.ClueRef(clueId: id), as: actor)
    }

    func status<P: Encodable & Sendable>(_ method: String, _ params: P, as actor: Actor?) async throws -> Status {
        try await call(method, params, as: actor).status
    }

    /// The JSON objects published on `topic`.
    func payloads(_ topic: String) async throws -> [[String: JSONValue]] {
        try await events(topic: topic).map { envelope in
            guard case .object(let object) = envelope.event else { throw TestFailure("\(topic) payload is not an object") }
            return object
        }
    }
}
