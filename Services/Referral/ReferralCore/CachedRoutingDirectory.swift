import Foundation
import Synchronization

/// Keeps another directory's answers (found or not) for a while, so registering a burst of clues asks the catalog
/// once per item and domain. Failures are not cached.
public final class CachedRoutingDirectory: RoutingDirectory {
    struct Cached<Value: Sendable>: Sendable {
        var value: Value
        var until: Date
    }

    let base: any RoutingDirectory
    let ttl: TimeInterval
    let now: @Sendable () -> Date
    private let itemCache = Mutex<[String: Cached<RoutingEntry?>]>([:])
    private let domainCache = Mutex<[String: Cached<[RoutingEntry]>]>([:])

    public init(base: any RoutingDirectory, ttl: TimeInterval, now: @escaping @Sendable () -> Date = { Date() }) {
        self.base = base
        self.ttl = ttl
        self.now = now
    }

    public func item(code: String) async throws -> RoutingEntry? {
        let time = now()
        if let hit = itemCache.withLock({ $0[code] }), hit.until > time { return hit.value }
        let value = try await base.item(code: code)
        itemCache.withLock { $0[code] = Cached(value: value, until: time.addingTimeInterval(ttl)) }
        return value
    }

    public func items(domain: String) async throws -> [RoutingEntry] {
        let time = now()
        if let hit = domainCache.withLock({ $0[domain] }), hit.until > time { return hit.value }
        let value = try await base.items(domain: domain)
        domainCache.withLock { $0[domain] = Cached(value: value, until: time.addingTimeInterval(ttl)) }
        return value
    }
}
