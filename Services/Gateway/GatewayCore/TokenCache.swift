import Foundation
import Messages
import ServiceRunner
import Synchronization

/// The live tokens, by SHA-256 digest, in memory: consulted on every request, updated in the same process the
/// moment a token is issued or revoked (so a revoked token is refused at once).
public final class TokenCache: Sendable {
    public struct Entry: Sendable, Hashable {
        public var id: String
        public var actor: Actor

        public init(id: String, actor: Actor) {
            self.id = id
            self.actor = actor
        }
    }

    private let entries = Mutex<[String: Entry]>([:])

    public init() {}

    public func replaceAll(_ byDigest: [String: Entry]) { entries.withLock { $0 = byDigest } }
    public func add(digest: String, _ entry: Entry) { entries.withLock { $0[digest] = entry } }
    public func remove(id: String) { entries.withLock { table in table = table.filter { $0.value.id != id } } }

    /// The token's holder, or nil for an unknown or revoked token.
    public func lookup(_ token: String) -> Entry? {
        let digest = SuiteToken.digest(token)
        return entries.withLock { $0[digest] }
    }
}
