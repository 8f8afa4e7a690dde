import Foundation
import JGTesting
import Messages
import ReferralCore
import Testing

@Suite("Deadlines and escalation")
struct DeadlineTests {
    let calendar = WorkingCalendar.china2025

    /// 2025 calendar (国办发明电〔2024〕12号): Qingming is Fri 4 – Sun 6 April. A clue assigned Thu 3 April with one
    /// working day to sign: Fri 4 (holiday), Sat 5, Sun 6 (weekend) do not count → Mon 7 April, end of day
    /// (23:59:59 UTC+8 = 15:59:59Z).
    @Test func signOffAcrossAHolidayAndAWeekend() throws {
        let assigned = try date("2025-04-03T02:00:00Z")  // Thu 10:00 in China
        #expect(calendar.workingDay(1, after: assigned) == "2025-04-07")
        #expect(ReferralClock.format(calendar.deadline(workingDays: 1, after: assigned)) == "2025-04-07T15:59:59Z")
    }

    /// National Day 2025: 1–8 October off; Sun 28 September and Sat 11 October are worked. Fifteen working days after
    /// Fri 26 September: Sun 28 (1), Mon 29 (2), Tue 30 (3), [1–8 Oct off], Thu 9 (4), Fri 10 (5), Sat 11 (6),
    /// Mon 13 – Fri 17 (7–11), Mon 20 – Thu 23 (12–15) → Thu 23 October.
    @Test func conclusionAcrossNationalDayWithMakeUpWorkdays() throws {
        #expect(calendar.workingDay(15, after: try date("2025-09-26T03:00:00Z")) == "2025-10-23")
        // A plain weekend, no holidays: Fri 13 June + 1 → Mon 16 June.
        #expect(WorkingCalendar().workingDay(1, after: try date("2025-06-13T02:00:00Z")) == "2025-06-16")
        // The day of assignment never counts, even late at night in China (Fri 23:30 UTC+8 = 15:30Z).
        #expect(WorkingCalendar().workingDay(1, after: try date("2025-06-13T15:30:00Z")) == "2025-06-16")
        // 16:30Z Friday is already Saturday 00:30 in China: the next working day is still Monday.
        #expect(WorkingCalendar().workingDay(1, after: try date("2025-06-13T16:30:00Z")) == "2025-06-16")
    }

    /// The calendar's integer day arithmetic agrees with Foundation's Gregorian calendar in UTC+8, every day of
    /// 2024–2026, weekday included; impossible dates are refused.
    @Test func dayArithmeticAgreesWithFoundation() throws {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = try #require(TimeZone(secondsFromGMT: 8 * 3_600))
        var day = try #require(gregorian.date(from: DateComponents(year: 2024, month: 1, day: 1, hour: 9)))
        let plain = WorkingCalendar()
        while gregorian.component(.year, from: day) < 2027 {
            let parts = gregorian.dateComponents([.year, .month, .day, .weekday], from: day)
            let expected = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
            #expect(WorkingCalendar.day(of: day) == expected)
            #expect(WorkingCalendar.start(of: expected) == gregorian.startOfDay(for: day))
            #expect(plain.isWorkingDay(expected) == !(parts.weekday == 1 || parts.weekday == 7))
            day = try #require(gregorian.date(byAdding: .day, value: 1, to: day))
        }
        #expect(WorkingCalendar.start(of: "2025-02-29") == nil)
        #expect(WorkingCalendar.start(of: "2024-02-29") != nil)
        #expect(WorkingCalendar.start(of: "2025-9-01") == nil)
    }

    @Test func holidaysAndDeadlinesAreConfigurable() throws {
        let configuration = try ReferralConfiguration(environment: [
            "JG_HOLIDAYS": "2025-06-16", "JG_REFERRAL_DEADLINES": "hotline12345=2/10/1",
        ])
        #expect(configuration.calendar.holidays == ["2025-06-16"])
        #expect(configuration.calendar.extraWorkdays.isEmpty)
        // Fri 13 June + 2 working days, Mon 16 a holiday → Tue 17, Wed 18.
        let due = configuration.deadlines.due(.signOff, source: .hotline12345, from: try date("2025-06-13T02:00:00Z"))
        #expect(ReferralClock.format(due) == "2025-06-18T15:59:59Z")
        #expect(configuration.deadlines.limits[.media] == DeadlinePolicy.defaultLimits[.media])
        #expect(throws: ReferralConfigurationError.self) { try ReferralConfiguration(environment: ["JG_HOLIDAYS": "2025-13-01"]) }
        #expect(throws: ReferralConfigurationError.self) { try ReferralConfiguration(environment: ["JG_REFERRAL_DEADLINES": "pigeon=1/2/3"]) }
        #expect(throws: ReferralConfigurationError.self) { try ReferralConfiguration(environment: ["JG_REFERRAL_DEADLINES": "media=1/2"]) }
    }

