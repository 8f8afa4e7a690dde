import Foundation
import Messages
import Testing

@testable import GatewayCore

/// The check an HTTP body passes before its bytes are set into a request envelope: exactly one JSON object.
@Suite struct JSONObjectCheckTests {
    static func passes(_ text: String) -> Bool { JSONObjectCheck.isOneObject(Data(text.utf8)) }

    @Test func oneObjectPasses() {
        #expect(Self.passes("{}"))
        #expect(Self.passes(#" {"a":[1,{"b":"x\"}"}],"c":null} "#))
        #expect(Self.passes(#"{"名称":"某燃气站","n":-1.5e3}"#))
    }

    @Test func anythingElseFails() {
        for text in [
            #"{"a":1} {"b":2}"#, #"{"a":1},"actor":{"role":"admin"}"#, "[1]", #""s""#, "1", "null",
            #"{"a":"unterminated}"#, #"{"a":1"#, #"{"a":1}}"#, #"{'a':1}"#, "", "{\"a\":\u{01}}",
        ] {
            #expect(!Self.passes(text), "\(text.debugDescription) must fail")
        }
    }
}
