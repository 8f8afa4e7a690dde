import Messages

/// The second random draw: inspectors for every drawn entity (see the README’s “Draw rules”).
///
/// 1. The roster (active inspectors of the plan's departments, ascending id) is put in a random order with the
///    draw's key and method: `sha256-rank` orders by SHA-256(key | "inspectors" | id); `rfc3797` orders by RFC 3797
///    picks of the whole roster.
/// 2. For each drawn entity, in assignment order, the k inspectors lowest by (load so far, roster position) who
///    have no declared conflict with it are taken; each one's load goes up by 1.
///
/// So the work goes round the roster in its random order (loads never differ by more than one, apart from
/// avoidance), and an inspector passed over for a conflict is first in line for the next entity.
public enum InspectorAssignment {
    public static let rosterStratum = "inspectors"

    /// The roster in its random order.
    public static func order(
        roster: [PlanningMessages.InspectorRef], method: PlanningMessages.DrawMethod, key: String
    ) throws -> [PlanningMessages.InspectorRef] {
        let ids = roster.map(\.id)
        let positions: [Int]
        switch method {
        case .sha256Rank: positions = DrawEngine.sha256Rank(key: key, stratum: rosterStratum, pool: ids, count: ids.count)
        case .rfc3797: positions = try DrawEngine.rfc3797(key: key, pool: ids, count: ids.count)
        }
        return positions.map { roster[$0] }
    }

    /// The inspectors of each of `entities`, in the same order.
    ///
    /// - Parameter conflicts: for each entity, the ids of inspectors who must not inspect it.
    public static func assign(
        entities: [String], roster: [PlanningMessages.InspectorRef], conflicts: [String: Set<String>], perEntity: Int,
        method: PlanningMessages.DrawMethod, key: String
    ) throws -> [[PlanningMessages.InspectorRef]] {
        let ordered = try order(roster: roster, method: method, key: key)
        let n = max(ordered.count, 1)
        // One integer per inspector: load × n + roster position, so the smallest is the next in line.
        var heap = MinHeap(ordered.indices.map { $0 })
        var result: [[PlanningMessages.InspectorRef]] = []
        result.reserveCapacity(entities.count)
        for entity in entities {
            let avoid = conflicts[entity] ?? []
            var chosen: [Int] = []
            var passed: [Int] = []
            while chosen.count < perEntity, let next = heap.popMin() {
                if avoid.contains(ordered[next % n].id) { passed.append(next) } else { chosen.append(next) }
            }
            guard chosen.count == perEntity else {
                throw PlanningError.notEnoughInspectors(entityId: entity, eligible: chosen.count, needed: perEntity)
            }
            for value in passed { heap.push(value) }
            for value in chosen { heap.push(value + n) }
            result.append(chosen.map { ordered[$0 % n] })
        }
        return result
    }
}

/// A binary min-heap of integers.
struct MinHeap {
    private var values: [Int]

    init(_ values: [Int]) {
        self.values = values.sorted()
    }

    mutating func push(_ value: Int) {
        values.append(value)
        var child = values.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard values[child] < values[parent] else { break }
            values.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popMin() -> Int? {
        guard let first = values.first else { return nil }
        let last = values.removeLast()
        if !values.isEmpty {
            values[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < values.count, values[left] < values[smallest] { smallest = left }
                if right < values.count, values[right] < values[smallest] { smallest = right }
                if smallest == parent { break }
                values.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return first
    }
}
