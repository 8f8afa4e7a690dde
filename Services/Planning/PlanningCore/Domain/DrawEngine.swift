import Crypto
import Messages

/// The verifiable random draw (双随机, DESIGN §4): the two selection methods, strata with their ceiling counts, and
/// the pool digest. Pure functions of their inputs; the README’s “Draw rules” says how to redo each by hand.
public enum DrawEngine {
    /// RFC 3797 picks are numbered with two bytes.
    public static let maxRFC3797Selections = 65_535

    // MARK: Selection over one stratum

    /// Draws `count` of `pool` (in the pool's given order) with `method`; the result is in selection order.
    public static func select(
        method: PlanningMessages.DrawMethod, key: String, pool: [String], count: Int, stratum: String = "all"
    ) throws -> [String] {
        guard count >= 0 else { throw PlanningError.invalidField(field: "params.count", "must be 0 or more, got \(count)") }
        guard count <= pool.count else { throw PlanningError.countExceedsPool(count: count, pool: pool.count) }
        switch method {
        case .rfc3797: return try rfc3797(key: key, pool: pool, count: count).map { pool[$0] }
        case .sha256Rank: return sha256Rank(key: key, stratum: stratum, pool: pool, count: count).map { pool[$0] }
        }
    }

    /// RFC 3797 §4: for pick i, h = MD5(i₂ ‖ key ‖ i₂) with i as 2 bytes big-endian; take the (h mod remaining)-th
    /// (0-based) entry of the pool not yet taken, in pool order. Returns pool positions in pick order.
    static func rfc3797(key: String, pool: [String], count: Int) throws -> [Int] {
        guard count <= maxRFC3797Selections else { throw PlanningError.tooManySelections(count) }
        let keyBytes = Array(key.utf8)
        var remaining = OrderStatistics(count: pool.count)
        var picks: [Int] = []
        picks.reserveCapacity(count)
        for i in 0..<count {
            let prefix = [UInt8(i >> 8), UInt8(i & 0xFF)]
            var md5 = Insecure.MD5()
            md5.update(data: prefix)
            md5.update(data: keyBytes)
            md5.update(data: prefix)
            let r = Digests.bigEndianModulo(md5.finalize(), pool.count - i)
            picks.append(remaining.removeElement(at: r))
        }
        return picks
    }

    /// rank(c) = SHA-256(key ‖ "|" ‖ stratum ‖ "|" ‖ c) as a 256-bit big-endian number; the `count` lowest, ascending.
    /// Returns pool positions in ascending rank.
    static func sha256Rank(key: String, stratum: String, pool: [String], count: Int) -> [Int] {
        guard count > 0 else { return [] }
        let ranks = Digests.ranks(prefix: "\(key)|\(stratum)|", of: pool)
        var order = Array(0..<pool.count)
        if count < pool.count / 8 {
            // Keep the lowest `count` with a bounded max-heap, then sort those: O(n log count).
            var heap = BoundedMaxHeap(capacity: count, ranks: ranks)
            for index in order { heap.offer(index) }
            order = heap.sortedAscending()
        } else {
            order.sort { ranks[$0] < ranks[$1] || (ranks[$0] == ranks[$1] && $0 < $1) }
        }
        return Array(order.prefix(count))
    }

    // MARK: Strata

    /// `ceil(ratio × size)`, computed on the ratio rounded to millionths so that 0.05 × 200 is exactly 10.
    public static func stratumCount(ratio: Double, size: Int) -> Int {
        let perMillion = Int((ratio * 1_000_000).rounded())
        return (perMillion * size + 999_999) / 1_000_000
    }

    /// A drawn sample: each stratum's size and count, and the ids drawn, stratum by stratum.
    public struct Sample: Sendable, Equatable {
        public var strata: [PlanningMessages.Stratum]
        public var selected: [String]
    }

    /// Draws every stratum of `ids` (parallel to `strata`, in pool order); strata run in ascending name order and
    /// `quota` gives each one's ratio and count from its name and size.
    public static func draw(
        method: PlanningMessages.DrawMethod, key: String, ids: [String], strata: [String],
        quota: (_ stratum: String, _ size: Int) throws -> PlanningMessages.Stratum
    ) throws -> Sample {
        var members: [String: [String]] = [:]
        for (id, stratum) in zip(ids, strata) { members[stratum, default: []].append(id) }
        var sample = Sample(strata: [], selected: [])
        for name in members.keys.sorted(by: Digests.utf8Precedes) {
            let pool = members[name] ?? []
            let stratum = try quota(name, pool.count)
            sample.strata.append(stratum)
            sample.selected += try select(method: method, key: key, pool: pool, count: stratum.count, stratum: name)
        }
        return sample
    }
}

/// Positions still in the pool, with "the k-th remaining" and removal in O(log n) (a Fenwick tree of ones).
struct OrderStatistics {
    private var tree: [Int32]
    private let count: Int

    init(count: Int) {
        self.count = count
        tree = [0] + (1...max(count, 1)).map { Int32($0 & -$0) }
        if count == 0 { tree = [0] }
    }

    /// Removes and returns the original position of the `k`-th (0-based) remaining element.
    mutating func removeElement(at k: Int) -> Int {
        var position = 0
        var rest = Int32(k + 1)
        var step = 1
        while step * 2 <= count { step *= 2 }
        while step > 0 {
            let next = position + step
            if next <= count, tree[next] < rest {
                position = next
                rest -= tree[next]
            }
            step /= 2
        }
        var i = position + 1
        while i <= count {
            tree[i] -= 1
            i += i & -i
        }
        return position
    }
}

/// Keeps the `capacity` lowest-ranked positions seen (ties by position), for large pools and small counts.
struct BoundedMaxHeap {
    private var heap: [Int] = []
    private let capacity: Int
    private let ranks: [Rank]

    init(capacity: Int, ranks: [Rank]) {
        self.capacity = capacity
        self.ranks = ranks
        heap.reserveCapacity(capacity)
    }

    private func above(_ a: Int, _ b: Int) -> Bool { ranks[a] > ranks[b] || (ranks[a] == ranks[b] && a > b) }

    mutating func offer(_ index: Int) {
        if heap.count < capacity {
            heap.append(index)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard above(heap[child], heap[parent]) else { break }
                heap.swapAt(child, parent)
                child = parent
            }
        } else if let top = heap.first, above(top, index) {
            heap[0] = index
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var largest = parent
                if left < heap.count, above(heap[left], heap[largest]) { largest = left }
                if right < heap.count, above(heap[right], heap[largest]) { largest = right }
                if largest == parent { break }
                heap.swapAt(parent, largest)
                parent = largest
            }
        }
    }

    func sortedAscending() -> [Int] {
        heap.sorted { ranks[$0] < ranks[$1] || (ranks[$0] == ranks[$1] && $0 < $1) }
    }
}
