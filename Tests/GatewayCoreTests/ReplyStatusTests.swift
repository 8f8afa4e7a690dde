import Foundation
import Messages
import Testing

@testable import GatewayCore

/// The status the gateway reads off each reply for its HTTP code, metrics and access log.
@Suite struct ReplyStatusTests {
    @Test func readsTheStatusNearTheEndOfASortedReply() throws {
        let reply = try Wire.encode(AnyReply(id: "r1", status: .notFound, error: ErrorBody(message: "no \"status\":\"OK\" here")))
        #expect(ReplyStatus.scan(reply) == "NOT_FOUND")
        let ok = try Wire.encode(AnyReply(id: "r2", status: .ok, result: ["status": "closed"]))
        #expect(ReplyStatus.scan(ok) == "OK", "a result's own status field comes before the envelope's")
    }

    @Test func decodesAnyOtherShapeAndCallsGarbageInvalid() {
        #expect(ReplyStatus.scan(Data(#"{"status":"UNAVAILABLE","v":1,"id":"x","padding":"\#(String(repeating: "p", count: 200))"}"#.utf8)) == "UNAVAILABLE")
        #expect(ReplyStatus.scan(Data("not json".utf8)) == "INVALID")
        #expect(ReplyStatus.scan(Data()) == "INVALID")
    }
}
