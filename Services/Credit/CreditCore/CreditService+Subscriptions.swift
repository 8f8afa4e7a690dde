import GRDB
import Messages
import ServiceRunner

extension CreditService {
    /// Inspection results and concluded clues become credit records, exactly once (the runner's inbox cursor);
    /// catalog's item events keep the item → domain map that gives inspection records their domain.
    public func subscriptions(_ subscriptions: inout Subscriptions) {
        subscriptions.on("inspection.result.published") { envelope, db, outbox in
            guard var event = try? envelope.event.decode(M.InspectionResultPublished.self) else { return }
            if event.domain == nil, let item = event.item {
                event.domain = try String.fetchOneCached(db, sql: "SELECT domain FROM credit_item_domains WHERE code = ?", arguments: [item])
            }
            guard let draft = EventMapping.record(from: event, fallbackDay: calendar.today) else { return }
            _ = try add(draft, db, outbox, traceId: envelope.traceId)
        }
        for topic in ["catalog.item.published", "catalog.item.amended"] {
            subscriptions.on(topic) { envelope, db, _ in
                guard let code = envelope.event["item"]?["code"]?.stringValue, let domain = envelope.event["item"]?["domain"]?.stringValue,
                    !code.isEmpty, !domain.isEmpty
                else { return }
                try db.execute(
                    sql: "INSERT INTO credit_item_domains (code, domain) VALUES (?, ?) ON CONFLICT(code) DO UPDATE SET domain = excluded.domain",
                    arguments: [code, domain])
            }
        }
        subscriptions.on("referral.clue.concluded") { envelope, db, outbox in
            guard let event = try? envelope.event.decode(M.ClueConcluded.self), let draft = EventMapping.record(from: event, fallbackDay: calendar.today)
            else { return }
            _ = try add(draft, db, outbox, traceId: envelope.traceId)
        }
    }
}
