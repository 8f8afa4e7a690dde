import GRDB
import Messages
import ServiceRunner

extension CreditService {
    func registerPublicRoutes(_ router: inout MethodRouter) {
        router.register(
            "public.profile", summary: "Public credit profile (公示): grade, published records in their period, punishments in force. No token needed.",
            params: [.init("uscc", "string", required: true)]
        ) { (query: M.UsccQuery, _) in
            try USCC.validate(query.uscc)
            let today = calendar.today
            return try await database.read { db in
                let table = try GradeTable.load(db)
                let grade = try String.fetchOne(db, sql: "SELECT grade FROM credit_entities WHERE uscc = ?", arguments: [query.uscc])
                    .flatMap(M.Grade.init(rawValue:))
                // Repaired (credit repair) and unpublished (privacy) records never leave the service here; nor do expired ones.
                let records = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(RecordStore.columns) FROM credit_records INDEXED BY credit_records_entity
                        WHERE uscc = ? AND repair_id IS NULL AND published = 1 AND (expires_on IS NULL OR expires_on > ?)
                        ORDER BY occurred_on DESC, id DESC LIMIT 1000
                        """, arguments: [query.uscc, today]
                ).compactMap(RecordStore.record).map {
                    M.PublicRecord(
                        type: $0.type, polarity: $0.polarity, severity: $0.severity, dept: $0.dept, occurredOn: $0.occurredOn, expiresOn: $0.expiresOn,
                        summary: $0.summary)
                }
                let punishments = try PunishmentStore.inForce(db, uscc: query.uscc, today: today).map {
                    M.PublicPunishment(
                        id: $0.id, initiatorDept: $0.initiatorDept, implementingDepts: $0.implementingDepts, measures: $0.measures, reason: $0.reason,
                        legalBasis: $0.legalBasis, startsOn: $0.startsOn, endsOn: $0.endsOn)
                }
                let whitelisted = try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM credit_whitelist WHERE uscc = ? AND status = 'approved'", arguments: [query.uscc]) ?? false
                return M.PublicProfile(
                    uscc: query.uscc, grade: grade ?? table.defaultGrade, whitelisted: whitelisted, records: records, punishments: punishments)
            }
        }
    }
}
