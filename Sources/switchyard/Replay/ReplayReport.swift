import Foundation

/// The summary of a replay: per policy the route mix, cost, latency and savings vs the baseline.
struct ReplayReport {
    let results: [ReplayPolicyResult]
    let baseline: String
    let timeScale: Double

    struct Summary {
        var policy: String
        var requests: Int
        var failed: Int
        var routeMix: [(String, Int)]
        var costPicodollars: Int64
        var meanLatency: Double
        var p95Latency: Double
        /// Share of labelled requests whose route equals their label (virtual models only).
        var labelAgreement: Double?
        /// Share of cascade-judged requests that escalated, when the policy has a cascade.
        var escalationRate: Double?
    }

    var summaries: [Summary] {
        results.map { run in
            let latencies = run.results.map(\.latencySeconds).sorted()
            var mix: [String: Int] = [:]
            for result in run.results { mix[result.route, default: 0] += 1 }
            let labelled = run.results.filter { $0.label != nil }
            let routed = run.results.contains { $0.route != "explicit" && $0.route != "error" }
            let agreement = routed && !labelled.isEmpty ? Double(labelled.filter { $0.label == $0.route }.count) / Double(labelled.count) : nil
            let judged = run.results.filter { $0.cascade != nil }
            let escalation = judged.isEmpty ? nil : Double(judged.filter { $0.cascade == "escalated" }.count) / Double(judged.count)
            return Summary(
                policy: run.policy, requests: run.results.count, failed: run.results.filter { $0.status != 200 }.count,
                routeMix: mix.sorted { $0.value > $1.value }, costPicodollars: run.results.reduce(0) { $0 + $1.costPicodollars },
                meanLatency: latencies.isEmpty ? 0 : latencies.reduce(0, +) / Double(latencies.count),
                p95Latency: latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, latencies.count * 95 / 100)], labelAgreement: agreement,
                escalationRate: escalation
            )
        }
    }

    static func dollars(_ picodollars: Int64) -> String { String(format: "$%.4f", Double(picodollars) / 1e12) }

    func table() -> String {
        let all = summaries
        let baseCost = all.first { $0.policy == baseline }?.costPicodollars ?? 0
        var lines = ["policy\trequests\tfailed\tcost\tsaved_vs_\(baseline)\tmean_s\tp95_s\tlabel_agreement\tescalated\troute_mix"]
        for summary in all {
            let saved = baseCost > 0 ? String(format: "%.1f%%", 100 * (1 - Double(summary.costPicodollars) / Double(baseCost))) : "-"
            let agreement = summary.labelAgreement.map { String(format: "%.1f%%", $0 * 100) } ?? "-"
            let escalated = summary.escalationRate.map { String(format: "%.1f%%", $0 * 100) } ?? "-"
            let mix = summary.routeMix.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
            lines.append([
                summary.policy, "\(summary.requests)", "\(summary.failed)", Self.dollars(summary.costPicodollars), saved,
                String(format: "%.2f", summary.meanLatency), String(format: "%.2f", summary.p95Latency), agreement, escalated, mix,
            ].joined(separator: "\t"))
        }
        lines.append("(simulator at time scale \(timeScale); latencies reported in real-time seconds)")
        return lines.joined(separator: "\n")
    }

    func csv() -> String {
        var lines = ["policy,index,label,route,model,status,input_tokens,output_tokens,cost_microdollars,cost_picodollars,latency_ms,cascade"]
        for run in results {
            for result in run.results {
                lines.append([
                    run.policy, "\(result.index)", result.label ?? "", result.route, result.model, "\(result.status)", "\(result.inputTokens)",
                    "\(result.outputTokens)", "\(result.costMicroDollars)", "\(result.costPicodollars)", String(format: "%.1f", result.latencySeconds * 1000), result.cascade ?? "",
                ].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Two bar charts side by side: total cost and mean latency per policy.
    func svg() -> String {
        let all = summaries
        let maxCost = Double(all.map(\.costPicodollars).max() ?? 1)
        let maxLatency = all.map(\.meanLatency).max() ?? 1
        let barWidth = 60.0, gap = 30.0, height = 220.0, top = 40.0
        let panelWidth = Double(all.count) * (barWidth + gap) + gap
        var svg = #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(Int(panelWidth * 2 + 40))" height="\#(Int(height + 110))" font-family="sans-serif" font-size="12">"#
        svg += "\n" + #"<rect width="100%" height="100%" fill="white"/>"#
        for (panel, title) in ["Total cost (USD)", "Mean latency (s)"].enumerated() {
            let x0 = Double(panel) * (panelWidth + 40)
            svg += "\n" + #"<text x="\#(x0 + 10)" y="20" font-weight="bold">\#(title)</text>"#
            for (index, summary) in all.enumerated() {
                let value = panel == 0 ? Double(summary.costPicodollars) / maxCost : summary.meanLatency / max(maxLatency, 1e-9)
                let label = panel == 0 ? Self.dollars(summary.costPicodollars) : String(format: "%.2f", summary.meanLatency)
                let x = x0 + gap + Double(index) * (barWidth + gap)
                let barHeight = max(1, value * height)
                let color = summary.policy == baseline ? "#9aa5b1" : "#2f80ed"
                svg += "\n" + #"<rect x="\#(x)" y="\#(top + height - barHeight)" width="\#(barWidth)" height="\#(barHeight)" fill="\#(color)"/>"#
                svg += "\n" + #"<text x="\#(x + barWidth / 2)" y="\#(top + height - barHeight - 4)" text-anchor="middle">\#(label)</text>"#
                svg += "\n" + #"<text x="\#(x + barWidth / 2)" y="\#(top + height + 16)" text-anchor="middle">\#(Self.escaped(summary.policy))</text>"#
            }
        }
        return svg + "\n</svg>\n"
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
