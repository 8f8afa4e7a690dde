import GatewayCore
import Messages
import Testing

/// The text command grammar shared by `POST /v1/cmd` and `jg`.
@Suite struct TextCommandTests {
    @Test func serviceMethodAndTypedValues() throws {
        let command = try TextCommand.parse("catalog items.list domain=gas-safety page=2 limit=50 published=true ratio=0.05 code=0101 none=null")
        #expect(command.service == "catalog")
        #expect(command.method == "items.list")
        #expect(
            command.params == [
                "domain": "gas-safety", "page": 2, "limit": 50, "published": true, "ratio": .double(0.05), "code": "0101", "none": .null,
            ])
    }

    @Test func listsQuotingAndChineseText() throws {
        let command = try TextCommand.parse(#"referral clues.register depts=hy-market,hy-health counts=1,2 name="城镇 燃气" note='a=b c' 描述=燃气泄漏 n="42""#)
        #expect(command.params["depts"] == ["hy-market", "hy-health"])
        #expect(command.params["counts"] == [1, 2])
        #expect(command.params["name"] == "城镇 燃气")
        #expect(command.params["note"] == "a=b c")
        #expect(command.params["描述"] == "燃气泄漏")
        #expect(command.params["n"] == "42", "a quoted value stays a string")
    }

    @Test func jsonValuesAndEscapes() throws {
        let command = try TextCommand.parse(#"planning draws.preview seeds:='[[9319],[2,5,12,8,10]]' filter:='{"domain":"food"}' path=a\ b"#)
        #expect(command.params["seeds"] == [[9319], [2, 5, 12, 8, 10]])
        #expect(command.params["filter"] == ["domain": "food"])
        #expect(command.params["path"] == "a b")
    }

    @Test func argumentsAlreadySplitByTheShell() throws {
        let command = try TextCommand.parse(arguments: ["catalog", "guides.get", "domain=gas-safety", "title=城镇燃气 安全"])
        #expect(command.params == ["domain": "gas-safety", "title": "城镇燃气 安全"])
    }

    @Test func badCommandsSayWhatWasExpected() {
        let cases: [(String, TextCommandError)] = [
            ("", .empty),
            ("   ", .empty),
            ("catalog", .missingMethod(service: "catalog")),
            ("catalog items", .badMethod("items")),
            ("catalog items.list domain", .notKeyValue("domain")),
            ("catalog items.list =x", .badKey("=x")),
            ("catalog items.list x:={oops", .badJSON(key: "x", text: "{oops")),
            (#"catalog items.list name="open"#, .unterminatedQuote),
            (#"catalog items.list name=x\"#, .danglingEscape),
        ]
        for (line, expected) in cases {
            #expect(throws: expected, "\(line)") { try TextCommand.parse(line) }
        }
        #expect(TextCommandError.missingMethod(service: "catalog").description.contains("usage:"))
    }
}
