import Foundation

/// Majordomo Protocol 0.2 (ZeroMQ RFC 18/MDP) frames, exactly as the spec writes them.
///
/// MDP/0.2 has **no empty delimiter frame** at the start of commands (0.1 had one); clients and workers use
/// DEALER sockets. The only empty frame is the one between the client address and the body in worker
/// REQUEST/PARTIAL/FINAL commands.
public enum MDP {
    public static let clientHeader = Data("MDPC02".utf8)
    public static let workerHeader = Data("MDPW02".utf8)
    /// The management service (8/MMI) the broker answers itself.
    public static let mmiService = "mmi.service"

    /// Client ↔ broker commands.
    public enum ClientCommand: UInt8, Sendable {
        case request = 0x01
        case partial = 0x02
        case final = 0x03
    }

    /// Worker ↔ broker commands.
    public enum WorkerCommand: UInt8, Sendable {
        case ready = 0x01
        case request = 0x02
        case partial = 0x03
        case final = 0x04
        case heartbeat = 0x05
        case disconnect = 0x06
    }

    /// Why a message was not MDP/0.2; the broker logs it and drops the message.
    public enum FrameError: Error, Equatable, CustomStringConvertible {
        case tooFewFrames(expected: Int, got: Int)
        case wrongHeader(Data)
        case unknownCommand(UInt8?)
        case missingDelimiter
        case invalidServiceName

        public var description: String {
            switch self {
            case .tooFewFrames(let expected, let got): "expected at least \(expected) frames, got \(got)"
            case .wrongHeader(let header): "unknown protocol header \(String(decoding: header.prefix(16), as: UTF8.self).debugDescription)"
            case .unknownCommand(let command): "unknown command \(command.map { String(format: "0x%02x", $0) } ?? "(empty frame)")"
            case .missingDelimiter: "missing empty frame between client address and body"
            case .invalidServiceName: "service name is not UTF-8"
            }
        }
    }

    /// A message between a client and the broker (frames as the client's DEALER sees them).
    public enum ClientMessage: Equatable, Sendable {
        case request(service: String, body: [Data])
        case partial(service: String, body: [Data])
        case final(service: String, body: [Data])

        public var frames: [Data] {
            switch self {
            case .request(let service, let body): [MDP.clientHeader, Data([ClientCommand.request.rawValue]), Data(service.utf8)] + body
            case .partial(let service, let body): [MDP.clientHeader, Data([ClientCommand.partial.rawValue]), Data(service.utf8)] + body
            case .final(let service, let body): [MDP.clientHeader, Data([ClientCommand.final.rawValue]), Data(service.utf8)] + body
            }
        }

        public init(frames: [Data]) throws(FrameError) {
            guard frames.count >= 3 else { throw .tooFewFrames(expected: 3, got: frames.count) }
            guard frames[0] == MDP.clientHeader else { throw .wrongHeader(frames[0]) }
            guard frames[1].count == 1, let command = ClientCommand(rawValue: frames[1][frames[1].startIndex]) else {
                throw .unknownCommand(frames[1].first)
            }
            guard let service = String(data: frames[2], encoding: .utf8) else { throw .invalidServiceName }
            let body = Array(frames[3...])
            switch command {
            case .request: self = .request(service: service, body: body)
            case .partial: self = .partial(service: service, body: body)
            case .final: self = .final(service: service, body: body)
            }
        }
    }

    /// A message between a worker and the broker (frames as the worker's DEALER sees them).
    public enum WorkerMessage: Equatable, Sendable {
        case ready(service: String)
        case request(client: Data, body: [Data])
        case partial(client: Data, body: [Data])
        case final(client: Data, body: [Data])
        case heartbeat
        case disconnect

        public var frames: [Data] {
            let header = MDP.workerHeader
            switch self {
            case .ready(let service): return [header, Data([WorkerCommand.ready.rawValue]), Data(service.utf8)]
            case .request(let client, let body): return [header, Data([WorkerCommand.request.rawValue]), client, Data()] + body
            case .partial(let client, let body): return [header, Data([WorkerCommand.partial.rawValue]), client, Data()] + body
            case .final(let client, let body): return [header, Data([WorkerCommand.final.rawValue]), client, Data()] + body
            case .heartbeat: return [header, Data([WorkerCommand.heartbeat.rawValue])]
            case .disconnect: return [header, Data([WorkerCommand.disconnect.rawValue])]
            }
        }

        public init(frames: [Data]) throws(FrameError) {
            guard frames.count >= 2 else { throw .tooFewFrames(expected: 2, got: frames.count) }
            guard frames[0] == MDP.workerHeader else { throw .wrongHeader(frames[0]) }
            guard frames[1].count == 1, let command = WorkerCommand(rawValue: frames[1][frames[1].startIndex]) else {
                throw .unknownCommand(frames[1].first)
            }
            switch command {
            case .ready:
                guard frames.count >= 3 else { throw .tooFewFrames(expected: 3, got: frames.count) }
                guard let service = String(data: frames[2], encoding: .utf8), !service.isEmpty else { throw .invalidServiceName }
                self = .ready(service: service)
            case .request, .partial, .final:
                guard frames.count >= 4 else { throw .tooFewFrames(expected: 4, got: frames.count) }
                guard frames[3].isEmpty else { throw .missingDelimiter }
                let client = frames[2]
                let body = Array(frames[4...])
                self =
                    switch command {
                    case .request: .request(client: client, body: body)
                    case .partial: .partial(client: client, body: body)
                    default: .final(client: client, body: body)
                    }
            case .heartbeat: self = .heartbeat
            case .disconnect: self = .disconnect
            }
        }
    }
}