    /// Sign-off counts from assignment; conclusion from acceptance (registered Thu 25 Sep, accepted Fri 26 Sep →
    /// 23 October as worked out above).
    @Test func deadlinesThroughTheService() async throws {
        let harness = try makeHarness()
        let clue = try await harness.register(items: ["HY-2025-04"]).clue
        #expect(clue.deadline == M.Deadline(step: .signOff, dueAt: "2025-09-26T15:59:59Z", overdue: false))
        harness.core.clock.set(try date("2025-09-26T03:00:00Z"))
        let accepted: M.Clue = try await harness.result("clues.accept", M.ClueRef(clueId: clue.id), as: urban)
        #expect(accepted.deadline == M.Deadline(step: .conclusion, dueAt: "2025-10-23T15:59:59Z", overdue: false))

        // The Qingming case through the service, for a hotline clue.
        let qingming = try makeHarness(now: "2025-04-03T02:00:00Z")
        let early = try await qingming.register(items: ["HY-2025-17"]).clue
        #expect(early.deadline?.dueAt == "2025-04-07T15:59:59Z")
        // A department finding has three working days: Mon 7, Tue 8, Wed 9 April.
        let finding = M.ClueRegister(source: .department, uscc: uscc(3), description: "d", suspectedItems: ["HY-2025-17"], reportingDept: "hy-market")
        let department: M.Registration = try await qingming.result("clues.register", finding, as: market)
        #expect(department.clue.deadline?.dueAt == "2025-04-09T15:59:59Z")
    }

    /// Given a clue due Fri 26 September, when the clock passes that day, the watcher escalates it once to the
    /// coordination office and publishes `referral.clue.overdue`; the department's overdue list shows it.
    @Test func overdueCluesAreEscalatedOnce() async throws {
        let harness = try makeHarness()
        let watcher = harness.core.overdueWatcher(dispatcher: harness.dispatcher)
        let late = try await harness.register(uscc: uscc(11), items: ["HY-2025-04"]).clue
        let onTime = try await harness.register(items: ["HY-2025-04"]).clue
        #expect(await watcher.tick() == 0)

        harness.core.clock.set(try date("2025-09-26T15:00:00Z"))  // Fri 23:00 in China: not yet due
        _ = try await harness.result("clues.accept", M.ClueRef(clueId: onTime.id), as: urban, decoding: M.Clue.self)
        #expect(await watcher.tick() == 0)

        harness.core.clock.set(try date("2025-09-27T01:00:00Z"))  // Sat 09:00 in China
        #expect(await watcher.tick() == 1)
        #expect(await watcher.tick() == 0, "a step is escalated once")

        let payload = try #require(try await harness.payloads("referral.clue.overdue").first)
        #expect(Set(payload.keys) == ["clueId", "dept", "step", "dueAt", "escalatedTo", "escalatedAt", "source", "uscc"])
        #expect(payload["clueId"] == .string(late.id))
        #expect(payload["dept"] == "hy-urban")
        #expect(payload["step"] == "signOff")
        #expect(payload["dueAt"] == "2025-09-26T15:59:59Z")
        #expect(payload["escalatedTo"] == .string(coordination))

        let overdue: M.ClueList = try await harness.result("clues.list", M.ClueListQuery(overdue: true), as: urban)
        #expect(overdue.clues.map(\.id) == [late.id])
        #expect(overdue.clues.first?.deadline?.overdue == true)
        #expect(overdue.clues.first?.escalations == 1)
        let all: M.ClueList = try await harness.result("clues.list", M.ClueListQuery(dept: "hy-urban", overdue: true), as: admin)
        #expect(all.clues.count == 1)

        // Accepting starts a new step: no longer overdue; it is escalated again only if that step runs late too.
        _ = try await harness.result("clues.accept", M.ClueRef(clueId: late.id), as: urban, decoding: M.Clue.self)
        let none: M.ClueList = try await harness.result("clues.list", M.ClueListQuery(overdue: true), as: urban)
        #expect(none.clues.isEmpty)
        harness.core.clock.set(try date("2025-11-01T00:00:00Z"))
        #expect(await watcher.tick() == 2, "both conclusions (due 23 October) are now late")
        #expect(try await harness.clue(late.id).escalations == 2)

        #expect(try await harness.status("clues.escalateOverdue", SystemMessages.Empty(), as: urban) == .permissionDenied)
        #expect(harness.core.backgroundServices(dispatcher: harness.dispatcher).count == 1)
    }

    @Test func overdueListPagesInDeadlineOrder() async throws {
        let harness = try makeHarness()
        var ids: [String] = []
        for index in 0..<5 {
            harness.core.clock.set(try date("2025-09-2\(2 + index)T02:00:00Z"))  // Mon 22 … Fri 26 September
            ids.append(try await harness.register(items: ["HY-2025-04"]).clue.id)
        }
        harness.core.clock.set(try date("2025-12-01T00:00:00Z"))
        let first: M.ClueList = try await harness.result("clues.list", M.ClueListQuery(overdue: true, limit: 3), as: urban)
        let next = try #require(first.next)
        let second: M.ClueList = try await harness.result("clues.list", M.ClueListQuery(overdue: true, after: next, limit: 3), as: urban)
        #expect(first.clues.map(\.id) + second.clues.map(\.id) == ids)
        #expect(second.next == nil)
    }
}
