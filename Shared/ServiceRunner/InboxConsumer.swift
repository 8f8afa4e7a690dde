import Bus
import Foundation
import Logging
import Messages
import ServiceLifecycle
import Store
import Synchronization

/// Applies the events a service subscribes to exactly once, catching up over `events.since` at start, on any
/// gap, and every `JG_CATCHUP_MS` for each source that has gone quiet (DESIGN §3.3). PUB/SUB may drop; nothing
/// is lost.
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
        /// Deliveries are waiting in the buffer.
        case deliveries
        case tick
    }

    public func run() async throws {
        let (inputs, continuation) = AsyncStream.makeStream(of: Input.self)
        let sources = Set(subscriptions.sources)
        // What arrived while the last batch was being applied is applied next, all in one transaction: under load
        // the commits grow instead of queueing up; when quiet each event is a batch of one.
        let buffer = DeliveryBuffer()
        let decoder = ReceivedEvent.decoder(for: subscriptions)
        // Shutdown cancels the loop; a store call interrupted by it (GRDB checks cancellation) is not a failure.
        do {
        try await cancelWhenGracefulShutdown {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask {
                    for await delivery in subscriber.deliveries {
                        if buffer.add(delivery) { continuation.yield(.deliveries) }
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        continuation.yield(.tick)
                        try? await Task.sleep(for: .milliseconds(catchUpIntervalMs))
                    }
                }
                // One consumer loop: cursor checks and catch-ups never interleave.
                // Sources heard from live since the last tick: a loss among their events shows as a gap when the
                // next one arrives, so the periodic catch-up is only for the quiet ones (whose last events may
                // have been dropped). Asking a busy source would fetch again the backlog already in the buffer.
                var heard: Set<String> = []
                for await input in inputs {
                    switch input {
                    case .tick:
                        for source in sources.sorted() where !heard.contains(source) { await catchUp(source) }
                        heard.removeAll()
                    case .deliveries:
                        let deliveries = buffer.takeAll()
                        var events: [ReceivedEvent] = []
                        for delivery in deliveries {
                            guard let event = try? decoder.decode(ReceivedEvent.self, from: delivery.envelope), sources.contains(event.source) else {
                                logger.warning("undecodable event dropped", metadata: ["jg.topic": "\(delivery.topic)"])
                                continue
                            }
                            events.append(event)
                            heard.insert(event.source)
                        }
                        for source in await apply(events) { await catchUp(source) }
                    }
                }
                group.cancelAll()
            }
        }
        } catch is CancellationError {}
        continuation.finish()
        subscriber.stop()
    }

    /// Applies the events in one transaction; if one of them fails, one by one so that the others still land (the
    /// failed one is retried on the next catch-up). Returns the sources that showed a gap.
    func apply(_ events: [ReceivedEvent]) async -> Set<String> {
        guard !events.isEmpty else { return [] }
        var gaps: Set<String> = []
        func record(_ event: ReceivedEvent, _ outcome: InboxOutcome) {
            switch outcome {
            case .applied:
                if case .undecodable(let reason) = event.payload {
                    logger.warning(
                        "event skipped: its payload is not what the subscription expects",
                        metadata: ["jg.topic": "\(event.topic)", "jg.seq": "\(event.seq)", "jg.source": "\(event.source)", "jg.error": "\(reason)"])
                }
                logger.info("event applied", metadata: ["jg.topic": "\(event.topic)", "jg.seq": "\(event.seq)", "jg.trace": "\(event.traceId ?? "")"])
            case .gap: gaps.insert(event.source)
            case .duplicate: break
            }
        }
        do {
            for (event, outcome) in zip(events, try await subscriptions.apply(events, to: database)) { record(event, outcome) }
        } catch {
            for event in events {
                do {
                    record(event, try await subscriptions.apply(event, to: database))
                } catch {
                    logger.error("event not applied; will retry on catch-up", metadata: ["jg.topic": "\(event.topic)", "jg.error": "\(error)"])
                }
            }
        }
        return gaps
    }

    /// Fetches and applies everything `source` published after our cursor.
    func catchUp(_ source: String) async {
        do {
            while true {
                let cursor = try await database.inboxCursors()[source] ?? 0
                let batch = try await bus.call(
                    source, "events.since", SystemMessages.EventsSince(after: cursor, limit: 500), as: ReceivedBatch.self,
                    decoder: ReceivedEvent.decoder(for: subscriptions))
                let gaps = await apply(batch.events)
                // A gap right after fetching from the cursor, or an event that failed: try again on the next tick.
                if batch.events.count < 500 || gaps.contains(source) { return }
            }
        } catch {
            logger.debug("catch-up postponed", metadata: ["jg.source": "\(source)", "jg.error": "\(error)"])
        }
    }
}

/// An `events.since` reply (`SystemMessages.EventBatch`) with each payload typed as it is parsed.
struct ReceivedBatch: Decodable, Sendable {
    let events: [ReceivedEvent]
}

/// Deliveries waiting for the consumer loop.
final class DeliveryBuffer: Sendable {
    private let pending = Mutex<[EventSubscriber.Delivery]>([])

    /// Adds one; true when the buffer was empty (the loop must be told).
    func add(_ delivery: EventSubscriber.Delivery) -> Bool {
        pending.withLock { pending in
            defer { pending.append(delivery) }
            return pending.isEmpty
        }
    }

    func takeAll() -> [EventSubscriber.Delivery] {
        pending.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
    }
}
