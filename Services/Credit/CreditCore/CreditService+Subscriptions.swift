import Messages
import ServiceRunner

extension CreditService {
    /// Inspection results and concluded clues become credit records, exactly once (the runner's inbox cursor).
    public func subscriptions(_ subscriptions: inout Subscriptions) {
        subscriptions.on("inspection.result.published") { envelope, db, outbox in
            guard let event = try? envelope.event.decode(M.InspectionResultPublished.self),
                let draft = EventMapping.record(from: event, fallbackDay: calendar.today)
            else { return }
            _ = try add(draft, db, outbox, traceId: envelope.traceId)
        }
        subscriptions.on("referral.clue.concluded") { envelope, db, outbox in
            guard let event = try? envelope.event.decode(M.ClueConcluded.self), let draft = EventMapping.record(from: event, fallbackDay: calendar.today)
            else { return }
            _ = try add(draft, db, outbox, traceId: envelope.traceId)
        }
    }
}
