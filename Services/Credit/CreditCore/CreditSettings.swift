import GRDB

/// The service's tunable numbers, stored in `credit_settings` (defaults installed by `credit-v1-defaults`).
struct CreditSettings: Sendable, Equatable {
    /// Months without a live negative record an entity needs for the whitelist. Default 24.
    var whitelistCleanMonths = 24
    /// Months between scheduled re-evaluations, counted from January 1. Default 3 (quarterly).
    var evaluationPeriodMonths = 3
    /// Validity of a negative record when no `expiresOn` is given. Default 36.
    var negativeValidityMonths = 36
    /// Validity of a positive record when no `expiresOn` is given. Default 12.
    var positiveValidityMonths = 12

    static func load(_ db: Database) throws -> CreditSettings {
        var settings = CreditSettings()
        for row in try Row.fetchAllCached(db, sql: "SELECT key, value FROM credit_settings") {
            let value = Int(row["value"] as String)
            switch row["key"] as String {
            case "whitelistCleanMonths": settings.whitelistCleanMonths = value ?? settings.whitelistCleanMonths
            case "evaluationPeriodMonths": settings.evaluationPeriodMonths = value ?? settings.evaluationPeriodMonths
            case "negativeValidityMonths": settings.negativeValidityMonths = value ?? settings.negativeValidityMonths
            case "positiveValidityMonths": settings.positiveValidityMonths = value ?? settings.positiveValidityMonths
            default: break
            }
        }
        return settings
    }
}
