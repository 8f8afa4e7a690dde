import Foundation
import Messages

/// The rules of an item version's life (DESIGN §4), without storage:
///
/// ```
/// draft ──submit──► inReview ──all cooperating approve──► inLegalReview ──justice approves──► approved ──publish──► published
///   ▲                 │ any rejects                          │ rejects                                         │ amend: new draft version
///   └─────────────────┴──────────────────────────────────────┘                                                 │ repeal ──► repealed
/// ```
/// A draft without cooperating departments goes straight to the legality review. Publishing a later version
/// supersedes the one in force.
public enum ItemLifecycle {
    public typealias Status = CatalogMessages.ItemStatus

    /// The status after `items.submit`.
    public static func submit(from status: Status, cooperating: [String]) throws(CatalogError) -> Status {
        guard status == .draft else { throw refused("submit", status, expected: .draft) }
        return cooperating.isEmpty ? .inLegalReview : .inReview
    }

    /// The status after one cooperating department's decision; `stillPending` are those who have not approved yet
    /// after this decision.
    public static func review(
        from status: Status, decision: CatalogMessages.Decision, reason: String?, stillPending: [String]
    ) throws(CatalogError) -> Status {
        guard status == .inReview else { throw refused("review", status, expected: .inReview) }
        switch decision {
        case .reject:
            try requireReason(reason)
            return .draft
        case .approve:
            return stillPending.isEmpty ? .inLegalReview : .inReview
        }
    }

    /// The status after the justice department's decision.
    public static func legalReview(from status: Status, decision: CatalogMessages.Decision, reason: String?) throws(CatalogError) -> Status {
        guard status == .inLegalReview else { throw refused("legally review", status, expected: .inLegalReview) }
        switch decision {
        case .reject:
            try requireReason(reason)
            return .draft
        case .approve:
            return .approved
        }
    }

    public static func publish(from status: Status) throws(CatalogError) -> Status {
        guard status == .approved else { throw refused("publish", status, expected: .approved) }
        return .published
    }

    /// Only drafts are edited in place; anything later is changed by a new version (`items.amend`).
    public static func update(from status: Status) throws(CatalogError) {
        guard status == .draft else { throw refused("edit", status, expected: .draft) }
    }

    /// `items.amend` needs the newest version to be the published one (no amendment already under way) and a reason
    /// that is an amendment or an interpretation.
    public static func amend(latest: Status, reason: CatalogMessages.AmendmentReason) throws(CatalogError) {
        switch reason {
        case .enact: throw .invalidArgument("reason enact (立) is for a new item: use items.create", field: "params.reason")
        case .repeal: throw .invalidArgument("reason repeal (废) ends the item: use items.repeal", field: "params.reason")
        case .amend, .interpret: break
        }
        guard latest == .published else {
            throw .failedPrecondition(
                latest == .repealed || latest == .superseded
                    ? "the item is \(latest.rawValue); only a published item can be amended"
                    : "a version in status \(latest.rawValue) is already under way; finish or publish it before amending again")
        }
    }

    /// `items.repeal` ends the published version; refused while a newer version is under way.
    public static func repeal(latest: Status) throws(CatalogError) -> Status {
        guard latest == .published else {
            throw .failedPrecondition("only a published item with no amendment under way can be repealed; the newest version is \(latest.rawValue)")
        }
        return .repealed
    }

    private static func requireReason(_ reason: String?) throws(CatalogError) {
        guard let reason, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalidArgument("a rejection needs a reason the lead department can act on", field: "params.reason")
        }
    }

    private static func refused(_ action: String, _ status: Status, expected: Status) -> CatalogError {
        .failedPrecondition("cannot \(action) an item version in status \(status.rawValue); it must be \(expected.rawValue)")
    }
}
