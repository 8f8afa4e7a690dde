import Foundation
import Messages
import Store

/// `health.check`, `methods.list` and `events.since`, which every service answers.
enum SystemRoutes {
    static let version = "0.1.0"

    static func register(in router: inout MethodRouter, service: String, database: ServiceDatabase, startedAt: Date) {
        let startedText = Wire.timestamp(startedAt)
        router.register("health.check", summary: "Liveness and position of the outbox and inbox cursors.") {
            (_: SystemMessages.Empty, _) in
            let last = try await database.events(after: Int64.max - 1, limit: 0).lastSeq
            return SystemMessages.Health(
                service: service, status: "ok", version: version, startedAt: startedText, uptimeSeconds: Date().timeIntervalSince(startedAt),
                outboxSeq: last, inboxCursors: try await database.inboxCursors())
        }
        router.register(
            "events.since", summary: "Outbox events after a sequence number, oldest first (for subscribers catching up).",
            params: [.init("after", "integer", required: true, "last seq already seen"), .init("limit", "integer", "at most this many (1…1000, default 500)")]
        ) { (params: SystemMessages.EventsSince, _) in
            guard params.after >= 0 else { throw CommonError.invalidArgument("params.after must be 0 or more", details: ["field": "params.after"]) }
            let limit = params.limit ?? 500
            guard (1...1_000).contains(limit) else {
                throw CommonError.invalidArgument("params.limit must be between 1 and 1000, got \(limit)", details: ["field": "params.limit"])
            }
            return try await database.events(after: params.after, limit: limit)
        }
    }

    /// Added last, so it lists every other method too.
    static func registerMethodList(in router: inout MethodRouter, service: String) {
        var specs = router.specs
        specs.append(.init(name: "methods.list", summary: "The methods of this service with their parameters.", mutating: false, open: true, params: []))
        let list = SystemMessages.MethodList(service: service, methods: specs.sorted { $0.name < $1.name })
        router.register("methods.list", summary: "The methods of this service with their parameters.") { (_: SystemMessages.Empty, _) in list }
    }
}

extension MethodRouter {
    /// A service's full router: the system methods, the core's own, and `methods.list` describing them all.
    public static func service<Core: ServiceCore>(_ core: Core, database: ServiceDatabase, startedAt: Date = Date()) -> MethodRouter {
        var router = MethodRouter()
        SystemRoutes.register(in: &router, service: Core.serviceName, database: database, startedAt: startedAt)
        core.routes(&router)
        SystemRoutes.registerMethodList(in: &router, service: Core.serviceName)
        return router
    }
}
