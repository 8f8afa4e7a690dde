import Foundation
import Synchronization

/// A token bucket per caller (token id, or "anonymous"): `rate` requests per second, bursts up to twice that.
public final class RateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private let rate: Double
    private let burst: Double
    private let buckets = Mutex<[String: Bucket]>([:])

    /// `rate` 0 turns limiting off.
    public init(ratePerSecond: Int) {
        rate = Double(ratePerSecond)
        burst = Double(ratePerSecond) * 2
    }

    /// Takes one request from `key`'s bucket; false when it is empty.
    public func allow(_ key: String, now: Double = Double(DispatchTime.now().uptimeNanoseconds) / 1e9) -> Bool {
        guard rate > 0 else { return true }
        return buckets.withLock { table in
            var bucket = table[key] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated) * rate)
            bucket.updated = now
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            table[key] = bucket
            return allowed
        }
    }
}
