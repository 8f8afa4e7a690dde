import Bus
import Foundation
import Logging
import Messages
import ServiceLifecycle
import Store

/// Publishes committed outbox rows to the event hub, in order, remembering how far it got (DESIGN §3.3).
///
/// Woken by every commit that appended events, and every second regardless. A row published twice (after a
/// crash between publishing and saving the position) is harmless: subscribers drop what their cursor has seen.
public struct OutboxRelay: Service {
    let database: ServiceDatabase
    let publisher: EventPublisher
    let logger: Logger

    public init(database: ServiceDatabase, publisher: EventPublisher, logger: Logger) {
        self.database = database
        self.publisher = publisher
        self.logger = logger
    }

    public func run() async throws {
        let (signals, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        database.onEventsCommitted { continuation.yield() }
        let start = try await database.relayPosition()
        // Shutdown cancels the loop; a store call interrupted by it (GRDB checks cancellation) is not a failure.
        do {
        try await cancelWhenGracefulShutdown {
            var position = start
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(1))
                        continuation.yield()
                    }
                }
                for await _ in signals {
                    while true {
                        let batch = try await database.publishable(after: position, limit: 1_000)
                        guard let last = batch.last else { break }
                        for event in batch { publisher.publish(topic: event.topic, envelope: event.envelope) }
                        position = last.seq
                        try await database.setRelayPosition(position)
                        if batch.count < 1_000 { break }
                    }
                }
                group.cancelAll()
            }
        }
        } catch is CancellationError {}
        continuation.finish()
        publisher.stop()
    }
}
