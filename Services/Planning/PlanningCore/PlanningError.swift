import Messages

/// Everything the planning service refuses on purpose, each with the status it maps to and a message that says
/// what to do about it.
public enum PlanningError: ServiceError, Equatable {
    case unauthenticated(String)
    case permissionDenied(String)
    case invalidField(field: String, String)
    case invalidSeeds(String)
    case ratioOutOfRange(field: String, Double)
    case countExceedsPool(count: Int, pool: Int)
    case tooManySelections(Int)
    case planNotFound(String)
    case drawNotFound(String)
    case taskNotFound(String)
    case unknownItem(String)
    case itemNotPublished(code: String, status: String)
    case wrongStatus(planId: String, status: PlanningMessages.PlanStatus, action: String, needs: String)
    case alreadyDrawn(planId: String, drawId: String)
    case alreadyDeclared(inspectorId: String, entityId: String)
    case emptyPool(planId: String, reason: String)
    case notEnoughInspectors(entityId: String, eligible: Int, needed: Int)
    /// Another service failed or could not be reached while planning asked it for data.
    case dependency(call: String, status: Status, message: String)

    public var status: Status {
        switch self {
        case .unauthenticated: .unauthenticated
        case .permissionDenied: .permissionDenied
        case .invalidField, .invalidSeeds, .ratioOutOfRange, .countExceedsPool, .tooManySelections, .unknownItem: .invalidArgument
        case .planNotFound, .drawNotFound, .taskNotFound: .notFound
        case .itemNotPublished, .wrongStatus, .emptyPool, .notEnoughInspectors: .failedPrecondition
        case .alreadyDrawn, .alreadyDeclared: .alreadyExists
        case .dependency(_, let status, _):
            status == .deadlineExceeded || status == .unavailable ? .unavailable : .failedPrecondition
        }
    }

    public var message: String {
        switch self {
        case .unauthenticated(let message), .permissionDenied(let message), .invalidSeeds(let message): message
        case .invalidField(let field, let message): "\(field): \(message)"
        case .ratioOutOfRange(let field, let value): "\(field) must be more than 0 and at most 1, got \(value)"
        case .countExceedsPool(let count, let pool):
            "cannot draw \(count) from a pool of \(pool); lower the count or widen the pool"
        case .tooManySelections(let count): "rfc3797 makes at most 65535 selections, asked for \(count); use sha256-rank"
        case .planNotFound(let id): "plan \(id) does not exist"
        case .drawNotFound(let id): "draw \(id) does not exist"
        case .taskNotFound(let id): "task \(id) does not exist"
        case .unknownItem(let code): "item \(code) is not in the catalog; plans name published catalog items by code"
        case .itemNotPublished(let code, let status): "item \(code) is \(status); only published items can be planned and drawn"
        case .wrongStatus(let planId, let status, let action, let needs): "cannot \(action) plan \(planId): it is \(status.rawValue), needs \(needs)"
        case .alreadyDrawn(let planId, let drawId):
            "plan \(planId) was already drawn (\(drawId)); a plan is drawn once so nobody can redraw for a preferred result"
        case .alreadyDeclared(let inspector, let entity): "inspector \(inspector) already declared a conflict with \(entity)"
        case .emptyPool(let planId, let reason): "the pool of plan \(planId) is empty: \(reason)"
        case .notEnoughInspectors(let entity, let eligible, let needed):
            "only \(eligible) eligible inspectors for \(entity), \(needed) needed; add active inspectors to the plan's departments or review avoidances"
        case .dependency(let call, let status, let message): "\(call) failed (\(status.rawValue)): \(message)"
        }
    }

    public var details: JSONValue? {
        switch self {
        case .invalidField(let field, _), .ratioOutOfRange(let field, _): ["field": .string(field)]
        case .invalidSeeds: ["field": "params.seeds"]
        case .dependency(let call, let status, _): ["call": .string(call), "status": .string(status.rawValue)]
        default: nil
        }
    }
}
