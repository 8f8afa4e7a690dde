import GRDB
import Messages
import Foundation

/// A rule reaching its threshold for one entity at one signal.
struct Firing: Sendable {
    var rule: RuleDefinition
    var entity: String
    var uscc: String?
    var site: String?
    var domain: String?
    var value: Double
    /// The window is (`windowStart`, `at`]: a signal exactly one window old no longer counts.
    var windowStart: Int64
    var at: Int64
}

/// Evaluates the rules in force against incoming signals, in memory and incrementally.
///
/// Design (for ≥ 50,000 readings/s against 100 rules):
/// - rules are indexed by the stream they read (`m:<metric>`, `k:<kind>`, `*`), so a reading meets only the rules of
///   its metric and kind;
/// - each (entity, stream) keeps its recent signals in time order, trimmed to the longest window of its rules;
/// - each (rule, entity) keeps a sliding-window aggregate (count, sum, max, sources) advanced by two pointers: a new
///   signal is added, signals that fell out of the window are subtracted — O(1) amortised per signal and rule.
///
/// The state mirrors the `signals` and `rules` tables: it is rebuilt from them on first use, after a rolled-back
/// transaction, and after a rule change that needs a stream or a longer history than memory holds. It is only
/// touched inside write transactions, which the database runs one at a time.
final class RuleEngine: @unchecked Sendable {
    // @unchecked: `state` and `rulesStale` are only read and written under `lock`. (A `Mutex` cannot hold the state
    // here: evaluation passes it and the non-Sendable `Database` to the same calls, which region checking refuses.)
    private let lock = NSLock()
    private var state: EngineState?
    private var rulesStale = false

    init() {}

    /// Brings the memory up to date with the store, then runs `store` (which inserts the batch and returns the signals
    /// that were new), adds those to the windows and returns them with the firings, in signal order. Loading before
    /// storing keeps the batch from being counted twice (once replayed, once observed). Registers with the transaction
    /// so that a rollback discards the in-memory changes too.
    func observe(_ db: Database, storing store: () throws -> [SignalDraft]) throws -> (fresh: [SignalDraft], firings: [Firing]) {
        db.afterNextTransaction(onCommit: { _ in }, onRollback: { [self] _ in invalidate() })
        lock.lock()
        defer { lock.unlock() }
        let current: EngineState
        if let existing = state {
            current = existing
            if rulesStale { try current.reloadRules(db) }
        } else {
            current = try EngineState.load(db)
        }
        state = current
        rulesStale = false
        let fresh = try store()
        var firings: [Firing] = []
        for signal in fresh { current.observe(signal, into: &firings) }
        return (fresh, firings)
    }

    /// Call inside a transaction that changes rules: once it commits, the next evaluation reads the rules again.
    func rulesChanged(db: Database) {
        db.afterNextTransaction(onCommit: { [self] _ in
            lock.lock()
            rulesStale = true
            lock.unlock()
        })
    }

    /// Forgets everything; the next evaluation rebuilds from the database.
    func invalidate() {
        lock.lock()
        state = nil
        rulesStale = false
        lock.unlock()
    }
}

/// The rules in force, indexed by the stream each reads, with how long each stream must remember.
struct RuleSet {
    var rules: [RuleDefinition]
    var byStream: [String: [Int]] = [:]
    var retention: [String: Int64] = [:]
    // Per rule index, so the hot loop reads numbers instead of copying rule values.
    var windows: [Int64]
    var thresholds: [Double]
    var aggregates: [WarningMessages.Aggregate]

    init(_ rules: [RuleDefinition]) {
        self.rules = rules
        windows = rules.map(\.windowMs)
        thresholds = rules.map(\.rule.threshold)
        aggregates = rules.map(\.rule.indicator.aggregate)
        for (index, rule) in rules.enumerated() {
            byStream[rule.streamKey, default: []].append(index)
            retention[rule.streamKey] = max(retention[rule.streamKey] ?? 0, rule.windowMs)
        }
    }
}

