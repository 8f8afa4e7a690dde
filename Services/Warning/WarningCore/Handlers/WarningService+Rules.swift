import Foundation
import GRDB
import Messages
import ServiceRunner
import Store

/// `rules.*`: warning rules (预警模型) as data, edited by their lead departments without a restart. Every change is a
/// new version; the engine reads the new rules for the next signal after the change commits.
extension WarningService {
    func registerRuleRoutes(_ router: inout MethodRouter) {
        // A misspelt scope key would silently widen a rule: scope and indicator refuse keys their types lack.
        let scope = SystemMessages.ParamSpec("scope", fieldsOf: M.RuleScope())
        let indicator = SystemMessages.ParamSpec("indicator", fieldsOf: M.Indicator(aggregate: .count), "aggregate: count|sum|max|distinctSources")
        var requiredIndicator = indicator
        requiredIndicator.required = true
        router.register(
            "rules.create", summary: "A warning rule: scope, indicator, window, threshold, level, departments to push to (operator of an owner, or admin).",
            mutating: true,
            params: [
                .init("ruleId", "string", "default R-nnnn"), .init("name", "string", required: true),
                .init("owners", "[string]", "lead departments that may edit it (default the caller's)"),
                scope, requiredIndicator,
                .init("window", "string", required: true, "e.g. 30d, 1h"), .init("threshold", "number", required: true, "fires at ≥ threshold"),
                .init("level", "string", required: true, "red|orange|yellow|blue"), .init("pushTo", "[string]", "default the owners"),
            ]
        ) { (params: M.RuleCreate, ctx) in
            let actor = try Permissions.caller(ctx)
            guard actor.role == .admin || actor.role == .operator else {
                throw WarningError.permissionDenied("rules are created by lead departments (operators) or the coordination office (admin); you are \(Permissions.describe(actor))")
            }
            let owners = params.owners ?? actor.dept.map { [$0] } ?? []
            try Permissions.requireOwner(actor, owners: owners, ruleId: params.ruleId ?? "(new)", to: "create")
            let pushTo = params.pushTo ?? owners
            let scope = params.scope ?? M.RuleScope()
            let seconds = try RuleDefinition.validate(
                name: params.name, owners: owners, scope: scope, indicator: params.indicator, window: params.window, threshold: params.threshold,
                pushTo: pushTo, builtIn: false)
            if let id = params.ruleId {
                guard !id.isEmpty, id.utf8.count <= 64, !id.contains(where: \.isWhitespace) else {
                    throw WarningError.invalidField(field: "params.ruleId", "must be 1–64 characters without spaces")
                }
            }
            let changedAt = Timestamp.format(clock.now())
            return try await mutate(ctx) { db, _ in
                let id = try params.ruleId ?? RuleStore.nextId(db)
                guard try !RuleStore.exists(db, id: id) else { throw WarningError.ruleExists(id) }
                let rule = M.Rule(
                    ruleId: id, version: 1, name: params.name, owners: owners, scope: scope, indicator: params.indicator,
                    window: DurationText.text(seconds), windowSeconds: seconds, threshold: params.threshold, level: params.level, pushTo: pushTo,
                    enabled: true, builtIn: false, changedAt: changedAt, changedBy: actor.user ?? actor.dept, reason: nil)
                try RuleStore.save(db, rule)
                engine.rulesChanged(db: db)
                return rule
            }
        }

        router.register(
            "rules.update", summary: "Change a rule; the fields given replace the current ones as a new version (owner or admin).", mutating: true,
            params: [
                .init("ruleId", "string", required: true), .init("expectedVersion", "integer", "refuse if the rule has moved on"),
                .init("name", "string"), .init("owners", "[string]"), scope, indicator, .init("window", "string"),
                .init("threshold", "number"), .init("level", "string"), .init("pushTo", "[string]"), .init("enabled", "boolean"),
                .init("reason", "string"),
            ]
        ) { (params: M.RuleUpdate, ctx) in
            let actor = try Permissions.caller(ctx)
            let changedAt = Timestamp.format(clock.now())
            return try await mutate(ctx) { db, _ in
                guard var rule = try RuleStore.current(db, id: params.ruleId) else { throw WarningError.ruleNotFound(params.ruleId) }
                try Permissions.requireOwner(actor, owners: rule.owners, ruleId: rule.ruleId, to: "change")
                if let expected = params.expectedVersion, expected != rule.version {
                    throw WarningError.versionConflict(ruleId: rule.ruleId, expected: expected, current: rule.version)
                }
                if let name = params.name { rule.name = name }
                if let owners = params.owners { rule.owners = owners }
                if let scope = params.scope { rule.scope = scope }
                if let indicator = params.indicator { rule.indicator = indicator }
                if let threshold = params.threshold { rule.threshold = threshold }
                if let level = params.level { rule.level = level }
                if let pushTo = params.pushTo { rule.pushTo = pushTo }
                if let enabled = params.enabled { rule.enabled = enabled }
                let seconds = try RuleDefinition.validate(
                    name: rule.name, owners: rule.owners, scope: rule.scope, indicator: rule.indicator, window: params.window ?? rule.window,
                    threshold: rule.threshold, pushTo: rule.pushTo, builtIn: rule.builtIn)
                rule.window = DurationText.text(seconds)
                rule.windowSeconds = seconds
                return try save(&rule, db, at: changedAt, by: actor, reason: params.reason)
            }
        }

        router.register(
            "rules.disable", summary: "Stop a rule from raising warnings (a new version; open warnings stay open). Owner or admin.", mutating: true,
            params: [.init("ruleId", "string", required: true), .init("reason", "string")]
        ) { (params: M.RuleRef, ctx) in
            let actor = try Permissions.caller(ctx)
            let changedAt = Timestamp.format(clock.now())
            return try await mutate(ctx) { db, _ in
                guard var rule = try RuleStore.current(db, id: params.ruleId) else { throw WarningError.ruleNotFound(params.ruleId) }
                try Permissions.requireOwner(actor, owners: rule.owners, ruleId: rule.ruleId, to: "disable")
                guard rule.enabled else { return rule }
                rule.enabled = false
                return try save(&rule, db, at: changedAt, by: actor, reason: params.reason)
            }
        }

        router.register(
            "rules.get", summary: "A rule: its current version, or the version given.",
            params: [.init("ruleId", "string", required: true), .init("version", "integer")]
        ) { (params: M.RuleRef, ctx) in
            _ = try Permissions.caller(ctx)
            return try await database.read { db in
                if let version = params.version {
                    guard let rule = try RuleStore.version(db, id: params.ruleId, version: version) else {
                        if try RuleStore.exists(db, id: params.ruleId) { throw WarningError.ruleVersionNotFound(ruleId: params.ruleId, version: version) }
                        throw WarningError.ruleNotFound(params.ruleId)
                    }
                    return rule
                }
                guard let rule = try RuleStore.current(db, id: params.ruleId) else { throw WarningError.ruleNotFound(params.ruleId) }
                return rule
            }
        }

        router.register(
            "rules.list", summary: "Rules (current versions) by owner department, enabled, metric or signal kind, by id.",
            params: [
                .init("owner", "string"), .init("enabled", "boolean"), .init("metric", "string"), .init("kind", "string"), .init("after", "string"),
                .init("limit", "integer"),
            ]
        ) { (params: M.RuleFilter, ctx) in
            _ = try Permissions.caller(ctx)
            let limit = try Self.pageLimit(params.limit)
            return try await database.read { db in try RuleStore.list(db, params, limit: limit) }
        }
    }

    /// Stores the next version of `rule` and tells the engine to read the rules again after commit.
    func save(_ rule: inout M.Rule, _ db: Database, at: String, by actor: Actor, reason: String?) throws -> M.Rule {
        rule.version += 1
        rule.changedAt = at
        rule.changedBy = actor.user ?? actor.dept
        rule.reason = reason
        try RuleStore.save(db, rule)
        engine.rulesChanged(db: db)
        return rule
    }
}
