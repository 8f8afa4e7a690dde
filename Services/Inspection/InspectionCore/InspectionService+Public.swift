import Foundation
import Messages
import ServiceRunner

extension InspectionService {
    func registerPublicRoutes(_ router: inout MethodRouter) {
        let configuration = configuration

        router.register(
            "public.results", summary: "Published results (公示) of an entity, newest first: no internal notes, no inspectors. No token needed.",
            params: [.init("uscc", "string", required: true)]
        ) { (params: M.PublicResultsQuery, _) in
            try USCC.validate(params.uscc, field: "params.uscc")
            return M.PublicResults(uscc: params.uscc, results: try await database.read { db in try ResultStore.published(db, uscc: params.uscc) })
        }

        router.register(
            "recognition.check", summary: "Whether a published result of this item for this entity is recognised (互认), and until when.",
            params: [.init("uscc", "string", required: true), .init("item", "string", required: true)]
        ) { (params: M.RecognitionQuery, context) in
            _ = try AccessPolicy.caller(context)
            try USCC.validate(params.uscc, field: "params.uscc")
            guard !params.item.isEmpty else { throw InspectionError.missing("params.item") }
            let days = configuration.recognitionDays
            let hit = try await database.read { db in try Recognition.find(db, uscc: params.uscc, item: params.item, now: Date(), days: days) }
            return M.Recognition(uscc: params.uscc, item: params.item, recognised: hit != nil, result: hit, periodDays: days)
        }
    }
}
