import Foundation
import Synchronization

/// Where the warning service reads the time: the system clock in production, a `ManualClock` in tests, so that
/// deadlines and escalation can be checked without waiting.
public protocol WarningClock: Sendable {
    /// Milliseconds since 1970 (UTC).
    func now() -> Int64
}

/// The real time.
public struct SystemWarningClock: WarningClock {
    public init() {}
    public func now() -> Int64 { Timestamp.milliseconds(Date()) }
}

/// A clock that moves only when told to (tests, benchmarks).
public final class ManualClock: WarningClock {
    private let current: Mutex<Int64>

    public init(_ start: Int64 = Timestamp.milliseconds(Date())) { current = Mutex(start) }

    public func now() -> Int64 { current.withLock { $0 } }

    public func advance(seconds: Int64) { current.withLock { $0 += seconds * 1_000 } }

    public func set(_ ms: Int64) { current.withLock { $0 = ms } }
}
