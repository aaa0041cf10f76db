import ArgumentParser
import SwitchyardCatalog
import SwitchyardGateway
import SwitchyardModel
import SwitchyardStorage
import Tracing

/// `switchyard bench observability`: what metrics and trace context add to one request, in process.
struct ObservabilityBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "observability",
        abstract: "Per-request cost of the Prometheus metrics and the W3C trace context (no exporter)."
    )

    @Option(name: .long, help: "Measured requests.") var operations = 200_000

    func run() async throws {
        let metrics = GatewayMetrics()
        let models = ["llama-3.1-8b", "deepseek-v3.2", "qwen3-coder", "kimi-k2.5"]
        let rows = models.map { model in
            UsageRecord(
                requestID: "req_bench", settledAtMillis: 1_795_305_600_000, keyPrefix: "sk-sy-AbCdEf", requestedModel: "auto", servedModel: model,
                provider: "simulator", route: "general", stream: false, usage: Usage(inputTokens: 120, outputTokens: 180), cost: Cost(picodollars: 126_000_000),
                status: 200, errorCode: nil, latency: .microseconds(900), timeToFirstToken: .microseconds(400), attempt: 0, classifier: "rules",
                decisionTime: .microseconds(6), baselineCost: Cost(picodollars: 300_000_000)
            )
        }
        let incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        // What one request pays: join or start the trace, its spans (request, route, admit, upstream,
        // settle; no tracer bootstrapped, as in the default build), its ledger row's metrics and its overhead.
        let perRequest = try AdmissionBench.measure(operations) { index in
            let trace = (TraceContext(traceparent: index % 2 == 0 ? incoming : nil) ?? .start()).child()
            precondition(!trace.header.isEmpty)
            let request = startSpan("chat", ofKind: .server)
            for stage in ["route", "admit", "upstream", "settle"] { startSpan(stage, context: request.context).end() }
            request.end()
            metrics.observe(rows[index % rows.count])
            metrics.observeOverhead(microseconds: 42)
        }
        let trace = try AdmissionBench.measure(operations) { index in
            precondition(!(TraceContext(traceparent: index % 2 == 0 ? incoming : nil) ?? .start()).child().header.isEmpty)
        }
        let row = try AdmissionBench.measure(operations) { index in metrics.observe(rows[index % rows.count]) }
        let scrape = try AdmissionBench.measure(200) { _ in precondition(!metrics.scrape().isEmpty) }
        print("stage\tp50_us\tp99_us\tmean_us\t(operations)")
        AdmissionBench.report("metrics + tracing per request (bar: p50 <= 10 us)", perRequest)
        AdmissionBench.report("  trace context (parse or start, child span id)", trace)
        AdmissionBench.report("  one ledger row's metrics (counters and histograms)", row)
        AdmissionBench.report("scrape /metrics (off the request path)", scrape)
    }
}
