import GRDB
import Messages
import ServiceRunner

extension CreditService {
    /// Inspection results and concluded clues become credit records, exactly once (the runner's inbox cursor);
    /// catalog's item events keep the item → domain map that gives inspection records their domain.
    public func subscriptions(_ subscriptions: inout Subscriptions) {
        subscriptions.on("inspection.result.published", as: M.InspectionResultPublished.self) { event, envelope, db, outbox in
            var event = event
            if event.domain == nil, let item = event.item {
                event.domain = try String.fetchOneCached(db, sql: "SELECT domain FROM credit_item_domains WHERE code = ?", arguments: [item])
            }
            guard let draft = EventMapping.record(from: event, fallbackDay: calendar.today) else { return }
            _ = try add(draft, db, outbox, traceId: envelope.traceId)
        }
        for topic in ["catalog.item.published", "catalog.item.amended"] {
            subscriptions.on(topic, as: ItemDomain.self) { event, _, db, _ in
                guard let code = event.item.code, let domain = event.item.domain, !code.isEmpty, !domain.isEmpty else { return }
                try db.execute(
                    sql: "INSERT INTO credit_item_domains (code, domain) VALUES (?, ?) ON CONFLICT(code) DO UPDATE SET domain = excluded.domain",
                    arguments: [code, domain])
            }
        }
        subscriptions.on("referral.clue.concluded", as: M.ClueConcluded.self) { event, envelope, db, outbox in
            guard let draft = EventMapping.record(from: event, fallbackDay: calendar.today) else { return }
            _ = try add(draft, db, outbox, traceId: envelope.traceId)
        }
    }
}

/// The part of catalog's item events credit keeps: which domain an item belongs to.
private struct ItemDomain: Decodable, Sendable {
    struct Item: Decodable, Sendable {
        var code: String?
        var domain: String?
    }
    var item: Item
}
