import GRDB
import Store
import Messages
import ServiceRunner

/// Consumed events become signals, each applied exactly once (the runner's inbox cursor, and the signal id).
extension WarningService {
    public func subscriptions(_ subscriptions: inout Subscriptions) {
        subscriptions.on("referral.clue.registered") { envelope, db, outbox in
            let signal = (try? envelope.event.decode(M.ClueRegistered.self)).flatMap { SignalMapping.clue($0, envelope: envelope, now: clock.now()) }
            try apply(signal, envelope, db, outbox)
        }
        subscriptions.on("inspection.result.published") { envelope, db, outbox in
            let signal = (try? envelope.event.decode(M.InspectionResultPublished.self)).flatMap {
                SignalMapping.inspection($0, envelope: envelope, now: clock.now())
            }
            try apply(signal, envelope, db, outbox)
        }
        subscriptions.on("credit.grade.changed") { envelope, db, outbox in
            let signal = (try? envelope.event.decode(M.GradeChanged.self)).flatMap { SignalMapping.grade($0, envelope: envelope, now: clock.now()) }
            try apply(signal, envelope, db, outbox)
        }
        subscriptions.on("credit.punishment.started") { envelope, db, outbox in
            let signal = (try? envelope.event.decode(M.PunishmentStarted.self)).flatMap {
                SignalMapping.punishment($0, envelope: envelope, now: clock.now())
            }
            try apply(signal, envelope, db, outbox)
        }
    }

    private func apply(_ signal: SignalDraft?, _ envelope: EventEnvelope, _ db: GRDB.Database, _ outbox: Store.Outbox) throws {
        guard let signal else {
            logger.debug("event is not a signal", metadata: ["jg.topic": "\(envelope.topic)", "jg.seq": "\(envelope.seq)"])
            return
        }
        _ = try process([signal], db, outbox)
    }
}
