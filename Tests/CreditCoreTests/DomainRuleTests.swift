import Messages
import CreditCore
import Testing

@Suite("Domain rules")
struct DomainRuleTests {
    @Test func usccShape() {
        #expect(USCC.isWellFormed("91310000MA1FL8XQ30"))
        #expect(!USCC.isWellFormed("91310000MA1FL8XQ3"))
        #expect(!USCC.isWellFormed("91310000MA1FL8XQ300"))
        #expect(!USCC.isWellFormed("91310000MA1FL8XO30"))  // O is not allowed
        #expect(!USCC.isWellFormed("91310000ma1fl8xq30"))
    }

    @Test func quarterlySchedule() {
        let schedule = EvaluationSchedule(periodMonths: 3)
        #expect(schedule.periodStart(containing: "2025-06-15") == "2025-04-01")
        #expect(schedule.periodStart(containing: "2025-12-31") == "2025-10-01")
        #expect(schedule.isDue(lastRunOn: nil, today: "2025-06-15"))
        #expect(!schedule.isDue(lastRunOn: "2025-04-01", today: "2025-06-15"))
        #expect(schedule.isDue(lastRunOn: "2025-03-31", today: "2025-04-01"))
        #expect(schedule.nextDue(lastRunOn: "2025-05-02", today: "2025-06-15") == "2025-07-01")
        #expect(EvaluationSchedule(periodMonths: 12).nextDue(lastRunOn: "2025-01-05", today: "2025-06-15") == "2026-01-01")
    }

    @Test func calendarArithmetic() {
        #expect(CreditCalendar.adding(months: 36, to: "2025-06-01") == "2028-06-01")
        #expect(CreditCalendar.adding(months: 1, to: "2024-01-31") == "2024-02-29")
        #expect(CreditCalendar.adding(months: -24, to: "2025-06-15") == "2023-06-15")
        #expect(CreditCalendar.parts("2025-02-29") == nil)
        #expect(CreditCalendar.day(fromTimestamp: "2025-06-01T17:00:00Z") == "2025-06-02")  // UTC+8
    }

    @Test func gradeTableThresholds() throws {
        let table = GradeTable.standard
        #expect(table.grade(for: 90) == .A)
        #expect(table.grade(for: 89.99) == .B)
        #expect(table.grade(for: 50) == .C)
        #expect(table.grade(for: 0) == .D)
        let raised = try table.applying(.init(grades: [.init(grade: .A, minScore: 95)]))
        #expect(raised.grade(for: 92) == .B)
        #expect(throws: CreditError.self) { try table.applying(.init(grades: [.init(grade: .D, minScore: 10)])) }
        #expect(throws: CreditError.self) { try table.applying(.init(grades: [.init(grade: .B, samplingRatio: 5)])) }
    }
}
