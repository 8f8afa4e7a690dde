import Foundation
import Messages

/// The methods one service answers, by name, with the parameter descriptions `methods.list` publishes.
public struct MethodRouter: Sendable {
    /// A call with its parameters decoded, ready to run.
    public typealias Invocation = @Sendable (RequestContext) async throws -> any Encodable & Sendable

    struct Route: Sendable {
        var spec: SystemMessages.MethodSpec
        /// The declared parameter names: anything else in `params` is refused, so that a misspelt filter
        /// (`domian=gas-safety`) is an error naming it rather than a silently unfiltered answer.
        var accepted: Set<String>
        /// The keys each parameter with declared `fields` may hold (an object, or each object in an array), in
        /// declaration order.
        var fields: [(name: String, keys: Set<String>)]
        /// Decodes the parameters from the envelope's `params` (nil: absent or null, read as `{}`).
        var bind: @Sendable ((any Decoder)?) throws -> Invocation
    }

    private(set) var routes: [String: Route] = [:]

    public init() {}

    /// Registers a method. `P` is decoded from the envelope's `params` (missing `params` counts as `{}`);
    /// a decoding failure answers `INVALID_ARGUMENT` naming the field. `open` methods (and every `public.*`)
    /// are answered without a verified caller.
    public mutating func register<P: Decodable & Sendable, R: Encodable & Sendable>(
        _ name: String, summary: String, mutating: Bool = false, open: Bool = false, params: [SystemMessages.ParamSpec] = [],
        _ handler: @escaping @Sendable (P, RequestContext) async throws -> R
    ) {
        routes[name] = Route(
            spec: SystemMessages.MethodSpec(
                name: name, summary: summary, mutating: mutating, open: open || name.hasPrefix("public.") || ["health.check", "methods.list"].contains(name),
                params: params),
            accepted: Set(params.map(\.name)),
            fields: params.compactMap { spec in spec.fields.map { (spec.name, Set($0)) } },
            bind: { decoder in
                let params = try decoder.map { try P(from: $0) } ?? Wire.decoder.decode(P.self, from: Data("{}".utf8))
                return { context in try await handler(params, context) }
            })
    }

    public var specs: [SystemMessages.MethodSpec] { routes.values.map(\.spec).sorted { $0.name < $1.name } }

    func route(_ name: String) -> Route? { routes[name] }
}

/// Words for a parameter that did not decode, naming the offending field (`params.items[2].code`).
enum ParamsDecoder {
    static func path(of error: DecodingError) -> String {
        let context: DecodingError.Context
        var codingPath: [any CodingKey]
        switch error {
        case .keyNotFound(let key, let ctx):
            context = ctx
            codingPath = ctx.codingPath + [key]
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx), .dataCorrupted(let ctx):
            context = ctx
            codingPath = ctx.codingPath
        @unknown default:
            return "params"
        }
        _ = context
        if codingPath.first?.stringValue == "params" { codingPath.removeFirst() }
        let names = codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
        return (["params"] + names).joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
    }

    static func describe(_ error: DecodingError) -> String {
        let field = path(of: error)
        switch error {
        case .keyNotFound: return "\(field) is required"
        case .typeMismatch(let type, _): return "\(field) must be \(typeName(type))"
        case .valueNotFound(let type, _): return "\(field) must be \(typeName(type)), not null"
        case .dataCorrupted(let context): return "\(field): \(context.debugDescription)"
        @unknown default: return "\(field) is invalid"
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type, is Int32.Type: "a whole number"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default:
            String(describing: type).hasPrefix("Array") ? "a list" : (String(describing: type).hasPrefix("Dictionary") ? "an object" : "\(type)")
        }
    }
}
