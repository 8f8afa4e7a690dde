import Bus
import Foundation
import Logging
import Messages
import ZeroMQ

/// Issue #10's whole-suite scenario, driven from outside through the gateway like any department system:
///
/// two departments plan joint random inspections in one window (gas safety by 区城管局, livestock slaughter — food —
/// by 区农业农村局) → verifiable draws → one merged joint task per entity → inspectors record, departments publish
/// (one failure) → credit records and a grade drop → a warning from the gas department's rule → a 12345 hotline clue
/// about the same entity → correlation requests a joint inspection → the clue is routed to the lead department with
/// a deadline, handled and answered → the public pages show the published results and nothing private.
///
/// Every step is done with the token of the department whose right it is (DESIGN §3.4): the coordination office
/// (admin) only approves plans, issues tasks and registers the hotline's clue. Each run uses fresh entities, request
/// ids and tokens, so it can run again against the same suite.
public struct SuiteScenario: Sendable {
    /// Department codes and items of the Huaiyang 2025 list (deploy/demo-data) the scenario uses.
    public enum Cast {
        public static let gasDept = "hy-urban"  // 区城管局, lead of HY-2025-04 城镇燃气安全综合监管
        public static let gasItem = "HY-2025-04"
        public static let foodDept = "hy-agri"  // 区农业农村局, lead of HY-2025-09 畜禽屠宰企业综合监管
        public static let foodItem = "HY-2025-09"
        /// The gas department's warning rule on credit downgrades (one per suite, reused by later runs).
        public static let downgradeRule = "gas-credit-downgrade"
        public static let correlationRule = "correlation"
    }

    let endpoints: ScenarioEndpoints
    let narrate: @Sendable (Narration) -> Void
    let logger: Logger

    public init(endpoints: ScenarioEndpoints, logger: Logger = Logger(label: "jg.scenario"), narrate: @escaping @Sendable (Narration) -> Void) {
        self.endpoints = endpoints
        self.narrate = narrate
        self.logger = logger
    }

    /// Runs every step against the suite; throws `ScenarioError` at the first step that does not turn out as it
    /// should. The tokens it issued are revoked in every case.
    public func run(now: Date = Date()) async throws -> ScenarioSummary {
        let transport = try AsyncMDPClient(context: try ZMQContext(), endpoint: endpoints.gateway, logger: logger, curve: endpoints.curve)
        defer { transport.shutdown() }
        var run = ScenarioRun(scenario: self, transport: transport, now: now)
        do {
            try await run.all()
        } catch {
            await run.revokeTokens()
            throw error
        }
        await run.revokeTokens()
        return run.summary
    }
}
