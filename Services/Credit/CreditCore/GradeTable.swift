import Messages

/// Graded supervision (分级分类监管): the lowest score of each grade, and each grade's sampling ratio and yearly
/// inspection frequency that planning uses for its random draws.
///
/// Grades are decided top down: A if score ≥ A's minimum, else B if ≥ B's, else C if ≥ C's, else D. D's minimum is
/// always 0. Entities never graded have `defaultGrade` (B unless changed).
public struct GradeTable: Sendable, Equatable {
    public typealias Grade = CreditMessages.Grade
    public typealias GradeRow = CreditMessages.GradeRow

    /// One row per grade, A to D.
    public private(set) var rows: [GradeRow]
    public var defaultGrade: Grade

    public init(rows: [GradeRow], defaultGrade: Grade) {
        self.rows = Grade.allCases.map { grade in rows.first { $0.grade == grade } ?? GradeRow(grade: grade, minScore: 0, samplingRatio: 0, yearlyFrequency: 0) }
        self.defaultGrade = defaultGrade
    }

    /// A ≥ 90 (3 %, once a year), B ≥ 70 (5 %, once), C ≥ 50 (10 %, twice), D below (20 %, four times); default B.
    public static let standard = GradeTable(
        rows: [
            GradeRow(grade: .A, minScore: 90, samplingRatio: 0.03, yearlyFrequency: 1),
            GradeRow(grade: .B, minScore: 70, samplingRatio: 0.05, yearlyFrequency: 1),
            GradeRow(grade: .C, minScore: 50, samplingRatio: 0.10, yearlyFrequency: 2),
            GradeRow(grade: .D, minScore: 0, samplingRatio: 0.20, yearlyFrequency: 4),
        ], defaultGrade: .B)

    public func row(_ grade: Grade) -> GradeRow { rows[Grade.allCases.firstIndex(of: grade) ?? 0] }

    public func minScore(_ grade: Grade) -> Double { row(grade).minScore }

    public func grade(for score: Double) -> Grade {
        for row in rows.dropLast() where score >= row.minScore { return row.grade }
        return .D
    }

    /// The table with `change` applied, validated as a whole.
    public func applying(_ change: CreditMessages.GradeTableChange) throws -> GradeTable {
        var table = self
        for (index, rowChange) in (change.grades ?? []).enumerated() {
            guard let position = Grade.allCases.firstIndex(of: rowChange.grade) else { continue }
            let field = "params.grades[\(index)]"
            if let minScore = rowChange.minScore {
                guard rowChange.grade != .D || minScore == 0 else {
                    throw CreditError.invalidArgument(field: "\(field).minScore", "grade D takes every score below C's minimum; its minScore stays 0")
                }
                table.rows[position].minScore = minScore
            }
            if let ratio = rowChange.samplingRatio {
                guard (0...1).contains(ratio) else {
                    throw CreditError.invalidArgument(
                        field: "\(field).samplingRatio", "\(field).samplingRatio is a share between 0 and 1 (0.05 = 5 %), got \(ratio)")
                }
                table.rows[position].samplingRatio = ratio
            }
            if let frequency = rowChange.yearlyFrequency {
                guard (0...52).contains(frequency) else {
                    throw CreditError.invalidArgument(field: "\(field).yearlyFrequency", "\(field).yearlyFrequency must be 0…52, got \(frequency)")
                }
                table.rows[position].yearlyFrequency = frequency
            }
        }
        if let grade = change.defaultGrade { table.defaultGrade = grade }
        try table.validate()
        return table
    }

    /// Minimums must fall strictly from A to D and lie within 0…100.
    public func validate() throws {
        for (upper, lower) in zip(rows, rows.dropFirst()) {
            guard upper.minScore > lower.minScore else {
                throw CreditError.invalidArgument(
                    field: "params.grades",
                    "grade minimums must fall from A to D: \(upper.grade.rawValue) needs a higher minScore (\(upper.minScore)) than \(lower.grade.rawValue) (\(lower.minScore))"
                )
            }
        }
        guard let top = rows.first, top.minScore <= 100 else {
            throw CreditError.invalidArgument(field: "params.grades", "grade A's minScore must be at most 100")
        }
    }

    public var info: CreditMessages.GradeTableInfo { .init(grades: rows, defaultGrade: defaultGrade, updatedAt: nil) }
}
