import Bus
import Foundation
import Testing

/// Every MDP/0.2 command, encoded and decoded, against frames written out by hand from RFC 18/MDP
/// (https://rfc.zeromq.org/spec:18/MDP): no empty frame before the header (0.2), one command byte, and the
/// empty delimiter only between the client address and the body of worker REQUEST/PARTIAL/FINAL.
@Suite struct MDPFramingTests {
    static func bytes(_ text: String) -> Data { Data(text.utf8) }

    // Hand-written frames, byte by byte.
    static let mdpc02 = Data([0x4D, 0x44, 0x50, 0x43, 0x30, 0x32])  // "MDPC02"
    static let mdpw02 = Data([0x4D, 0x44, 0x50, 0x57, 0x30, 0x32])  // "MDPW02"
    static let client = Data([0x00, 0x6B, 0x8B, 0x45, 0x67])  // a ROUTER-generated 5-byte identity

    @Test func clientRequest() throws {
        let frames = [Self.mdpc02, Data([0x01]), Self.bytes("catalog"), Self.bytes("{}")]
        #expect(MDP.ClientMessage.request(service: "catalog", body: [Self.bytes("{}")]).frames == frames)
        #expect(try MDP.ClientMessage(frames: frames) == .request(service: "catalog", body: [Self.bytes("{}")]))
    }

    @Test func clientPartialAndFinal() throws {
        let partial = [Self.mdpc02, Data([0x02]), Self.bytes("catalog"), Self.bytes("a"), Self.bytes("b")]
        let final = [Self.mdpc02, Data([0x03]), Self.bytes("catalog"), Self.bytes("c")]
        #expect(MDP.ClientMessage.partial(service: "catalog", body: [Self.bytes("a"), Self.bytes("b")]).frames == partial)
        #expect(MDP.ClientMessage.final(service: "catalog", body: [Self.bytes("c")]).frames == final)
        #expect(try MDP.ClientMessage(frames: partial) == .partial(service: "catalog", body: [Self.bytes("a"), Self.bytes("b")]))
        #expect(try MDP.ClientMessage(frames: final) == .final(service: "catalog", body: [Self.bytes("c")]))
    }

    @Test func workerReady() throws {
        let frames = [Self.mdpw02, Data([0x01]), Self.bytes("credit")]
        #expect(MDP.WorkerMessage.ready(service: "credit").frames == frames)
        #expect(try MDP.WorkerMessage(frames: frames) == .ready(service: "credit"))
    }

    @Test func workerRequestPartialFinal() throws {
        let body = Self.bytes(#"{"v":1}"#)
        let request = [Self.mdpw02, Data([0x02]), Self.client, Data(), body]
        let partial = [Self.mdpw02, Data([0x03]), Self.client, Data(), body]
        let final = [Self.mdpw02, Data([0x04]), Self.client, Data(), body]
        #expect(MDP.WorkerMessage.request(client: Self.client, body: [body]).frames == request)
        #expect(MDP.WorkerMessage.partial(client: Self.client, body: [body]).frames == partial)
        #expect(MDP.WorkerMessage.final(client: Self.client, body: [body]).frames == final)
        #expect(try MDP.WorkerMessage(frames: request) == .request(client: Self.client, body: [body]))
        #expect(try MDP.WorkerMessage(frames: partial) == .partial(client: Self.client, body: [body]))
        #expect(try MDP.WorkerMessage(frames: final) == .final(client: Self.client, body: [body]))
    }

    @Test func workerHeartbeatAndDisconnect() throws {
        #expect(MDP.WorkerMessage.heartbeat.frames == [Self.mdpw02, Data([0x05])])
        #expect(MDP.WorkerMessage.disconnect.frames == [Self.mdpw02, Data([0x06])])
        #expect(try MDP.WorkerMessage(frames: [Self.mdpw02, Data([0x05])]) == .heartbeat)
        #expect(try MDP.WorkerMessage(frames: [Self.mdpw02, Data([0x06])]) == .disconnect)
    }

    @Test func malformedMessagesAreRejectedWithAReason() {
        // MDP/0.1 style: an empty frame before the header.
        #expect(throws: MDP.FrameError.wrongHeader(Data())) { try MDP.ClientMessage(frames: [Data(), Self.mdpc02, Data([0x01]), Self.bytes("x")]) }
        #expect(throws: MDP.FrameError.wrongHeader(Self.bytes("MDPC01"))) {
            try MDP.ClientMessage(frames: [Self.bytes("MDPC01"), Data([0x01]), Self.bytes("x")])
        }
        #expect(throws: MDP.FrameError.tooFewFrames(expected: 3, got: 2)) { try MDP.ClientMessage(frames: [Self.mdpc02, Data([0x01])]) }
        #expect(throws: MDP.FrameError.unknownCommand(0x07)) { try MDP.WorkerMessage(frames: [Self.mdpw02, Data([0x07])]) }
        #expect(throws: MDP.FrameError.unknownCommand(nil)) { try MDP.WorkerMessage(frames: [Self.mdpw02, Data()]) }
        #expect(throws: MDP.FrameError.missingDelimiter) {
            try MDP.WorkerMessage(frames: [Self.mdpw02, Data([0x04]), Self.client, Self.bytes("not empty"), Self.bytes("body")])
        }
        #expect(throws: MDP.FrameError.tooFewFrames(expected: 3, got: 2)) { try MDP.WorkerMessage(frames: [Self.mdpw02, Data([0x01])]) }
        #expect(throws: MDP.FrameError.invalidServiceName) { try MDP.WorkerMessage(frames: [Self.mdpw02, Data([0x01]), Data()]) }
    }
}
