import Messages

/// How other services' events become signals. Events that are not signals (a passed inspection, an upgrade) or that
/// cannot be attributed to an entity give none; the inbox cursor still moves, so one odd event never blocks the rest.
enum SignalMapping {
    typealias M = WarningMessages

    /// Signal ids of events: the source service and its outbox position, unique and stable across replays.
    static func id(_ envelope: some SequencedEvent) -> String { "evt:\(envelope.source):\(envelope.seq)" }

    /// The instant of an event: its own timestamp, else the envelope's, else `fallback`.
    static func instant(_ text: String?, envelope: some SequencedEvent, fallback: Int64) -> Int64 {
        text.flatMap(Timestamp.parse) ?? Timestamp.parse(envelope.at) ?? fallback
    }

    /// `referral.clue.registered` about an identified entity: kind `clue`, source = the clue's source (e.g. `hotline12345`).
    static func clue(_ event: M.ClueRegistered, envelope: some SequencedEvent, now: Int64) -> SignalDraft? {
        guard let uscc = event.uscc, USCC.isWellFormed(uscc) else { return nil }
        return SignalDraft(
            id: id(envelope), kind: .clue, source: event.source, uscc: uscc, site: nil, metric: nil, value: 1, items: event.items ?? [],
            dept: event.dept, domain: event.domain, region: nil, entityKind: nil, at: instant(event.registeredAt, envelope: envelope, fallback: now))
    }

    /// `inspection.result.published` with outcome `failed` or `orderedToCorrect`: kind `inspection`, metric
    /// `inspection.<outcome>`, value 1.
    static func inspection(_ event: M.InspectionResultPublished, envelope: some SequencedEvent, now: Int64) -> SignalDraft? {
        guard ["failed", "orderedToCorrect"].contains(event.outcome), USCC.isWellFormed(event.uscc) else { return nil }
        return SignalDraft(
            id: id(envelope), kind: .inspection, source: "inspection", uscc: event.uscc, site: nil, metric: "inspection.\(event.outcome)", value: 1,
            items: event.item.map { [$0] } ?? [], dept: event.dept, domain: nil, region: nil, entityKind: nil,
            at: instant(event.publishedAt, envelope: envelope, fallback: now))
    }

    /// `credit.grade.changed` to a worse grade (A < B < C < D): kind `gradeDowngrade`, metric `credit.grade`, value = the
    /// number of grades lost.
    static func grade(_ event: M.GradeChanged, envelope: some SequencedEvent, now: Int64) -> SignalDraft? {
        guard let from = event.from.flatMap(rank), let to = rank(event.to), to > from, USCC.isWellFormed(event.uscc) else { return nil }
        return SignalDraft(
            id: id(envelope), kind: .gradeDowngrade, source: "credit", uscc: event.uscc, site: nil, metric: "credit.grade", value: Double(to - from),
            items: [], dept: nil, domain: nil, region: nil, entityKind: nil, at: instant(event.at, envelope: envelope, fallback: now))
    }

    /// `credit.punishment.started`: kind `punishment`, the initiating department.
    static func punishment(_ event: M.PunishmentStarted, envelope: some SequencedEvent, now: Int64) -> SignalDraft? {
        guard USCC.isWellFormed(event.uscc) else { return nil }
        return SignalDraft(
            id: id(envelope), kind: .punishment, source: "credit", uscc: event.uscc, site: nil, metric: nil, value: 1, items: [],
            dept: event.initiatorDept, domain: nil, region: nil, entityKind: nil, at: instant(event.at, envelope: envelope, fallback: now))
    }

    /// A < B < C < D (D worst).
    static func rank(_ grade: String) -> Int? {
        ["A": 0, "B": 1, "C": 2, "D": 3][grade.uppercased()]
    }
}
