import Messages

/// How other services' events become credit records. Events that do not qualify, or that are malformed (bad
/// USCC, unknown outcome), give no record: the inbox cursor still moves, so one bad event never blocks the rest.
enum EventMapping {
    typealias M = CreditMessages

    /// `inspection.result.published`: noProblem → positive; orderedToCorrect → negative minor; failed → negative
    /// moderate (`severity` in the event overrides); anything else → nothing.
    static func record(from event: M.InspectionResultPublished, fallbackDay: String) -> RecordDraft? {
        guard USCC.isWellFormed(event.uscc), !event.dept.isEmpty else { return nil }
        let polarity: M.Polarity
        let severity: M.Severity?
        switch event.outcome {
        case "noProblem":
            (polarity, severity) = (.positive, nil)
        case "orderedToCorrect":
            (polarity, severity) = (.negative, event.severity.flatMap(M.Severity.init(rawValue:)) ?? .minor)
        case "failed":
            (polarity, severity) = (.negative, event.severity.flatMap(M.Severity.init(rawValue:)) ?? .moderate)
        default:
            return nil
        }
        let item = event.item.map { " (\($0))" } ?? ""
        return RecordDraft(
            uscc: event.uscc, dept: event.dept, type: .dailySupervision, polarity: polarity, severity: severity,
            occurredOn: event.publishedAt.flatMap(CreditCalendar.day(fromTimestamp:)) ?? fallbackDay, expiresOn: nil,
            origin: M.Origin(kind: .inspectionResult, id: event.resultId),
            summary: event.summary ?? "inspection result \(event.outcome)\(item)", published: true, domain: event.domain)
    }

    /// `referral.clue.concluded`: a substantiated finding about an identified entity → negative dailySupervision
    /// record, moderate unless the event says otherwise; anything else → nothing.
    static func record(from event: M.ClueConcluded, fallbackDay: String) -> RecordDraft? {
        guard event.finding == "substantiated", let uscc = event.uscc, USCC.isWellFormed(uscc), !event.dept.isEmpty else { return nil }
        return RecordDraft(
            uscc: uscc, dept: event.dept, type: .dailySupervision, polarity: .negative,
            severity: event.severity.flatMap(M.Severity.init(rawValue:)) ?? .moderate,
            occurredOn: event.concludedAt.flatMap(CreditCalendar.day(fromTimestamp:)) ?? fallbackDay, expiresOn: nil,
            origin: M.Origin(kind: .clue, id: event.clueId), summary: event.summary ?? "substantiated clue \(event.clueId)", published: true,
            domain: event.domain)
    }
}
