import ArgumentParser
import Bus
import Foundation
import GatewayCore
import ServiceRunner
import Messages
import ZeroMQ

/// `jg`: the operators' command line, speaking MDP/0.2 to the gateway's broker.
@main
struct JG: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jg",
        abstract: "Jianguan (监管) command line: call any method of any service over the bus.",
        discussion: """
            Examples:
              jg health
              jg catalog health.check
              jg catalog items.list domain=gas-safety
              jg call catalog items.list '{"domain":"gas-safety"}'
              jg import catalog entities entities.csv
              jg help catalog items.list
              jg login
              jg demo                    (issue #10's whole-suite scenario; make demo)
            The token comes from --token, JG_TOKEN, ~/.config/jianguan/token (jg login) or $JG_DATA_DIR/admin.token.
            Values are typed: numbers, true/false, lists a,b; key:=<json> passes JSON.
            Exit codes: 0 OK, 1 the service answered an error, 2 usage.
            """,
        subcommands: [Health.self, Call.self, Import.self, Login.self, Help.self, Keys.self, Admin.self, Demo.self, Command.self],
        defaultSubcommand: Command.self
    )

    /// Usage errors exit 2 (not ArgumentParser's 64), as the README documents. Async because `jg demo` drives the
    /// suite through the async bus client; every other subcommand runs as before.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
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

    @Option(help: "Bearer token (default: JG_TOKEN, then ~/.config/jianguan/token, then $JG_DATA_DIR/admin.token).")
    var token: String?

    @Flag(help: "Print the raw reply envelope (for scripts).")
    var json = false

    /// The token to present, by the documented order of places.
    func resolvedToken() -> String? {
        if let token, !token.isEmpty { return token }
        let environment = ProcessInfo.processInfo.environment
        if let token = environment["JG_TOKEN"], !token.isEmpty { return token }
        for path in [TokenFile.path, "\(environment["JG_DATA_DIR"] ?? "./data")/admin.token"] {
            if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if !token.isEmpty { return token }
            }
        }
        return nil
    }

    /// CURVE settings when `JG_CURVE_KEYS` names a key directory (`make keys`): `gateway.pub` and `jg.key`.
    func curve() throws -> CurveClient? {
        try CurveKeys.client("jg", configuration: SuiteConfiguration())
    }

    /// Sends one request and returns the reply envelope; bus failures exit 1 with the reason.
    func send(service: String, method: String, params: JSONValue) throws -> (AnyReply, Data) {
        let envelope = RequestEnvelope(method: method, params: params, token: resolvedToken(), deadlineMs: timeout)
        let context = try ZMQContext()
        let client = MDPClient(context: context, endpoint: gateway, curve: try curve())
        let body: [Data]
        let ticker = Ticker("\(service) \(method)")
        defer { ticker.stop() }
        do {
            body = try client.request(service: service, body: [Wire.encode(envelope)], timeoutMs: timeout, retries: 2)
            ticker.stop()
        } catch let error as BusError {
            ticker.stop()
            FileHandle.standardError.write(Data("jg: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
        guard let first = body.first, let reply = try? Wire.decode(AnyReply.self, from: first) else {
            FileHandle.standardError.write(Data("jg: \(service) answered something that is not a reply envelope\n".utf8))
            throw ExitCode(1)
        }
        return (reply, first)
    }

    /// Sends one request and prints the reply; throws `ExitCode(1)` for an error reply.
    func call(service: String, method: String, params: JSONValue) throws {
        let (reply, raw) = try send(service: service, method: method, params: params)
        if json {
            print(String(decoding: raw, as: UTF8.self))
        } else if reply.status == .ok {
            print(TableRenderer.render(reply.result ?? .null))
        } else {
            var text = "\(reply.status.rawValue): \(reply.error?.message ?? "")"
            if let details = reply.error?.details { text += "\n" + Pretty.json(details) }
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
        if reply.status != .ok { throw ExitCode(1) }
    }
}

/// Where `jg login` keeps the token.
enum TokenFile {
    static var path: String {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_CONFIG_HOME"] ?? "\(environment["HOME"] ?? ".")/.config"
        return "\(base)/jianguan/token"
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
        let client = MDPClient(context: context, endpoint: options.gateway, curve: try options.curve())
        var allUp = true
        var rows: [[String]] = [["SERVICE", "STATUS", "UPTIME", "OUTBOX"]]
        for service in services {
            guard (try? client.hasWorkers(service, timeoutMs: options.timeout)) == true else {
                rows.append([service, "DOWN", "-", "-"])
                allUp = false
                continue
            }
            let envelope = RequestEnvelope(method: "health.check", params: SystemMessages.Empty(), token: options.resolvedToken())
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

/// `jg login`: checks a token with the gateway and keeps it in ~/.config/jianguan/token (mode 0600).
struct Login: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check a token and keep it for later commands.")

    @OptionGroup var options: BusOptions

    func run() throws {
        var options = options
        if options.token == nil {
            FileHandle.standardError.write(Data("token: ".utf8))
            options.token = readLine()?.trimmingCharacters(in: .whitespaces)
        }
        guard let token = options.token, !token.isEmpty else { throw ValidationError("no token given") }
        let (reply, _) = try options.send(service: "gateway", method: "auth.whoami", params: .emptyObject)
        guard reply.status == .ok, let actor = try? (reply.result?["actor"] ?? .null).decode(Actor.self) else {
            FileHandle.standardError.write(Data("jg: \(reply.status.rawValue): \(reply.error?.message ?? "token refused")\n".utf8))
            throw ExitCode(1)
        }
        let directory = (TokenFile.path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        guard FileManager.default.createFile(atPath: TokenFile.path, contents: Data((token + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            FileHandle.standardError.write(Data("jg: cannot write \(TokenFile.path)\n".utf8))
            throw ExitCode(1)
        }
        print("logged in as \(actor.role.rawValue)\(actor.dept.map { " of \($0)" } ?? "")\(actor.user.map { " (\($0))" } ?? ""); token kept in \(TokenFile.path)")
    }
}

/// `jg help [service [method]]`
struct Help: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the services, a service's methods, or one method's parameters.")

    @OptionGroup var options: BusOptions
    @Argument(help: "A service, e.g. catalog.") var service: String?
    @Argument(help: "A method, e.g. items.list.") var method: String?

    func run() throws {
        guard let service else {
            print(HelpCommand.overview(services: ["catalog", "planning", "inspection", "credit", "referral", "warning", "gateway"]), terminator: "")
            return
        }
        let (reply, _) = try options.send(service: service, method: "methods.list", params: .emptyObject)
        guard reply.status == .ok, let list = try? (reply.result ?? .null).decode(SystemMessages.MethodList.self) else {
            FileHandle.standardError.write(Data("jg: \(reply.status.rawValue): \(reply.error?.message ?? "")\n".utf8))
            throw ExitCode(1)
        }
        let help = HelpCommand("help \(service)\(method.map { " \($0)" } ?? "")")
        print(help?.render(list) ?? "", terminator: "")
        if let method, !list.methods.contains(where: { $0.name == method }) { throw ExitCode(1) }
    }
}

/// `jg keys --dir <dir>`: CURVE key pairs for the gateway, the six services and jg (`make keys`).
struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Generate CURVE key pairs for every bus peer (make keys).")

    @Option(help: "Directory to write <peer>.key (mode 0600) and <peer>.pub into.")
    var dir: String = "./data/keys"

    @Flag(help: "Replace existing keys.")
    var replace = false

    func run() throws {
        guard ZMQCurve.isAvailable else {
            FileHandle.standardError.write(Data("jg: this libzmq has no CURVE support\n".utf8))
            throw ExitCode(1)
        }
        let written = try CurveKeys.generate(in: dir, replace: replace)
        print(written.isEmpty ? "keys already present in \(dir) (use --replace for new ones)" : "wrote keys for \(written.joined(separator: ", ")) into \(dir)")
        print("start every process with JG_CURVE_KEYS=\(dir) to turn CURVE on")
    }
}

/// `jg admin …`: the coordination office's operations on the whole suite.
struct Admin: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Operations on the whole suite (admin token).", subcommands: [Backup.self])

    /// `jg admin backup <dir>`: a consistent online backup of every service's database (`make restore DIR=…`).
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Back up every service's database into a directory while the suite runs.")

        @OptionGroup var options: BusOptions
        @Argument(help: "Directory for <service>.sqlite files (on the services' host).") var directory: String

        func run() throws {
            let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
            var failed = false
            var rows: [JSONValue] = []
            for service in ["gateway", "catalog", "planning", "inspection", "credit", "referral", "warning"] {
                let (reply, _) = try options.send(service: service, method: "admin.backup", params: ["directory": .string(absolute)])
                if reply.status == .ok, let result = reply.result {
                    rows.append(result)
                } else {
                    failed = true
                    FileHandle.standardError.write(Data("jg: \(service): \(reply.status.rawValue): \(reply.error?.message ?? "")\n".utf8))
                }
            }
            print(TableRenderer.render(.array(rows)))
            if failed { throw ExitCode(1) }
        }
    }
}
