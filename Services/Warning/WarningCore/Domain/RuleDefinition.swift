import Messages

/// One version of a rule (预警模型) as the engine evaluates it: which signals it reads (its stream and scope), how it
/// folds them over its sliding window, and when it fires.
struct RuleDefinition: Sendable, Hashable {
    typealias M = WarningMessages

    var rule: M.Rule

    var id: String { rule.ruleId }
    var windowMs: Int64 { rule.windowSeconds * 1_000 }

    /// The in-memory stream the rule reads: signals of one kind (`k:`), readings of one metric (`m:`), or all (`*`).
    var streamKey: String {
        if let metric = rule.indicator.metric { return "m:" + metric }
        if let kind = rule.indicator.kind { return "k:" + kind.rawValue }
        return "*"
    }

    /// The stream keys a signal belongs to.
    static func streamKeys(of attributes: SignalAttributes) -> [String] {
        var keys = ["k:" + attributes.kind.rawValue, "*"]
        if let metric = attributes.metric { keys.append("m:" + metric) }
        return keys
    }

    /// Whether the signal counts for this rule: indicator kind/metric and every scope field given.
    func matches(_ signal: SignalAttributes) -> Bool {
        let indicator = rule.indicator
        if let kind = indicator.kind, kind != signal.kind { return false }
        if let metric = indicator.metric, metric != signal.metric { return false }
        let scope = rule.scope
        if let kinds = scope.kinds, !kinds.contains(signal.kind) { return false }
        if let source = scope.source, source != signal.source { return false }
        if let domain = scope.domain, domain != signal.domain { return false }
        if let item = scope.item, !signal.items.contains(item) { return false }
        if let entityKind = scope.entityKind, entityKind != signal.entityKind { return false }
        if let region = scope.region {
            guard let signalRegion = signal.region, signalRegion.hasPrefix(region) else { return false }
        }
        return true
    }

    /// Whether `value` reaches the threshold (the rule fires at the threshold, not below it).
    func fires(_ value: Double) -> Bool { value >= rule.threshold }

    // MARK: Validation

    /// Checks a new or changed rule; throws `INVALID_ARGUMENT` naming the field.
    static func validate(
        name: String, owners: [String], scope: M.RuleScope, indicator: M.Indicator, window: String, threshold: Double, pushTo: [String], builtIn: Bool
    ) throws -> Int64 {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw WarningError.invalidField(field: "params.name", "must not be empty") }
        guard let seconds = DurationText.seconds(window) else {
            throw WarningError.invalidField(field: "params.window", "\(window.debugDescription) is not a window; write a whole number and a unit: 30d, 12h, 15m, 90s (at most 3660d)")
        }
        guard threshold.isFinite else { throw WarningError.invalidField(field: "params.threshold", "must be a finite number") }
        switch indicator.aggregate {
        case .count:
            guard threshold >= 1 else { throw WarningError.invalidField(field: "params.threshold", "a count rule fires at 1 or more signals, got \(threshold)") }
        case .sum, .max:
            guard let metric = indicator.metric, !metric.isEmpty else {
                throw WarningError.invalidField(field: "params.indicator.metric", "\(indicator.aggregate.rawValue) needs the metric whose values it folds")
            }
        case .distinctSources:
            guard threshold >= 2 else {
                throw WarningError.invalidField(field: "params.threshold", "distinctSources correlates two or more sources, got \(threshold)")
            }
        }
        if let metric = indicator.metric, metric.isEmpty { throw WarningError.invalidField(field: "params.indicator.metric", "must not be empty") }
        if let kinds = scope.kinds, kinds.isEmpty { throw WarningError.invalidField(field: "params.scope.kinds", "leave it out for every kind, or name at least one") }
        for (index, dept) in owners.enumerated() where dept.isEmpty {
            throw WarningError.invalidField(field: "params.owners[\(index)]", "must not be empty")
        }
        for (index, dept) in pushTo.enumerated() where dept.isEmpty {
            throw WarningError.invalidField(field: "params.pushTo[\(index)]", "must not be empty")
        }
        if !builtIn, pushTo.isEmpty {
            throw WarningError.invalidField(field: "params.pushTo", "name at least one department to push warnings to")
        }
        return seconds
    }
}
