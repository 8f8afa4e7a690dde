/// Parameters and results of the methods every service answers: `health.check`, `methods.list`, `events.since`.
public enum SystemMessages {
    public struct Empty: Codable, Sendable, Hashable {
        public init() {}
    }

    public struct Health: Codable, Sendable, Hashable {
        public var service: String
        public var status: String
        public var version: String
        public var startedAt: String
        public var uptimeSeconds: Double
        public var outboxSeq: Int64
        public var inboxCursors: [String: Int64]
        /// Events applied per source (each exactly once): equal to the cursor, and after catch-up to the source's
        /// `outboxSeq`. Absent from services older than this field.
        public var inboxApplied: [String: Int64]?

        public init(
            service: String, status: String, version: String, startedAt: String, uptimeSeconds: Double, outboxSeq: Int64,
            inboxCursors: [String: Int64], inboxApplied: [String: Int64]? = nil
        ) {
            self.service = service
            self.status = status
            self.version = version
            self.startedAt = startedAt
            self.uptimeSeconds = uptimeSeconds
            self.outboxSeq = outboxSeq
            self.inboxCursors = inboxCursors
            self.inboxApplied = inboxApplied
        }
    }

    /// One parameter of a method, as `methods.list` describes it.
    public struct ParamSpec: Codable, Sendable, Hashable {
        public var name: String
        public var type: String
        public var required: Bool
        public var doc: String
        /// For an object parameter, the keys it may hold, and for an array of objects the keys each element may
        /// hold; any other is refused like an unknown parameter.
        public var fields: [String]?

        public init(_ name: String, _ type: String, required: Bool = false, fields: [String]? = nil, _ doc: String = "") {
            self.name = name
            self.type = type
            self.required = required
            self.doc = doc
            self.fields = fields
        }

        /// An object parameter whose fields are those of `example`'s type: its stored properties, which are its JSON
        /// keys (message types keep the synthesized coding keys), read once at registration so that the list cannot
        /// drift from the type.
        public init(_ name: String, required: Bool = false, fieldsOf example: some Decodable, _ doc: String = "") {
            self.init(name, "object", required: required, fields: Self.fields(of: example), doc)
        }

        /// An array parameter whose elements are objects with the fields of `example`'s type, read the same way.
        public init(_ name: String, required: Bool = false, elementsOf example: some Decodable, _ doc: String = "") {
            self.init(name, "array", required: required, fields: Self.fields(of: example), doc)
        }

        private static func fields(of example: some Decodable) -> [String] { Mirror(reflecting: example).children.compactMap(\.label) }
    }

    public struct MethodSpec: Codable, Sendable, Hashable {
        public var name: String
        public var summary: String
        public var mutating: Bool
        /// Answered without a verified caller: published data (公示) and pure checks anyone may run.
        public var open: Bool
        public var params: [ParamSpec]

        public init(name: String, summary: String, mutating: Bool, open: Bool = false, params: [ParamSpec]) {
            self.name = name
            self.summary = summary
            self.mutating = mutating
            self.open = open
            self.params = params
        }
    }

    public struct MethodList: Codable, Sendable, Hashable {
        public var service: String
        public var methods: [MethodSpec]

        public init(service: String, methods: [MethodSpec]) {
            self.service = service
            self.methods = methods
        }
    }

    public struct EventsSince: Codable, Sendable, Hashable {
        public var after: Int64
        public var limit: Int?

        public init(after: Int64, limit: Int? = nil) {
            self.after = after
            self.limit = limit
        }
    }

    public struct EventBatch: Codable, Sendable, Hashable {
        public var events: [EventEnvelope]
        /// The highest `seq` in the source's outbox when the batch was read.
        public var lastSeq: Int64

        public init(events: [EventEnvelope], lastSeq: Int64) {
            self.events = events
            self.lastSeq = lastSeq
        }
    }

    public struct BackupRequest: Codable, Sendable, Hashable {
        /// Directory on the service's host to write `<service>.sqlite` into (created if missing).
        public var directory: String
        public init(directory: String) { self.directory = directory }
    }

    public struct BackupResult: Codable, Sendable, Hashable {
        public var service: String
        public var path: String
        public var bytes: Int64
        public var outboxSeq: Int64
        public var takenAt: String

        public init(service: String, path: String, bytes: Int64, outboxSeq: Int64, takenAt: String) {
            self.service = service
            self.path = path
            self.bytes = bytes
            self.outboxSeq = outboxSeq
            self.takenAt = takenAt
        }
    }
}
