import CatalogCore
import Foundation
import JGTesting
import Messages
import Testing

typealias M = CatalogMessages
typealias Harness = ServiceHarness<CatalogService>

/// Actors used across the tests.
enum Actors {
    static let admin = Actor(dept: "hy-coordination", user: "office", role: .admin)
    static let auditor = Actor(dept: "hy-audit", user: "auditor", role: .auditor)
    static func op(_ dept: String) -> Actor { Actor(dept: dept, user: "user-\(dept)", role: .operator) }
}

/// The repository's demo data (`deploy/demo-data`), found from this file: the repository root is three levels up.
enum DemoFiles {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("deploy/demo-data")
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }
}

/// A few departments for lifecycle tests.
let smallDepartmentsCSV = """
    code,name,kind
    hy-market,区市场监管局,competent
    hy-health,区卫健委,competent
    hy-police,区公安局,regulator
    hy-justice,区司法局,regulator
    hy-fire,区消防救援大队,vertical
    hy-coordination,综合监管工作专班办公室,other

    """

func makeHarness(_ environment: [String: String] = [:]) throws -> Harness { try Harness(environment: environment) }

/// A harness with `smallDepartmentsCSV` loaded.
func seededHarness() async throws -> Harness {
    let harness = try makeHarness()
    let report: M.ImportReport = try await harness.result("depts.import", M.ImportRequest(csv: smallDepartmentsCSV), as: Actors.admin)
    #expect(report.imported == 6)
    return harness
}

/// Expects a call to fail with `status`; returns the error for further checks.
@discardableResult
func expectFailure<P: Encodable & Sendable>(
    _ harness: Harness, _ method: String, _ params: P, as actor: Actor?, _ status: Status, sourceLocation: SourceLocation = #_sourceLocation
) async throws -> ErrorBody? {
    let reply = try await harness.call(method, params, as: actor)
    #expect(reply.status == status, "\(method) answered \(reply.status.rawValue): \(reply.error?.message ?? "")", sourceLocation: sourceLocation)
    return reply.error
}
