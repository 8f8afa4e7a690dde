import ArgumentParser
import Bus
import Foundation
import GatewayCore
import Messages
import ZeroMQ

/// `jg`: the operators' command line, speaking MDP/0.2 to the gateway's broker.
@main
struct JG: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jg",
        abstract: "Jianguan (监管) command line: call any method of any service over the bus.",
        discussion: """
            Examples:
              jg health
              jg catalog health.check
              jg catalog items.list domain=gas-safety
              jg call catalog items.list '{"domain":"gas-safety"}'
            Values are typed: numbers, true/false, lists a,b; key:=<json> passes JSON.
            Exit codes: 0 OK, 1 the service answered an error, 2 usage.
            """,
        subcommands: [Health.self, Call.self, Command.self],
        defaultSubcommand: Command.self
    )

    /// Usage errors exit 2 (not ArgumentParser's 64), as the README documents.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// Options every subcommand shares.
struct BusOptions: ParsableArguments {
    @Option(help: "Broker endpoint (JG_GATEWAY).")
    var gateway: String = ProcessInfo.processInfo.environment["JG_GATEWAY"] ?? "tcp://127.0.0.1:5555"

    @Option(help: "Milliseconds to wait for each attempt.")
    var timeout: Int = 5_000

    @Option(help: #"Actor to act as, as JSON, e.g. '{"dept":"hy-market","role":"operator"}' (until tokens land)."#)
    var actor: String?

    @Flag(help: "Print the raw reply envelope (for scripts).")
    var json = false

    func parsedActor() throws -> Actor? {
        guard let actor else { return nil }
        guard let decoded = try? Wire.decode(Actor.self, from: Data(actor.utf8)) else {
            throw ValidationError(#"--actor must be JSON like {"dept":"hy-market","role":"operator"}"#)
        }
        return decoded
    }

    /// Sends one request and prints the reply; throws `ExitCode(1)` for an error reply.
    func call(service: String, method: String, params: JSONValue) throws {
        let envelope = RequestEnvelope(method: method, params: params, actor: try parsedActor(), deadlineMs: timeout)
        let context = try ZMQContext()
        let client = MDPClient(context: context, endpoint: gateway)
        let body: [Data]
        do {
            body = try client.request(service: service, body: [Wire.encode(envelope)], timeoutMs: timeout, retries: 2)
        } catch let error as BusError {
            FileHandle.standardError.write(Data("jg: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
        guard let first = body.first, let reply = try? Wire.decode(AnyReply.self, from: first) else {
            FileHandle.standardError.write(Data("jg: \(service) answered something that is not a reply envelope\n".utf8))
            throw ExitCode(1)
        }
        if json {
            print(String(decoding: first, as: UTF8.self))
        } else if reply.status == .ok {
            print(Pretty.json(reply.result ?? .null))
        } else {
            var text = "\(reply.status.rawValue): \(reply.error?.message ?? "")"
            if let details = reply.error?.details { text += "\n" + Pretty.json(details) }
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
        if reply.status != .ok { throw ExitCode(1) }
    }
}

enum Pretty {
    static func json(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
    }
}

/// `jg <service> <noun.verb> key=value…`
struct Command: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Call a method with key=value parameters (the default).")

    @OptionGroup var options: BusOptions

    @Argument(parsing: .allUnrecognized, help: "<service> <noun.verb> [key=value | key:=<json>]…")
    var words: [String] = []

    func run() throws {
        let command: TextCommand
        do {
            command = try TextCommand.parse(arguments: words)
        } catch {
            throw ValidationError(error.description)
        }
        try options.call(service: command.service, method: command.method, params: .object(command.params))
    }
}

/// `jg call <service> <method> '<json>'`
struct Call: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Call a method with its parameters as one JSON object.")

    @OptionGroup var options: BusOptions
    @Argument(help: "Service name, e.g. catalog.") var service: String
    @Argument(help: "Method name, e.g. items.list.") var method: String
    @Argument(help: "Parameters as a JSON object.") var params: String = "{}"

    func run() throws {
        guard let decoded = try? Wire.decode(JSONValue.self, from: Data(params.utf8)), case .object = decoded else {
            throw ValidationError("parameters must be a JSON object, e.g. '{\"domain\":\"gas-safety\"}'")
        }
        try options.call(service: service, method: method, params: decoded)
    }
}

/// `jg health`: every service's workers and `health.check`.
struct Health: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show whether every service is up.")

    @OptionGroup var options: BusOptions

    func run() throws {
        let services = (ProcessInfo.processInfo.environment["JG_SERVICES"]?.split(separator: ",").map(String.init))
            ?? ["catalog", "planning", "inspection", "credit", "referral", "warning"]
        let context = try ZMQContext()
        let client = MDPClient(context: context, endpoint: options.gateway)
        var allUp = true
        var rows: [[String]] = [["SERVICE", "STATUS", "UPTIME", "OUTBOX"]]
        for service in services {
            guard (try? client.hasWorkers(service, timeoutMs: options.timeout)) == true else {
                rows.append([service, "DOWN", "-", "-"])
                allUp = false
                continue
            }
            let envelope = RequestEnvelope(method: "health.check", params: SystemMessages.Empty())
            if let body = try? client.request(service: service, body: [Wire.encode(envelope)], timeoutMs: options.timeout, retries: 0),
                let first = body.first, let reply = try? Wire.decode(ReplyEnvelope<SystemMessages.Health>.self, from: first),
                let health = reply.result
            {
                rows.append([service, "up", String(format: "%.0fs", health.uptimeSeconds), "\(health.outboxSeq)"])
            } else {
                rows.append([service, "NOT ANSWERING", "-", "-"])
                allUp = false
            }
        }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            print(row.enumerated().map { $0.element.padding(toLength: widths[$0.offset] + 2, withPad: " ", startingAt: 0) }.joined())
        }
        if !allUp { throw ExitCode(1) }
    }
}