/// The sliding-window aggregate of one rule over one entity's stream: signals at absolute positions
/// `start…end` that match the rule.
struct WindowState {
    var start: Int
    var end: Int
    var count = 0
    var sum = 0.0
    var max = -Double.infinity
    var maxValid = true
    var sources: [Int32: Int] = [:]

    func value(_ aggregate: WarningMessages.Aggregate) -> Double {
        switch aggregate {
        case .count: Double(count)
        case .sum: sum
        case .max: max
        case .distinctSources: Double(sources.count)
        }
    }
}

/// One entity's recent signals of one stream, in time order. Positions are absolute (`base` counts trimmed ones), so
/// window states survive trimming.
final class SignalStream {
    var times: [Int64] = []
    var values: [Double] = []
    var attributes: [Int32] = []
    var base = 0
    var states: [Int: WindowState] = [:]

    var endIndex: Int { base + times.count }

    @inline(__always) func time(_ position: Int) -> Int64 { times[position - base] }
    @inline(__always) func value(_ position: Int) -> Double { values[position - base] }
    @inline(__always) func attribute(_ position: Int) -> Int32 { attributes[position - base] }

    /// Adds a signal in time order; returns its position. A late signal (older than the newest) is inserted in place
    /// and every window state of the stream is recomputed when next used.
    func insert(time: Int64, value: Double, attribute: Int32) -> Int {
        if let last = times.last, time < last {
            var low = 0
            var high = times.count
            while low < high {
                let mid = (low + high) / 2
                if times[mid] <= time { low = mid + 1 } else { high = mid }
            }
            times.insert(time, at: low)
            values.insert(value, at: low)
            attributes.insert(attribute, at: low)
            states.removeAll()
            return base + low
        }
        times.append(time)
        values.append(value)
        attributes.append(attribute)
        return base + times.count - 1
    }

