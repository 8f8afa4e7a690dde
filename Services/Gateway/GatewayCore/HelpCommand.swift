import Messages

/// `help`, `help <service>` and `help <service> <noun.verb>`: text from the services' `methods.list`.
public struct HelpCommand: Sendable, Equatable {
    public var service: String?
    public var method: String?

    /// Nil unless the line is a help command.
    public init?(_ line: String) {
        let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        guard words.first == "help", words.count <= 3 else { return nil }
        service = words.count > 1 ? words[1] : nil
        method = words.count > 2 ? words[2] : nil
    }

    public static func overview(services: [String]) -> String {
        """
        Jianguan text commands: <service> <noun.verb> [key=value | key:=<json>]…
          values: true/false, null, numbers, lists a,b; "quoted" stays text; key:=<json> passes JSON
          help <service>            the methods of a service
          help <service> <method>   one method's parameters
        services: \(services.joined(separator: ", "))
        example: catalog items.list domain=gas-safety

        """
    }

    /// The help text for a service, or one of its methods.
    public func render(_ list: SystemMessages.MethodList) -> String {
        if let method {
            guard let spec = list.methods.first(where: { $0.name == method }) else {
                return "\(list.service) has no method \(method); `help \(list.service)` lists them\n"
            }
            var lines = ["\(list.service) \(spec.name)\(spec.mutating ? "  (changes state; idempotent on the request id)" : "")", "  \(spec.summary)"]
            if spec.params.isEmpty { lines.append("  no parameters") }
            for param in spec.params {
                let fields = param.fields.map { "{\($0.joined(separator: ", "))}" }.map { param.type == "array" ? "[\($0)]" : $0 }
                let doc = [fields, param.doc.isEmpty ? nil : param.doc].compactMap { $0 }.joined(separator: " ")
                lines.append("  \(param.name)=<\(param.type)>\(param.required ? " (required)" : "")\(doc.isEmpty ? "" : "  \(doc)")")
            }
            return lines.joined(separator: "\n") + "\n"
        }
        let width = list.methods.map(\.name.count).max() ?? 0
        let rows = list.methods.map { "  \($0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0))\($0.summary)" }
        return (["\(list.service): \(list.methods.count) methods"] + rows).joined(separator: "\n") + "\n"
    }
}
