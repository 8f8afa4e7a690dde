import Bus
import Foundation
import Logging
import Messages
import ServiceLifecycle
import Store

/// Applies the events a service subscribes to exactly once, catching up over `events.since` at start, on any
/// gap, and every `JG_CATCHUP_MS` (DESIGN §3.3). PUB/SUB may drop; nothing is lost.
public struct InboxConsumer: Service {
    let database: ServiceDatabase
    let subscriptions: Subscriptions
    let subscriber: EventSubscriber
    let bus: BusClient
    let catchUpIntervalMs: Int64
    let logger: Logger

    public init(
        database: ServiceDatabase, subscriptions: Subscriptions, subscriber: EventSubscriber, bus: BusClient, catchUpIntervalMs: Int64, logger: Logger
    ) {
        self.database = database
        self.subscriptions = subscriptions
        self.subscriber = subscriber
        self.bus = bus
        self.catchUpIntervalMs = catchUpIntervalMs
        self.logger = logger
    }

    enum Input: Sendable {
        case delivery(EventSubscriber.Delivery)
        case tick
    }

    public func run() async throws {
        let (inputs, continuation) = AsyncStream.makeStream(of: Input.self)
        let sources = Set(subscriptions.sources)
        // Shutdown cancels the loop; a store call interrupted by it (GRDB checks cancellation) is not a failure.
        do {
        try await cancelWhenGracefulShutdown {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask {
                    for await delivery in subscriber.deliveries { continuation.yield(.delivery(delivery)) }
                }
                group.addTask {
                    while !Task.isCancelled {
                        continuation.yield(.tick)
                        try? await Task.sleep(for: .milliseconds(catchUpIntervalMs))
                    }
                }
                // One consumer loop: cursor checks and catch-ups never interleave.
                for await input in inputs {
                    switch input {
                    case .tick:
                        for source in sources.sorted() { await catchUp(source) }
                    case .delivery(let delivery):
                        guard let event = try? Wire.decode(EventEnvelope.self, from: delivery.envelope), sources.contains(event.source) else {
                            logger.warning("undecodable event dropped", metadata: ["jg.topic": "\(delivery.topic)"])
                            continue
                        }
                        do {
                            if case .gap = try await apply(event) { await catchUp(event.source) }
                        } catch {
                            logger.error("event not applied; will retry on catch-up", metadata: ["jg.topic": "\(event.topic)", "jg.error": "\(error)"])
                        }
                    }
                }
                group.cancelAll()
            }
        }
        } catch is CancellationError {}
        continuation.finish()
        subscriber.stop()
    }

    func apply(_ event: EventEnvelope) async throws -> InboxOutcome {
        let outcome = try await subscriptions.apply(event, to: database)
        if outcome == .applied {
            logger.info("event applied", metadata: ["jg.topic": "\(event.topic)", "jg.seq": "\(event.seq)", "jg.trace": "\(event.traceId ?? "")"])
        }
        return outcome
    }

    /// Fetches and applies everything `source` published after our cursor.
    func catchUp(_ source: String) async {
        do {
            while true {
                let cursor = try await database.inboxCursors()[source] ?? 0
                let batch = try await bus.call(source, "events.since", SystemMessages.EventsSince(after: cursor, limit: 500), as: SystemMessages.EventBatch.self)
                for event in batch.events { _ = try await apply(event) }
                if batch.events.count < 500 { return }
            }
        } catch {
            logger.debug("catch-up postponed", metadata: ["jg.source": "\(source)", "jg.error": "\(error)"])
        }
    }
}
