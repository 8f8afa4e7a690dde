import Foundation
import Messages

/// A text command, as typed at `jg` or posted to `/v1/cmd`: `<service> <noun.verb> key=value …`.
///
/// Grammar (one place, shared by HTTP and `jg`):
/// - words are separated by spaces; `'…'` and `"…"` quote (Chinese text needs no quoting), `\` escapes one character;
/// - `key=value`: an unquoted value is typed: `true`/`false`, `null`, a whole number (no leading zeros), a decimal,
///   a list when it contains `,` (`a,b`, each element typed the same way); anything else, or any quoted value,
///   is a string;
/// - `key:=<json>` takes the value as JSON (`items:='["HY-2025-04"]'`).
public struct TextCommand: Equatable, Sendable {
    public var service: String
    public var method: String
    public var params: [String: JSONValue]

    public init(service: String, method: String, params: [String: JSONValue] = [:]) {
        self.service = service
        self.method = method
        self.params = params
    }

    public static let usage = "usage: <service> <noun.verb> [key=value | key:=<json>]…  e.g. catalog items.list domain=gas-safety"

    /// Parses one command line; errors say what was expected.
    public static func parse(_ line: String) throws(TextCommandError) -> TextCommand {
        try parse(words: try tokenize(line))
    }

    /// Parses already split words (as a shell hands them to `jg`).
    public static func parse(arguments: [String]) throws(TextCommandError) -> TextCommand {
        // The shell already removed the quotes, so values are typed; `key:='"0101"'` forces a string.
        try parse(words: arguments.map { Word(text: $0, quoted: false) })
    }

    struct Word {
        var text: String
        /// Whether any part of the word was quoted: its value then stays a string.
        var quoted: Bool
    }

    static func parse(words: [Word]) throws(TextCommandError) -> TextCommand {
        guard let service = words.first?.text, !service.isEmpty else { throw .empty }
        guard words.count >= 2 else { throw .missingMethod(service: service) }
        let method = words[1].text
        guard method.contains("."), !method.hasPrefix("."), !method.hasSuffix(".") else { throw .badMethod(method) }
        var params: [String: JSONValue] = [:]
        for word in words.dropFirst(2) {
            let text = word.text
            if let range = text.range(of: ":="), let equals = text.firstIndex(of: "="), range.upperBound > equals {
                let key = String(text[..<range.lowerBound])
                try checkKey(key, in: text)
                let json = String(text[range.upperBound...])
                guard let value = try? Wire.decode(JSONValue.self, from: Data(json.utf8)) else { throw .badJSON(key: key, text: json) }
                params[key] = value
            } else if let equals = text.firstIndex(of: "=") {
                let key = String(text[..<equals])
                try checkKey(key, in: text)
                let raw = String(text[text.index(after: equals)...])
                params[key] = word.quoted ? .string(raw) : typed(raw)
            } else {
                throw .notKeyValue(text)
            }
        }
        return TextCommand(service: service, method: method, params: params)
    }

    static func checkKey(_ key: String, in word: String) throws(TextCommandError) {
        guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) else {
            throw .badKey(word)
        }
    }

    /// Types an unquoted value.
    public static func typed(_ raw: String) -> JSONValue {
        if raw.contains(",") {
            return .array(raw.split(separator: ",", omittingEmptySubsequences: false).map { scalar(String($0)) })
        }
        return scalar(raw)
    }

    static func scalar(_ raw: String) -> JSONValue {
        switch raw {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default: break
        }
        if raw.wholeMatch(of: /-?(0|[1-9][0-9]{0,17})/) != nil, let number = Int64(raw) { return .int(number) }
        if raw.wholeMatch(of: /-?(0|[1-9][0-9]*)\.[0-9]+/) != nil, let number = Double(raw) { return .double(number) }
        return .string(raw)
    }

    /// Splits a line into words, honouring quotes and backslash escapes.
    static func tokenize(_ line: String) throws(TextCommandError) -> [Word] {
        var words: [Word] = []
        var current = ""
        var quoted = false
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
                inWord = true
                continue
            }
            if character == "\\" {
                escaped = true
                continue
            }
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
                continue
            }
            if character == "\"" || character == "'" {
                quote = character
                quoted = true
                inWord = true
                continue
            }
            if character.isWhitespace {
                if inWord {
                    words.append(Word(text: current, quoted: quoted))
                    current = ""
                    quoted = false
                    inWord = false
                }
                continue
            }
            current.append(character)
            inWord = true
        }
        if quote != nil { throw .unterminatedQuote }
        if escaped { throw .danglingEscape }
        if inWord { words.append(Word(text: current, quoted: quoted)) }
        return words
    }
}

/// Why a text command could not be parsed; each message says what was expected.
public enum TextCommandError: Error, Equatable, CustomStringConvertible, ServiceError {
    case empty
    case missingMethod(service: String)
    case badMethod(String)
    case notKeyValue(String)
    case badKey(String)
    case badJSON(key: String, text: String)
    case unterminatedQuote
    case danglingEscape

    public var description: String {
        switch self {
        case .empty: "empty command; \(TextCommand.usage)"
        case .missingMethod(let service): "missing method after \(service.debugDescription); \(TextCommand.usage)"
        case .badMethod(let method): "\(method.debugDescription) is not a method name of the form noun.verb; \(TextCommand.usage)"
        case .notKeyValue(let word): "\(word.debugDescription) is not key=value or key:=<json>"
        case .badKey(let word): "\(word.debugDescription): a key is letters, digits, _ - or ."
        case .badJSON(let key, let text): "\(key):= expects JSON, got \(text.debugDescription)"
        case .unterminatedQuote: "a quote is not closed"
        case .danglingEscape: "the line ends with a lone backslash"
        }
    }

    public var status: Status { .invalidArgument }
    public var message: String { description }
}
