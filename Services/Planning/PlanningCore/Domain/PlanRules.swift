import Foundation
import Messages

/// What makes a plan well-formed, checked on create and on every update (items are checked against the catalog
/// separately).
enum PlanRules {
    static func validate(
        year: Int, name: String, leadDept: String, cooperatingDepts: [String], items: [String], filter: PlanningMessages.TargetFilter,
        sampling: PlanningMessages.Sampling, frequencyPerYear: Int, window: PlanningMessages.Window
    ) throws {
        guard (2000...2100).contains(year) else { throw PlanningError.invalidField(field: "params.year", "must be a year 2000…2100, got \(year)") }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw PlanningError.invalidField(field: "params.name", "must not be empty") }
        guard !leadDept.isEmpty else { throw PlanningError.invalidField(field: "params.leadDept", "must name the lead department") }
        guard Set(cooperatingDepts).count == cooperatingDepts.count, !cooperatingDepts.contains(leadDept) else {
            throw PlanningError.invalidField(field: "params.cooperatingDepts", "must not repeat a department or include the lead department")
        }
        guard !items.isEmpty else { throw PlanningError.invalidField(field: "params.items", "must list at least one published item code") }
        guard items.count <= PoolBuilder.maxItems else {
            throw PlanningError.invalidField(field: "params.items", "lists \(items.count) items; a plan takes at most \(PoolBuilder.maxItems)")
        }
        guard Set(items).count == items.count else { throw PlanningError.invalidField(field: "params.items", "must not repeat an item") }
        guard (filter.tags ?? []).allSatisfy({ !$0.isEmpty }) else { throw PlanningError.invalidField(field: "params.filter.tags", "must not contain an empty tag") }
        try validate(sampling)
        guard (1...12).contains(frequencyPerYear) else {
            throw PlanningError.invalidField(field: "params.frequencyPerYear", "must be 1…12 inspections a year, got \(frequencyPerYear)")
        }
        for (field, day) in [("params.window.start", window.start), ("params.window.end", window.end)] {
            guard PlanningCalendar.isDate(day) else { throw PlanningError.invalidField(field: field, "must be a date YYYY-MM-DD, got \(day)") }
            guard PlanningCalendar.year(of: day) == year else { throw PlanningError.invalidField(field: field, "must fall in the plan's year \(year), got \(day)") }
        }
        guard window.start <= window.end else {
            throw PlanningError.invalidField(field: "params.window", "starts \(window.start) after it ends \(window.end)")
        }
    }

    static func validate(_ sampling: PlanningMessages.Sampling) throws {
        switch (sampling.ratio, sampling.count) {
        case (let ratio?, nil):
            guard ratio > 0, ratio <= 1 else { throw PlanningError.ratioOutOfRange(field: "params.sampling.ratio", ratio) }
        case (nil, let count?):
            guard count >= 1 else { throw PlanningError.invalidField(field: "params.sampling.count", "must be 1 or more, got \(count)") }
            guard sampling.stratifyByGrade != true else {
                throw PlanningError.invalidField(field: "params.sampling.stratifyByGrade", "applies to ratio sampling; a fixed count draws from one stratum")
            }
        default:
            throw PlanningError.invalidField(field: "params.sampling", "give exactly one of ratio (0 < ratio ≤ 1) or count")
        }
    }
}