    /// The first position whose time is after `time`.
    func firstPosition(after time: Int64, upTo end: Int) -> Int {
        var low = base
        var high = end + 1
        while low < high {
            let mid = (low + high) / 2
            if self.time(mid) <= time { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Forgets signals older than `retention` before the newest one (in chunks, to keep removal amortised).
    func trim(retention: Int64) {
        guard let last = times.last else { return }
        let cutoff = last - retention
        var drop = 0
        while drop < times.count, times[drop] <= cutoff { drop += 1 }
        guard drop > 0, drop >= 32 || drop * 2 >= times.count else { return }
        times.removeFirst(drop)
        values.removeFirst(drop)
        attributes.removeFirst(drop)
        base += drop
    }
}

/// The engine's memory: the rule set, one stream per (entity, stream key), and interned signal attributes.
final class EngineState {
    /// One entity's streams, by interned stream key.
    final class EntityStreams {
        var streams: [SignalStream?] = []
    }

    var rules: RuleSet
    var entities: [String: EntityStreams] = [:]
    /// Stream keys in use (`m:…`, `k:…`, `*`), interned to positions.
    var keyIndex: [String: Int] = [:]
    var keys: [String] = []
    var attributes: [SignalAttributes] = []
    var attributeIndex: [SignalAttributes: Int32] = [:]
    /// Per attribute: the interned stream keys it belongs to that some rule reads.
    var attributeKeys: [[Int]] = []
    var attributeSource: [Int32] = []
    var sourceIndex: [String: Int32] = [:]
    /// rule × attribute → 1 matches, 0 does not, -1 not yet known.
    var matchCache: [[Int8]] = []

    init(rules: RuleSet) {
        self.rules = rules
        matchCache = Array(repeating: [], count: rules.rules.count)
    }

    /// Per interned key: the rules that read it and how long it must remember (nil: no rule reads it), so the hot
    /// loop indexes arrays instead of hashing the key's text for every signal.
    var keyRules: [[Int]?] = []
    var keyRetention: [Int64?] = []

    /// The position of a stream key, interning it on first use.
    func key(_ text: String) -> Int {
        if let index = keyIndex[text] { return index }
        keyIndex[text] = keys.count
        keys.append(text)
        keyRules.append(rules.byStream[text])
        keyRetention.append(rules.retention[text])
        return keys.count - 1
    }

    static func load(_ db: Database) throws -> EngineState {
        let state = EngineState(rules: RuleSet(try RuleStore.enabledDefinitions(db)))
        try state.replay(db)
        return state
    }

    /// Re-reads the rules. Streams are kept when they already remember enough for the new rules; otherwise they are
    /// rebuilt from the stored signals. Window states are always recomputed.
    func reloadRules(_ db: Database) throws {
        let next = RuleSet(try RuleStore.enabledDefinitions(db))
        let coverable = next.retention.allSatisfy { key, window in (rules.retention[key] ?? -1) >= window }
        rules = next
        matchCache = Array(repeating: [], count: next.rules.count)
        keyRules = keys.map { next.byStream[$0] }
        keyRetention = keys.map { next.retention[$0] }
        // Which stream keys an attribute feeds depends on the rules: recompute.
        attributeKeys = attributes.map(streamKeys(of:))
        if coverable {
            for entity in entities.values {
                for stream in entity.streams { stream?.states.removeAll() }
            }
        } else {
            entities.removeAll()
            try replay(db)
        }
    }

    /// Loads the stored signals the rules' windows can still reach (relative to the newest signal).
    func replay(_ db: Database) throws {
        guard let longest = rules.retention.values.max(),
            let newest = try Int64.fetchOne(db, sql: "SELECT MAX(at_ms) FROM signals")
        else { return }
        let rows = try Row.fetchCursor(
            db,
            sql: "SELECT kind, source, entity, metric, value, items, domain, region, entity_kind, at_ms FROM signals WHERE at_ms > ? ORDER BY at_ms, seq",
            arguments: [newest - longest])
        while let row = try rows.next() {
            guard let kind = WarningMessages.SignalKind(rawValue: row[0]) else { continue }
            let attributes = SignalAttributes(
                kind: kind, source: row[1], metric: row[3], items: SignalStore.items(from: row[5]), domain: row[6], region: row[7], entityKind: row[8])
            let attribute = intern(attributes)
            let entity: String = row[2]
            for key in attributeKeys[Int(attribute)] {
                guard let retention = rules.retention[keys[key]] else { continue }
                let stream = self.stream(entity: entity, key: key)
                _ = stream.insert(time: row[9], value: row[4], attribute: attribute)
                stream.trim(retention: retention)
            }
        }
    }

    func stream(entity: String, key: Int) -> SignalStream { stream(of: streams(of: entity), key: key) }

    func streams(of entity: String) -> EntityStreams {
        if let known = entities[entity] { return known }
        let streams = EntityStreams()
        entities[entity] = streams
        return streams
    }

    func stream(of streams: EntityStreams, key: Int) -> SignalStream {
        if key >= streams.streams.count { streams.streams.append(contentsOf: repeatElement(nil, count: key - streams.streams.count + 1)) }
        if let stream = streams.streams[key] { return stream }
        let stream = SignalStream()
        streams.streams[key] = stream
        return stream
    }

    /// The interned keys of the streams an attribute feeds that some rule reads.
    func streamKeys(of attributes: SignalAttributes) -> [Int] {
        RuleDefinition.streamKeys(of: attributes).filter { rules.byStream[$0] != nil }.map(key)
    }

    func intern(_ attributes: SignalAttributes) -> Int32 {
        if let index = attributeIndex[attributes] { return index }
        let index = Int32(self.attributes.count)
        self.attributes.append(attributes)
        attributeIndex[attributes] = index
        attributeKeys.append(streamKeys(of: attributes))
        let source: Int32
        if let known = sourceIndex[attributes.source] {
            source = known
        } else {
            source = Int32(sourceIndex.count)
            sourceIndex[attributes.source] = source
        }
        attributeSource.append(source)
        return index
    }

    @inline(__always) func matches(rule: Int, attribute: Int32) -> Bool {
        let a = Int(attribute)
        if a < matchCache[rule].count {
            let known = matchCache[rule][a]
            if known >= 0 { return known == 1 }
        } else {
            matchCache[rule].append(contentsOf: repeatElement(-1, count: a - matchCache[rule].count + 1))
        }
        let result = rules.rules[rule].matches(attributes[a])
        matchCache[rule][a] = result ? 1 : 0
        return result
    }

    /// Adds one signal to its streams and evaluates the rules that read them.
    func observe(_ signal: SignalDraft, into firings: inout [Firing]) {
        let attribute = intern(signal.attributes)
        let keys = attributeKeys[Int(attribute)]
        guard !keys.isEmpty else { return }
        let streams = self.streams(of: signal.entity)
        for key in keys {
            guard let indices = keyRules[key], let retention = keyRetention[key] else { continue }
            let stream = self.stream(of: streams, key: key)
            let position = stream.insert(time: signal.at, value: signal.value, attribute: attribute)
            for index in indices where matches(rule: index, attribute: attribute) {
                let lower = signal.at - rules.windows[index]
                let value = evaluate(stream, rule: index, at: position, lower: lower)
                if value >= rules.thresholds[index] {
                    let rule = rules.rules[index]
                    firings.append(
                        Firing(
                            rule: rule, entity: signal.entity, uscc: signal.uscc, site: signal.site, domain: rule.rule.scope.domain ?? signal.domain,
                            value: value, windowStart: lower, at: signal.at))
                }
            }
            stream.trim(retention: retention)
        }
    }

    /// The rule's aggregate over (`lower`, time at `position`], advancing the stored window state when it can.
    func evaluate(_ stream: SignalStream, rule index: Int, at position: Int, lower: Int64) -> Double {
        let aggregate = rules.aggregates[index]
        let tracksSources = aggregate == .distinctSources
        var state: WindowState
        if var current = stream.states[index], current.start >= stream.base, current.end < position {
            for p in (current.end + 1)...position {
                let attribute = stream.attribute(p)
                guard matches(rule: index, attribute: attribute) else { continue }
                let value = stream.value(p)
                current.count += 1
                current.sum += value
                if value > current.max { current.max = value }
                if tracksSources { current.sources[attributeSource[Int(attribute)], default: 0] += 1 }
            }
            current.end = position
            while current.start <= position, stream.time(current.start) <= lower {
                let attribute = stream.attribute(current.start)
                if matches(rule: index, attribute: attribute) {
                    let value = stream.value(current.start)
                    current.count -= 1
                    current.sum -= value
                    if value >= current.max { current.maxValid = false }
                    if tracksSources {
                        let source = attributeSource[Int(attribute)]
                        let left = (current.sources[source] ?? 1) - 1
                        current.sources[source] = left > 0 ? left : nil
                    }
                }
                current.start += 1
            }
            if current.count == 0 { current.sum = 0 }
            if !current.maxValid {
                current.max = -Double.infinity
                if current.start <= current.end {
                    for p in current.start...current.end where matches(rule: index, attribute: stream.attribute(p)) {
                        current.max = Swift.max(current.max, stream.value(p))
                    }
                }
                current.maxValid = true
            }
            state = current
        } else {
            let start = stream.firstPosition(after: lower, upTo: position)
            state = WindowState(start: start, end: position)
            if start <= position {
                for p in start...position {
                    let attribute = stream.attribute(p)
                    guard matches(rule: index, attribute: attribute) else { continue }
                    let value = stream.value(p)
                    state.count += 1
                    state.sum += value
                    state.max = Swift.max(state.max, value)
                    if tracksSources { state.sources[attributeSource[Int(attribute)], default: 0] += 1 }
                }
            }
        }
        stream.states[index] = state
        return state.value(aggregate)
    }
}
