import Crypto
import Foundation
import Messages

/// The audit trail's hash chain (全过程记录): every entry commits to the one before it, so changing, inserting,
/// removing or reordering any entry breaks the chain from that entry on.
///
/// ## The exact formula
///
/// Each field is written as a netstring, `field(s) = len ‖ ":" ‖ s ‖ ","`, where `s` is the field's UTF-8 bytes and
/// `len` their count in ASCII decimal. An entry's canonical serialisation is
///
///     canonical = field("jg-audit-v1") ‖ field(seq in ASCII decimal) ‖ field(at) ‖ field(taskId) ‖ field(action)
///               ‖ field(subject) ‖ field(actorRole) ‖ field(actorDept) ‖ field(actorUser) ‖ field(detail)
///               ‖ field(digest)
///
/// with absent values written as the empty string, and `detail` the entry's stored JSON text byte for byte. Then
///
///     hash(n) = lowercase hex of SHA-256( ASCII bytes of hash(n − 1) ‖ canonical(n) )
///
/// where `hash(0)`, the predecessor of the first entry, is 64 `"0"` characters. In Python:
/// `hashlib.sha256((prev_hex + canonical).encode()).hexdigest()`.
///
/// `digest` is the SHA-256 of a result's content after the action (see `ResultDigest`), or empty when the entry is
/// about a task; `audit.verify` compares it with the result as stored, so a direct edit of a result row is caught
/// even though the result table itself is not chained.
public enum AuditChain {
    /// The predecessor hash of the first entry.
    public static let genesisHash = String(repeating: "0", count: 64)
    /// The first field of every canonical serialisation; a new format gets a new tag.
    public static let formatTag = "jg-audit-v1"

    /// The hashed fields of one entry, in canonical order.
    public struct Entry: Sendable, Hashable {
        public var seq: Int64
        public var at: String
        public var taskId: String
        public var action: String
        public var subject: String
        public var actorRole: String
        public var actorDept: String
        public var actorUser: String
        public var detail: String
        public var digest: String

        public init(
            seq: Int64, at: String, taskId: String, action: String, subject: String, actorRole: String, actorDept: String, actorUser: String,
            detail: String, digest: String
        ) {
            self.seq = seq
            self.at = at
            self.taskId = taskId
            self.action = action
            self.subject = subject
            self.actorRole = actorRole
            self.actorDept = actorDept
            self.actorUser = actorUser
            self.detail = detail
            self.digest = digest
        }

        var fields: [String] { [AuditChain.formatTag, String(seq), at, taskId, action, subject, actorRole, actorDept, actorUser, detail, digest] }
    }

    /// The canonical serialisation of `entry` (the bytes hashed after the previous hash).
    public static func canonical(_ entry: Entry) -> [UInt8] {
        var hasher = ChainHasher()
        for field in entry.fields { hasher.field(field) }
        return hasher.buffer
    }

    /// `hash(n)` of `entry` following an entry whose hash is `previous`.
    public static func hash(previous: String, entry: Entry) -> String {
        var hasher = ChainHasher()
        hasher.begin(previous: Array(previous.utf8))
        for field in entry.fields { hasher.field(field) }
        return String(decoding: hasher.finish(), as: UTF8.self)
    }
}

/// Builds `previous ‖ canonical` in one reusable buffer and hashes it; the fast path of `audit.verify`.
struct ChainHasher {
    private(set) var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(1_024) }

    mutating func begin(previous: some Collection<UInt8>) {
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: previous)
    }

    mutating func field(_ text: String) {
        var text = text
        text.withUTF8 { field(UnsafeRawBufferPointer($0)) }
    }

    mutating func field(_ data: Data?) {
        guard let data else {
            field(UnsafeRawBufferPointer(start: nil, count: 0))
            return
        }
        data.withUnsafeBytes { field($0) }
    }

    mutating func field(_ bytes: UnsafeRawBufferPointer) {
        appendDecimal(bytes.count)
        buffer.append(UInt8(ascii: ":"))
        buffer.append(contentsOf: bytes)
        buffer.append(UInt8(ascii: ","))
    }

    private mutating func appendDecimal(_ value: Int) {
        if value >= 10 { appendDecimal(value / 10) }
        buffer.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// Lowercase hex of SHA-256 over the buffer (64 ASCII bytes).
    func finish() -> [UInt8] { Hex.encode(SHA256.hash(data: buffer)) }

    /// `finish()` into a caller's buffer, reused across entries (the verify loop).
    func finish(into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        Hex.append(SHA256.hash(data: buffer), to: &out)
    }
}

extension Data {
    /// Whether these bytes equal `bytes` (memcmp, not an element-by-element iterator).
    func equals(_ bytes: [UInt8]) -> Bool {
        guard count == bytes.count else { return false }
        if bytes.isEmpty { return true }
        return withUnsafeBytes { data in
            bytes.withUnsafeBytes { other in
                guard let left = data.baseAddress, let right = other.baseAddress else { return false }
                return memcmp(left, right, other.count) == 0
            }
        }
    }
}

/// The SHA-256 of a result's content, recorded in the audit entry that wrote it (`record`, `correct`).
///
/// `digest = hex SHA-256( field("jg-result-v1") ‖ field(id) ‖ field(taskId) ‖ field(uscc) ‖ field(item) ‖ field(dept)
/// ‖ field(outcome) ‖ field(deadline) ‖ field(findings) ‖ field(internalNotes) ‖ field(evidence JSON)
/// ‖ field(signedBy JSON) ‖ field(recordedBy) ‖ field(recordedAt) ‖ field(corrects) )`, netstrings as in `AuditChain`,
/// absent values empty, the JSON fields as stored.
enum ResultDigest {
    static func of(_ fields: [String]) -> String {
        var hasher = ChainHasher()
        hasher.field("jg-result-v1")
        for field in fields { hasher.field(field) }
        return String(decoding: hasher.finish(), as: UTF8.self)
    }
}
