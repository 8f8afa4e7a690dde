import Bus
import Messages

/// `CreditSource` over the credit service, in batches of at most 10,000 entities.
///
/// Calls: `whitelist.check {usccs}` → `{whitelisted:[uscc]}`; `grades.lookup {usccs}` → `{grades:[grade]}` (in request order);
/// `grades.table` → `{grades:[{grade, samplingRatio | ratio, …}]}`.
struct BusCredit: CreditSource {
    let bus: BusClient
    static let batch = 10_000

    private struct Batch: Encodable, Sendable { var usccs: [String] }
    private struct WhitelistReply: Decodable { var whitelisted: [String] }
    private struct GradesReply: Decodable { var grades: [String] }
    private struct TableReply: Decodable {
        struct Row: Decodable {
            var grade: String
            var samplingRatio: Double?
            var ratio: Double?
        }
        var grades: [Row]
    }
    private struct Empty: Encodable, Sendable {}

    func whitelisted(_ ids: [String]) async throws -> Set<String> {
        var result = Set<String>()
        for start in stride(from: 0, to: ids.count, by: Self.batch) {
            let batch = Array(ids[start..<min(start + Self.batch, ids.count)])
            result.formUnion(try await bus.call("credit", "whitelist.check", Batch(usccs: batch), as: WhitelistReply.self).whitelisted)
        }
        return result
    }

    func grades(_ ids: [String]) async throws -> [String: String] {
        var result: [String: String] = [:]
        result.reserveCapacity(ids.count)
        for start in stride(from: 0, to: ids.count, by: Self.batch) {
            let batch = Array(ids[start..<min(start + Self.batch, ids.count)])
            let reply = try await bus.call("credit", "grades.lookup", Batch(usccs: batch), as: GradesReply.self)
            guard reply.grades.count == batch.count else {
                throw RemoteError(status: .internal, message: "credit grades.lookup answered \(reply.grades.count) grades for \(batch.count) entities")
            }
            for (uscc, grade) in zip(batch, reply.grades) { result[uscc] = grade }
        }
        return result
    }

    func gradeTable() async throws -> GradeTable {
        let reply = try await bus.call("credit", "grades.table", Empty(), as: TableReply.self)
        var ratios: [String: Double] = [:]
        for row in reply.grades {
            if let ratio = row.samplingRatio ?? row.ratio { ratios[row.grade] = ratio }
        }
        return GradeTable(ratios: ratios)
    }
}
