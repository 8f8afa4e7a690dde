import Foundation
import Logging
import Messages

/// What a handler knows about the request it serves, besides its parameters.
public struct RequestContext: Sendable {
    public var id: String
    public var method: String
    public var actor: Actor?
    public var traceId: String?
    /// Monotonic milliseconds after which the caller no longer waits.
    public var deadlineMs: Int64?
    public var logger: Logger
}
