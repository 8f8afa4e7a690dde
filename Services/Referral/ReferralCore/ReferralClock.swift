import Foundation
import Synchronization

/// The referral service's notion of now: the real clock, or a set instant (tests, demos) that can be moved forward.
///
/// Deadlines, the overdue check and every timestamp the service writes read it, so a test can register a clue,
/// move the clock past its deadline and run the overdue check.
public final class ReferralClock: Sendable {
    private let fixed: Mutex<Date?>

    /// - Parameter fixed: a set instant; nil follows the real clock.
    public init(fixed: Date? = nil) {
        self.fixed = Mutex(fixed)
    }

    public var now: Date { fixed.withLock { $0 } ?? Date() }

    /// Stops the clock at `date`.
    public func set(_ date: Date) { fixed.withLock { $0 = date } }

    /// Moves a set clock forward (or sets it to the real now plus `interval`).
    public func advance(by interval: TimeInterval) {
        fixed.withLock { $0 = ($0 ?? Date()).addingTimeInterval(interval) }
    }

    /// Back to the real clock.
    public func release() { fixed.withLock { $0 = nil } }

    /// The ISO-8601 UTC timestamp of now, as written on the wire and in the store.
    public var timestamp: String { Self.format(now) }

    public static func format(_ date: Date) -> String { Date.ISO8601FormatStyle().format(date) }

    /// Parses an ISO-8601 timestamp (with or without fractional seconds) or a plain `YYYY-MM-DD` (midnight UTC+8).
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        return WorkingCalendar.start(of: text)
    }
}
