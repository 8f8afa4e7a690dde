import Messages

/// Turns a multi-source warning into a joint inspection request (进一次门、查多项事): the entity, the items and the
/// departments named by the signals themselves (inspection results carry `item` and `dept`, clues `items` and
/// `dept`), and the sources that agree.
enum Correlator {
    typealias M = WarningMessages

    /// The request for `signals` (those in the warning's window that the rule counts), or nil when they name no item
    /// (inspection needs at least one) or fewer than two sources.
    static func request(
        requestId: String, warningId: String, uscc: String, signals: [M.Signal], ruleItem: String?, window: String, inspectionWindow: M.Period
    ) -> M.JointInspectionRequested? {
        var items: [String] = []
        var depts: [String] = []
        var sources: [String: Int] = [:]
        var sourceOrder: [String] = []
        for signal in signals {
            for item in signal.items where !item.isEmpty && !items.contains(item) { items.append(item) }
            if let dept = signal.dept, !dept.isEmpty, !depts.contains(dept) { depts.append(dept) }
            if sources[signal.source] == nil { sourceOrder.append(signal.source) }
            sources[signal.source, default: 0] += 1
        }
        if let ruleItem, !items.contains(ruleItem) { items.append(ruleItem) }
        guard !items.isEmpty, sourceOrder.count >= 2 else { return nil }
        let summary = sourceOrder.map { "\($0) ×\(sources[$0] ?? 0)" }.joined(separator: ", ")
        let reason = "signals about \(uscc) from \(sourceOrder.count) sources within \(window) (\(summary)); warning \(warningId)"
        return M.JointInspectionRequested(
            requestId: requestId, warningId: warningId, uscc: uscc, items: items, depts: depts, reason: reason, window: inspectionWindow)
    }
}
