import Messages

/// A signal about to be stored and evaluated, whatever it came from (an event, a monitoring reading).
struct SignalDraft: Sendable, Hashable {
    typealias Kind = WarningMessages.SignalKind

    /// Unique: `evt:<source>:<seq>` for events, `rd:<system>:<readingId>` for identified readings,
    /// `rq:<requestId>:<row>` otherwise.
    var id: String
    var kind: Kind
    /// The system it came from; the correlation rule counts distinct sources.
    var source: String
    var uscc: String?
    var site: String?
    var metric: String?
    var value: Double
    var items: [String]
    var dept: String?
    var domain: String?
    var region: String?
    var entityKind: String?
    /// When it happened, ms since 1970 UTC.
    var at: Int64
    /// The warning subject: the USCC, or `site:<id>` for a site without one.
    var entity: String

    init(
        id: String, kind: Kind, source: String, uscc: String?, site: String?, metric: String?, value: Double, items: [String], dept: String?,
        domain: String?, region: String?, entityKind: String?, at: Int64
    ) {
        self.id = id
        self.kind = kind
        self.source = source
        self.uscc = uscc
        self.site = site
        self.metric = metric
        self.value = value
        self.items = items
        self.dept = dept
        self.domain = domain
        self.region = region
        self.entityKind = entityKind
        self.at = at
        entity = Self.entity(uscc: uscc, site: site)
    }

    static func entity(uscc: String?, site: String?) -> String {
        uscc ?? "site:" + (site ?? "")
    }

    var attributes: SignalAttributes {
        SignalAttributes(kind: kind, source: source, metric: metric, items: items, domain: domain, region: region, entityKind: entityKind)
    }
}

/// What rule scopes test about a signal (its time and value aside); interned by the engine, since most signals of
/// one sensor share them.
struct SignalAttributes: Sendable, Hashable {
    var kind: WarningMessages.SignalKind
    var source: String
    var metric: String?
    var items: [String]
    var domain: String?
    var region: String?
    var entityKind: String?
}
