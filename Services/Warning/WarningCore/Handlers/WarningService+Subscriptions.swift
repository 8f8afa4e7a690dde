import GRDB
import Store
import Messages
import ServiceRunner

/// Consumed events become signals, each applied exactly once (the runner's inbox cursor, and the signal id).
extension WarningService {
    public func subscriptions(_ subscriptions: inout Subscriptions) {
        subscriptions.on("referral.clue.registered", as: M.ClueRegistered.self) { event, envelope, db, outbox in
            let signal = SignalMapping.clue(event, envelope: envelope, now: clock.now())
            try apply(signal, envelope, db, outbox)
        }
        subscriptions.on("inspection.result.published", as: M.InspectionResultPublished.self) { event, envelope, db, outbox in
            let signal = SignalMapping.inspection(event, envelope: envelope, now: clock.now())
            try apply(signal, envelope, db, outbox)
        }
        subscriptions.on("credit.grade.changed", as: M.GradeChanged.self) { event, envelope, db, outbox in
            let signal = SignalMapping.grade(event, envelope: envelope, now: clock.now())
            try apply(signal, envelope, db, outbox)
        }
        subscriptions.on("credit.punishment.started", as: M.PunishmentStarted.self) { event, envelope, db, outbox in
            let signal = SignalMapping.punishment(event, envelope: envelope, now: clock.now())
            try apply(signal, envelope, db, outbox)
        }
    }

    private func apply(_ signal: SignalDraft?, _ envelope: ReceivedEvent, _ db: GRDB.Database, _ outbox: Store.Outbox) throws {
        guard let signal else {
            logger.debug("event is not a signal", metadata: ["jg.topic": "\(envelope.topic)", "jg.seq": "\(envelope.seq)"])
            return
        }
        _ = try process([signal], db, outbox)
    }
}
