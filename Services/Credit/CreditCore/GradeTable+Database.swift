import GRDB
import Messages

extension GradeTable {
    static func load(_ db: Database) throws -> GradeTable {
        let rows = try Row.fetchAllCached(db, sql: "SELECT grade, min_score, sampling_ratio, yearly_frequency FROM credit_grades").compactMap { row -> GradeRow? in
            guard let grade = Grade(rawValue: row["grade"]) else { return nil }
            return GradeRow(grade: grade, minScore: row["min_score"], samplingRatio: row["sampling_ratio"], yearlyFrequency: row["yearly_frequency"])
        }
        let defaultText = try String.fetchOneCached(db, sql: "SELECT value FROM credit_settings WHERE key = 'defaultGrade'")
        return GradeTable(rows: rows, defaultGrade: defaultText.flatMap(Grade.init(rawValue:)) ?? .B)
    }

    func save(_ db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO credit_grades (grade, min_score, sampling_ratio, yearly_frequency) VALUES (?, ?, ?, ?)
                ON CONFLICT (grade) DO UPDATE SET min_score = excluded.min_score, sampling_ratio = excluded.sampling_ratio,
                    yearly_frequency = excluded.yearly_frequency
                """)
        for row in rows { try statement.execute(arguments: [row.grade.rawValue, row.minScore, row.samplingRatio, row.yearlyFrequency]) }
        try db.execute(
            sql: "INSERT INTO credit_settings (key, value) VALUES ('defaultGrade', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            arguments: [defaultGrade.rawValue])
    }

    /// The effective grade of each entity asked for, `defaultGrade` for those never graded, in one indexed pass.
    static func lookup(_ db: Database, usccs: [String], defaultGrade: Grade) throws -> (grades: [Grade], unknown: [String]) {
        var known: [String: Grade] = [:]
        known.reserveCapacity(usccs.count)
        // One JSON array parameter instead of thousands of placeholders, so the statement stays cached; sorted, so
        // consecutive primary-key probes touch neighbouring pages. (USCCs are validated: no quoting needed.)
        let list = "[" + usccs.sorted().map { "\"\($0)\"" }.joined(separator: ",") + "]"
        let statement = try db.cachedStatement(
            sql: "SELECT e.uscc, e.grade FROM json_each(?) AS j JOIN credit_entities AS e ON e.uscc = j.value WHERE e.grade IS NOT NULL")
        let cursor = try Row.fetchCursor(statement, arguments: [list])
        while let row = try cursor.next() {
            let uscc: String = row[0]
            known[uscc] = Grade(rawValue: row[1]) ?? defaultGrade
        }
        var unknown: [String] = []
        let grades = usccs.map { uscc in
            if let grade = known[uscc] { return grade }
            unknown.append(uscc)
            return defaultGrade
        }
        return (grades, unknown)
    }
}
