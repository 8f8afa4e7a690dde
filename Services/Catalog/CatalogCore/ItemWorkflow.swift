import Foundation
import GRDB
import Messages

/// Item operations inside one write transaction: permission check against the stored item, the lifecycle rule,
/// the write, the history line and the events. Handlers, imports and the demo loader all go through here.
struct ItemWorkflow {
    typealias Item = CatalogMessages.Item

    let access: Access
    let db: Database
    let events: any EventSink
    let actor: Actor?
    let now: String

    func create(_ draft: CatalogMessages.ItemDraft, prefix: String = "params") throws -> Item {
        try access.requireLead(actor, of: draft.code, leadDept: draft.leadDept, to: "create item \(draft.code)")
        let level = try DepartmentStore.fetch(db, code: draft.leadDept)?.level ?? .district
        let item = ItemContent.draft(draft, leadLevel: level, at: now)
        try ItemContent.validate(item, departments: DepartmentStore.existing(db), prefix: prefix)
        try ItemStore.insertNew(db, item)
        try record(item, action: "create", from: nil, to: .draft, note: nil)
        return try ItemStore.require(db, code: item.code, version: 1)
    }

    func update(code: String, changes: CatalogMessages.ItemChanges) throws -> Item {
        var item = try latest(code)
        try access.requireLead(actor, of: code, leadDept: item.leadDept, to: "edit item \(code)")
        try ItemLifecycle.update(from: item.status)
        if let lead = changes.leadDept, lead != item.leadDept {
            try access.requireAdmin(actor, to: "move item \(code) to another lead department")
        }
        ItemContent.apply(changes, to: &item)
        try ItemContent.validate(item, departments: DepartmentStore.existing(db), prefix: "params.changes")
        try ItemStore.updateContent(db, item)
        try record(item, action: "update", from: .draft, to: .draft, note: nil)
        return try ItemStore.require(db, code: code, version: item.version)
    }

    func submit(code: String, note: String?) throws -> Item {
        let item = try latest(code)
        try access.requireLead(actor, of: code, leadDept: item.leadDept, to: "submit item \(code)")
        let next = try ItemLifecycle.submit(from: item.status, cooperating: item.cooperatingDepts)
        try ItemStore.setStatus(db, code: code, version: item.version, next, round: item.round + 1)
        try record(item, action: "submit", from: item.status, to: next, note: note)
        return try ItemStore.require(db, code: code, version: item.version)
    }

    func review(code: String, decision: CatalogMessages.Decision, reason: String?) throws -> Item {
        let item = try latest(code)
        let dept = try access.requireCooperating(actor, of: code, cooperating: item.cooperatingDepts)
        if item.status == .inReview, !item.pendingReviews.contains(dept) {
            throw CatalogError.failedPrecondition("\(dept) has already approved item \(code) in review round \(item.round)")
        }
        let stillPending = decision == .approve ? item.pendingReviews.filter { $0 != dept } : item.pendingReviews
        let next = try ItemLifecycle.review(from: item.status, decision: decision, reason: reason, stillPending: stillPending)
        try ItemStore.addReview(
            db, code: code, version: item.version,
            review: .init(dept: dept, stage: "cooperating", round: item.round, decision: decision, reason: reason, user: actor?.user, at: now))
        if next != item.status { try ItemStore.setStatus(db, code: code, version: item.version, next) }
        try record(item, action: "review.\(decision.rawValue)", from: item.status, to: next, note: reason, dept: dept)
        return try ItemStore.require(db, code: code, version: item.version)
    }

    func legalReview(code: String, decision: CatalogMessages.Decision, reason: String?) throws -> Item {
        let item = try latest(code)
        let dept = try access.requireJustice(actor, of: code)
        let next = try ItemLifecycle.legalReview(from: item.status, decision: decision, reason: reason)
        try ItemStore.addReview(
            db, code: code, version: item.version,
            review: .init(dept: dept, stage: "legality", round: item.round, decision: decision, reason: reason, user: actor?.user, at: now))
        try ItemStore.setStatus(db, code: code, version: item.version, next)
        try record(item, action: "legalReview.\(decision.rawValue)", from: item.status, to: next, note: reason, dept: dept)
        return try ItemStore.require(db, code: code, version: item.version)
    }

