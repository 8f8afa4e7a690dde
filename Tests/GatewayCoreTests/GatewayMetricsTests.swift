import Testing

@testable import GatewayCore

/// The gateway's Prometheus counters: what each call adds, and that callers cannot grow the label space.
@Suite struct GatewayMetricsTests {
    @Test func countsEachCallUnderItsLabelsAndKeepsCounting() {
        let metrics = GatewayMetrics()
        for _ in 0..<3 { metrics.record(service: "referral", method: "clues.register", status: "OK", milliseconds: 4) }
        metrics.record(service: "referral", method: "clues.register", status: "INVALID_ARGUMENT", milliseconds: 1)
        let text = metrics.exposition()
        #expect(text.contains(#"jg_requests_total{service="referral",method="clues.register",status="OK"} 3"#))
        #expect(text.contains(#"jg_requests_total{service="referral",method="clues.register",status="INVALID_ARGUMENT"} 1"#))
        // Four calls of at most 5 ms: all four in the 5 ms bucket, three of them above the 2 ms one.
        #expect(text.contains(#"jg_request_duration_seconds_bucket{service="referral",method="clues.register",le="0.005"} 4"#))
        #expect(text.contains(#"jg_request_duration_seconds_bucket{service="referral",method="clues.register",le="0.002"} 1"#))
    }

    @Test func foldsNamesNothingServesAndUnknownStatuses() {
        let metrics = GatewayMetrics()
        for index in 0..<500 {
            metrics.record(service: "svc\(index)", method: "m\(index)", status: "UNIMPLEMENTED", milliseconds: 0)
        }
        metrics.record(service: "catalog", method: "items.get", status: "SOMETHING_ELSE", milliseconds: 0)
        let text = metrics.exposition()
        #expect(text.contains(#"jg_requests_total{service="other",method="other",status="UNIMPLEMENTED"} 500"#))
        #expect(text.contains(#"jg_requests_total{service="catalog",method="items.get",status="INVALID"} 1"#))
        #expect(!text.contains("svc1"), "no caller-chosen service name becomes a label")
    }
}
