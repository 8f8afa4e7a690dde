import Messages

/// The indicator system (指标体系) of one domain and how it turns an entity's records into a score.
///
/// Every indicator scores the live records of one type:
/// `indicator score = clamp(baseScore + positivePoints × positive records − negativePoints × Σ severity points, 0, 100)`,
/// and `entity score = Σ weight × indicator score` with weights adding up to 1, rounded to 2 decimals. An entity
/// without records scores `baseScore`; record types no indicator names do not count. Live records are those
/// neither repaired nor expired. `Evaluator` computes the same in SQL for every entity at once.
public struct ScoreModel: Sendable, Equatable {
    public typealias Indicator = CreditMessages.Indicator
    public typealias RecordType = CreditMessages.RecordType

    /// The domain whose set applies to entities with no domain of their own, or whose domain has no set (综合).
    public static let generalDomain = "general"

    public var domain: String
    public var baseScore: Double
    public var indicators: [Indicator]

    public init(domain: String, baseScore: Double, indicators: [Indicator]) {
        self.domain = domain
        self.baseScore = baseScore
        self.indicators = indicators
    }

    /// The general set installed by the first migration (changeable with `indicators.set`).
    public static let standard = ScoreModel(
        domain: generalDomain, baseScore: 80,
        indicators: [
            Indicator(code: "registration", name: "登记注册 registration", recordType: .registration, weight: 0.10, negativePoints: 10, positivePoints: 5),
            Indicator(code: "qualification", name: "资质 qualification", recordType: .qualification, weight: 0.15, negativePoints: 10, positivePoints: 5),
            Indicator(
                code: "daily-supervision", name: "日常监管 daily supervision", recordType: .dailySupervision, weight: 0.30, negativePoints: 10,
                positivePoints: 5),
            Indicator(code: "public-service", name: "公共服务 public service", recordType: .publicService, weight: 0.15, negativePoints: 10, positivePoints: 5),
            Indicator(code: "enforcement", name: "行政执法 enforcement", recordType: .enforcement, weight: 0.30, negativePoints: 20, positivePoints: 5),
        ])

    /// The live records of one type for one entity.
    public struct Tally: Sendable, Equatable {
        /// Σ severity points of negative records (minor 1, moderate 2, serious 3).
        public var negativePoints: Int
        public var positiveCount: Int

        public init(negativePoints: Int = 0, positiveCount: Int = 0) {
            self.negativePoints = negativePoints
            self.positiveCount = positiveCount
        }
    }

    /// The entity score and each indicator's part.
    public func score(_ tallies: [RecordType: Tally]) -> (score: Double, breakdown: [CreditMessages.IndicatorScore]) {
        var total = baseScore
        var breakdown: [CreditMessages.IndicatorScore] = []
        for indicator in indicators {
            let tally = tallies[indicator.recordType] ?? Tally()
            let raw = baseScore + indicator.positivePoints * Double(tally.positiveCount) - indicator.negativePoints * Double(tally.negativePoints)
            let indicatorScore = min(100, max(0, raw))
            total += indicator.weight * (indicatorScore - baseScore)
            breakdown.append(
                .init(
                    code: indicator.code, recordType: indicator.recordType, weight: indicator.weight, negativePoints: tally.negativePoints,
                    positiveCount: tally.positiveCount, score: indicatorScore))
        }
        return (Self.rounded(total), breakdown)
    }

    static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    /// Refuses a set that cannot score: empty, weights not adding up to 1, negative points, one type counted twice.
    public func validate() throws {
        guard !domain.isEmpty else { throw CreditError.missing("params.domain") }
        guard (0...100).contains(baseScore) else {
            throw CreditError.invalidArgument(field: "params.baseScore", "params.baseScore must be between 0 and 100, got \(baseScore)")
        }
        guard !indicators.isEmpty else {
            throw CreditError.invalidArgument(field: "params.indicators", "params.indicators must name at least one indicator")
        }
        var codes = Set<String>()
        var types = Set<RecordType>()
        for (index, indicator) in indicators.enumerated() {
            let field = "params.indicators[\(index)]"
            guard !indicator.code.isEmpty else { throw CreditError.missing("\(field).code") }
            guard codes.insert(indicator.code).inserted else {
                throw CreditError.invalidArgument(field: "\(field).code", "indicator code \(indicator.code) appears twice")
            }
            guard types.insert(indicator.recordType).inserted else {
                throw CreditError.invalidArgument(
                    field: "\(field).recordType", "two indicators score \(indicator.recordType.rawValue) records; each record type counts once per set")
            }
            guard indicator.weight > 0, indicator.weight <= 1 else {
                throw CreditError.invalidArgument(field: "\(field).weight", "\(field).weight must be in (0, 1], got \(indicator.weight)")
            }
            guard indicator.negativePoints >= 0, indicator.positivePoints >= 0 else {
                throw CreditError.invalidArgument(field: field, "\(field) points must be 0 or more")
            }
        }
        let sum = indicators.reduce(0) { $0 + $1.weight }
        guard abs(sum - 1) < 1e-6 else {
            throw CreditError.invalidArgument(field: "params.indicators", "indicator weights must add up to 1, they add up to \(sum)")
        }
    }
}
