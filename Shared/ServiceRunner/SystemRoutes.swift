import Foundation
import Messages
import Store

/// `health.check`, `methods.list` and `events.since`, which every service answers.
enum SystemRoutes {
    static let version = "0.1.0"

    static func register(in router: inout MethodRouter, service: String, database: ServiceDatabase, startedAt: Date) {
        let startedText = Wire.timestamp(startedAt)
        router.register("health.check", summary: "Liveness, the outbox position, and per source the inbox cursor and the count of events applied.") {
            (_: SystemMessages.Empty, _) in
            let last = try await database.events(after: Int64.max - 1, limit: 0).lastSeq
            return SystemMessages.Health(
                service: service, status: "ok", version: version, startedAt: startedText, uptimeSeconds: Date().timeIntervalSince(startedAt),
                outboxSeq: last, inboxCursors: try await database.inboxCursors(), inboxApplied: try await database.inboxApplied())
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

    static func registerBackup(in router: inout MethodRouter, service: String, database: ServiceDatabase) {
        router.register(
            "admin.backup", summary: "A consistent online copy of this service's database into a directory (admin).", mutating: false,
            params: [.init("directory", "string", required: true, "where to write <service>.sqlite")]
        ) { (params: SystemMessages.BackupRequest, ctx) in
            guard let role = ctx.actor?.role, role == .admin || role == .service else {
                throw CommonError.permissionDenied("backups are taken by the coordination office (admin)")
            }
            let directory = params.directory
            guard !directory.isEmpty, !directory.split(separator: "/").contains("..") else {
                throw CommonError.invalidArgument("params.directory must be a plain path without ..", details: ["field": "params.directory"])
            }
            let outboxSeq = try await database.events(after: Int64.max - 1, limit: 0).lastSeq
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                let path = "\(directory)/\(service).sqlite"
                let bytes = try database.backup(to: path)
                return SystemMessages.BackupResult(service: service, path: path, bytes: bytes, outboxSeq: outboxSeq, takenAt: Wire.timestamp(Date()))
            } catch let error as CocoaError {
                throw CommonError.failedPrecondition("cannot write the backup into \(directory): \(error.localizedDescription)")
            }
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
        SystemRoutes.registerBackup(in: &router, service: Core.serviceName, database: database)
        core.routes(&router)
        SystemRoutes.registerMethodList(in: &router, service: Core.serviceName)
        return router
    }
}