    func publish(code: String, note: String?) throws -> Item {
        let item = try latest(code)
        try access.requireLead(actor, of: code, leadDept: item.leadDept, to: "publish item \(code)")
        let next = try ItemLifecycle.publish(from: item.status)
        let previous = try ItemStore.requireHead(db, code: code).published
        if let previous {
            try ItemStore.setStatus(db, code: code, version: previous, .superseded)
            try ItemStore.addHistory(
                db, .init(version: previous, action: "supersede", from: .published, to: .superseded, dept: actor?.dept, user: actor?.user,
                          note: "replaced by version \(item.version)", at: now), code: code)
        }
        try ItemStore.setStatus(db, code: code, version: item.version, next, publishedAt: now)
        try ItemStore.setPublished(db, code: code, version: item.version)
        try record(item, action: "publish", from: item.status, to: next, note: note)
        let published = try ItemStore.require(db, code: code, version: item.version)
        try events.append(
            topic: previous == nil ? Topic.itemPublished : Topic.itemAmended, CatalogMessages.ItemPublished(item: published, previousVersion: previous))
        return published
    }

    func amend(code: String, reason: CatalogMessages.AmendmentReason, note: String, changes: CatalogMessages.ItemChanges?) throws -> Item {
        let current = try latest(code)
        try access.requireLead(actor, of: code, leadDept: current.leadDept, to: "amend item \(code)")
        try ItemLifecycle.amend(latest: current.status, reason: reason)
        guard !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CatalogError.invalidArgument("an amendment needs a note saying what changes and why", field: "params.note")
        }
        if let lead = changes?.leadDept, lead != current.leadDept {
            try access.requireAdmin(actor, to: "move item \(code) to another lead department")
        }
        var item = current
        item.version = current.latestVersion + 1
        item.status = .draft
        item.amendmentReason = reason
        item.amendmentNote = note
        item.round = 0
        item.createdAt = now
        item.publishedAt = nil
        if let changes { ItemContent.apply(changes, to: &item) }
        try ItemContent.validate(item, departments: DepartmentStore.existing(db), prefix: "params.changes")
        try ItemStore.insertVersion(db, item)
        try record(item, action: "amend.\(reason.rawValue)", from: nil, to: .draft, note: note)
        return try ItemStore.require(db, code: code, version: item.version)
    }

    func repeal(code: String, note: String) throws -> Item {
        let item = try latest(code)
        try access.requireLead(actor, of: code, leadDept: item.leadDept, to: "repeal item \(code)")
        let next = try ItemLifecycle.repeal(latest: item.status)
        guard !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CatalogError.invalidArgument("a repeal needs a note giving its reason", field: "params.note")
        }
        try ItemStore.setStatus(db, code: code, version: item.version, next)
        try ItemStore.setPublished(db, code: code, version: nil)
        try record(item, action: "repeal", from: item.status, to: next, note: note)
        try events.append(
            topic: Topic.itemRepealed,
            CatalogMessages.ItemRepealed(code: code, version: item.version, domain: item.domain, leadDept: item.leadDept, note: note))
        return try ItemStore.require(db, code: code, version: item.version)
    }

    // MARK: -

    private func latest(_ code: String) throws -> Item {
        let head = try ItemStore.requireHead(db, code: code)
        return try ItemStore.require(db, code: code, version: head.latest)
    }

    private func record(_ item: Item, action: String, from: CatalogMessages.ItemStatus?, to: CatalogMessages.ItemStatus, note: String?, dept: String? = nil)
        throws
    {
        try ItemStore.addHistory(
            db, .init(version: item.version, action: action, from: from, to: to, dept: dept ?? actor?.dept, user: actor?.user, note: note, at: now),
            code: item.code)
    }
}

extension ItemWorkflow {
    /// Puts an imported draft in force at once, for lists already enacted by a government notice (the demo list):
    /// the history says so, and `catalog.item.published` is written as for any publication.
    func publishEnacted(code: String) throws {
        try access.requireAdmin(actor, to: "publish imported items without review")
        let item = try ItemStore.require(db, code: code, version: 1)
        try ItemStore.setStatus(db, code: code, version: 1, .published, round: 0, publishedAt: now)
        try ItemStore.setPublished(db, code: code, version: 1)
        try ItemStore.addHistory(
            db, .init(version: 1, action: "import.publish", from: item.status, to: .published, dept: actor?.dept, user: actor?.user,
                      note: "imported as already enacted; reviews happened outside the catalog", at: now), code: code)
        try events.append(topic: Topic.itemPublished, CatalogMessages.ItemPublished(item: try ItemStore.require(db, code: code, version: 1), previousVersion: nil))
    }
}
