import Foundation
import GRDB
import Messages
import ServiceRunner

extension CreditService {
    /// Largest batch `grades.lookup` and `whitelist.check` accept.
    static let maxBatch = 10_000

    func registerScoreRoutes(_ router: inout MethodRouter) {
        router.register(
            "indicators.set", summary: "Replace the indicator set (指标体系) of a domain: general (综合) or an industry (行业). Admin.", mutating: true,
            params: [
                .init("domain", "string", required: true, "general, or an industry domain"),
                .init("baseScore", "number", required: true, "indicator score with no records (0…100)"),
                .init("indicators", required: true, elementsOf: M.Indicator(code: "", name: "", recordType: .registration, weight: 0, negativePoints: 0, positivePoints: 0), "weights add up to 1"),
            ]
        ) { (params: M.IndicatorSet, context) in
            let actor = try AccessPolicy.admin(context)
            let model = ScoreModel(domain: params.domain, baseScore: params.baseScore, indicators: params.indicators)
            try model.validate()
            let timestamp = calendar.timestamp
            return try await mutate(context) { db, _ in
                try model.save(db, at: timestamp, by: actor.user)
                return M.IndicatorSet(domain: model.domain, baseScore: model.baseScore, indicators: model.indicators, updatedAt: timestamp)
            }
        }

        router.register(
            "indicators.get", summary: "The indicator set of a domain (the general set when the domain has none of its own).",
            params: [.init("domain", "string", "default general")]
        ) { (query: M.IndicatorsQuery, context) in
            _ = try AccessPolicy.caller(context)
            let domain = query.domain.flatMap { $0.isEmpty ? nil : $0 } ?? ScoreModel.generalDomain
            return try await database.read { db -> M.IndicatorSet in
                if let own = try ScoreModel.load(db, domain: domain) {
                    return M.IndicatorSet(domain: domain, baseScore: own.model.baseScore, indicators: own.model.indicators, updatedAt: own.updatedAt)
                }
                guard let general = try ScoreModel.load(db, domain: ScoreModel.generalDomain) else {
                    throw CreditError.notFound("no indicator set for \(domain) and no general set")
                }
                return M.IndicatorSet(
                    domain: ScoreModel.generalDomain, baseScore: general.model.baseScore, indicators: general.model.indicators, updatedAt: general.updatedAt,
                    fallbackFor: domain)
            }
        }

        router.register(
            "scores.get", summary: "An entity's score and grade (as of its last evaluation) with the per-indicator breakdown.",
            params: [.init("uscc", "string", required: true)]
        ) { (query: M.UsccQuery, context) in
            _ = try AccessPolicy.caller(context)
            try USCC.validate(query.uscc)
            let today = calendar.today
            return try await database.read { db in try score(db, uscc: query.uscc, today: today) }
        }

        router.register(
            "grades.lookup", summary: "Grades of up to 10,000 entities at once; never-graded entities get the default grade (B unless changed).",
            params: [.init("usccs", "array", required: true, "unified social credit codes")]
        ) { (batch: M.UsccBatch, context) in
            _ = try AccessPolicy.caller(context)
            try Self.validate(batch)
            return try await database.read { db in
                let table = try GradeTable.load(db)
                let found = try GradeTable.lookup(db, usccs: batch.usccs, defaultGrade: table.defaultGrade)
                return M.GradeLookup(grades: found.grades, defaultGrade: table.defaultGrade, unknown: found.unknown)
            }
        }

        router.register("grades.table", summary: "Grade → minimum score, sampling ratio and yearly inspection frequency, and the default grade.") {
            (_: SystemMessages.Empty, context) in
            _ = try AccessPolicy.caller(context)
            return try await database.read { db in try GradeTable.load(db).info }
        }

        router.register(
            "grades.setTable", summary: "Change grade thresholds, sampling ratios, frequencies or the default grade. Admin; scores follow at the next evaluation.",
            mutating: true,
            params: [
                .init("grades", elementsOf: M.GradeRowChange(grade: .A), "the grades to change"),
                .init("defaultGrade", "string", "A | B | C | D: the grade of never-graded entities"),
            ]
        ) { (change: M.GradeTableChange, context) in
            _ = try AccessPolicy.admin(context)
            let timestamp = calendar.timestamp
            return try await mutate(context) { db, outbox in
                let table = try GradeTable.load(db).applying(change)
                try table.save(db)
                var info = table.info
                info.updatedAt = timestamp
                try outbox.append(topic: "credit.grade_table.changed", info)
                return info
            }
        }
    }

    static func validate(_ batch: M.UsccBatch) throws {
        guard batch.usccs.count <= maxBatch else {
            throw CreditError.invalidArgument(field: "params.usccs", "params.usccs has \(batch.usccs.count) entries; send at most \(maxBatch) per call")
        }
        for (index, uscc) in batch.usccs.enumerated() where !USCC.isWellFormed(uscc) {
            try USCC.validate(uscc, field: "params.usccs[\(index)]")
        }
    }

    func score(_ db: Database, uscc: String, today: String) throws -> M.Score {
        let table = try GradeTable.load(db)
        let entity = try Row.fetchOne(db, sql: "SELECT domain, score, grade, evaluated_at FROM credit_entities WHERE uscc = ?", arguments: [uscc])
        let domain: String = entity?["domain"] ?? ScoreModel.generalDomain
        let model = try ScoreModel.effective(db, domain: domain)
        let breakdown = model.score(try ScoreModel.tallies(db, uscc: uscc, today: today)).breakdown
        let grade = (entity?["grade"] as String?).flatMap(M.Grade.init(rawValue:))
        return M.Score(
            uscc: uscc, known: grade != nil, score: entity?["score"], grade: grade ?? table.defaultGrade, domain: model.domain,
            evaluatedAt: entity?["evaluated_at"], breakdown: breakdown)
    }
}
