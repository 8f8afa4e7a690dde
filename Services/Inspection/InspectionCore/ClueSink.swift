import Bus
import Foundation
import Messages
import Synchronization

/// Where a clue for another department goes (referral's `clues.register`). Failures are retried from the
/// `pending_referrals` table, so an implementation only has to report them.
public protocol ClueSink: Sendable {
    /// Registers one clue; returns the clue id referral assigned, if it says.
    func register(_ clue: InspectionMessages.ClueRegistration) async throws -> String?
}

/// Registers clues with the referral service over the bus (one attempt; the queue retries).
public struct BusClueSink: ClueSink {
    let bus: BusClient

    public init(bus: BusClient) {
        var bus = bus
        bus.retries = 0
        self.bus = bus
    }

    public func register(_ clue: InspectionMessages.ClueRegistration) async throws -> String? {
        let reply = try await bus.call("referral", "clues.register", clue, as: JSONValue.self)
        return reply["clueId"]?.stringValue ?? reply["id"]?.stringValue ?? reply["clue"]?["id"]?.stringValue
    }
}

/// Keeps clues in memory: for tests and for running without referral. `available = false` makes it fail like an
/// unreachable referral service.
public final class InMemoryClueSink: ClueSink {
    private struct State {
        var clues: [InspectionMessages.ClueRegistration] = []
        var available = true
    }

    private let state = Mutex(State())

    public init() {}

    public var registered: [InspectionMessages.ClueRegistration] { state.withLock { $0.clues } }

    public func setAvailable(_ available: Bool) { state.withLock { $0.available = available } }

    public func register(_ clue: InspectionMessages.ClueRegistration) async throws -> String? {
        try state.withLock { state in
            guard state.available else { throw CommonError.unavailable("referral is unavailable (in-memory sink switched off)") }
            // Referral dedupes on sourceRef; so does this stand-in.
            if let index = state.clues.firstIndex(where: { $0.sourceRef == clue.sourceRef }) { return "clue-\(index + 1)" }
            state.clues.append(clue)
            return "clue-\(state.clues.count)"
        }
    }
}
