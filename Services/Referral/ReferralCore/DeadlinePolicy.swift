import Foundation
import Messages

/// Time limits per clue source and step, in working days: sign-off (签收) counted from assignment, conclusion (办结)
/// from acceptance, feedback to the source (反馈) from conclusion.
public struct DeadlinePolicy: Sendable, Equatable {
    /// One source's limits.
    public struct Limits: Sendable, Equatable {
        public var signOff: Int
        public var conclusion: Int
        public var feedback: Int

        public init(signOff: Int, conclusion: Int, feedback: Int) {
            self.signOff = signOff
            self.conclusion = conclusion
            self.feedback = feedback
        }

        public func days(for step: ReferralMessages.DeadlineStep) -> Int {
            switch step {
            case .signOff: signOff
            case .conclusion: conclusion
            case .feedback: feedback
            }
        }
    }

    public var limits: [ReferralMessages.ClueSource: Limits]
    public var calendar: WorkingCalendar

    /// Defaults: 12345 work orders 1 / 15 / 2 (the hotline's own practice: sign the same or next working day, answer
    /// within 15 working days); superior assignments and media 1 / 10 / 2 (they are followed closely); the rest 2–3
    /// days to sign and 20–30 to conclude.
    public static let defaultLimits: [ReferralMessages.ClueSource: Limits] = [
        .hotline12345: Limits(signOff: 1, conclusion: 15, feedback: 2),
        .superiorAssignment: Limits(signOff: 1, conclusion: 10, feedback: 2),
        .media: Limits(signOff: 1, conclusion: 10, feedback: 2),
        .internetPlusSupervision: Limits(signOff: 2, conclusion: 20, feedback: 3),
        .complaint: Limits(signOff: 2, conclusion: 15, feedback: 3),
        .association: Limits(signOff: 3, conclusion: 30, feedback: 5),
        .department: Limits(signOff: 3, conclusion: 30, feedback: 5),
    ]

    public init(limits: [ReferralMessages.ClueSource: Limits] = Self.defaultLimits, calendar: WorkingCalendar) {
        self.limits = Self.defaultLimits.merging(limits) { _, new in new }
        self.calendar = calendar
    }

    /// When `step` falls due for a clue from `source` whose step started at `start`.
    public func due(_ step: ReferralMessages.DeadlineStep, source: ReferralMessages.ClueSource, from start: Date) -> Date {
        let days = (limits[source] ?? Limits(signOff: 3, conclusion: 30, feedback: 5)).days(for: step)
        return calendar.deadline(workingDays: days, after: start)
    }

    /// Parses `JG_REFERRAL_DEADLINES`: `source=signOff/conclusion/feedback` separated by commas or semicolons, e.g.
    /// `hotline12345=1/15/2,media=1/7/2`. Sources not named keep their defaults.
    public static func parseLimits(_ text: String) throws(ReferralConfigurationError) -> [ReferralMessages.ClueSource: Limits] {
        var limits: [ReferralMessages.ClueSource: Limits] = [:]
        for entry in text.split(whereSeparator: { $0 == "," || $0 == ";" }) {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let source = ReferralMessages.ClueSource(rawValue: parts[0]) else {
                throw ReferralConfigurationError(
                    problem: "JG_REFERRAL_DEADLINES entry \(String(entry).debugDescription) must be <source>=<signOff>/<conclusion>/<feedback> with a source from "
                        + ReferralMessages.ClueSource.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let days = parts[1].split(separator: "/").compactMap { Int($0) }
            guard days.count == 3, days.allSatisfy({ (1...365).contains($0) }) else {
                throw ReferralConfigurationError(
                    problem: "JG_REFERRAL_DEADLINES entry \(String(entry).debugDescription): give three working-day counts 1…365, e.g. 1/15/2")
            }
            limits[source] = Limits(signOff: days[0], conclusion: days[1], feedback: days[2])
        }
        return limits
    }
}
