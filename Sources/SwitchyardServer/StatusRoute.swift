import Foundation
import Hummingbird
import NIOCore
import SwitchyardGateway

/// `GET /status`: an HTML page of each model's health, latency and error rate over the last
/// minutes. Needs no key and shows only model ids, deployments, counts and timings.
struct StatusRoute {
    let service: ChatService
    let board: StatusBoard

    /// Adds `GET /status` to `router`.
    static func register(on router: Router<GatewayRequestContext>, service: ChatService, board: StatusBoard) {
        let route = StatusRoute(service: service, board: board)
        router.get("/status") { _, _ in route.handle() }
    }

    func handle() -> Response {
        let page = StatusPage.html(board.snapshot(of: service), window: board.window, generatedAt: Date())
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: page))
        )
    }
}

/// Renders the status page.
enum StatusPage {
    static func html(_ models: [ModelStatus], window: Duration, generatedAt: Date) -> String {
        let minutes = window.components.seconds / 60
        let overall: ModelStatus.Health = models.contains { $0.health == .down } ? .down
            : models.contains { $0.health == .degraded } ? .degraded : .up
        let stamp = HTTPDate.rfc3339(Int(generatedAt.timeIntervalSince1970))
        var rows = ""
        for model in models {
            let recent = model.recent
            let breakers = model.deployments.map { "\(escape($0.deployment)): \($0.breaker.rawValue)" }.joined(separator: "<br>")
            rows += """
                <tr class="\(model.health.rawValue)"><td>\(escape(model.model))</td><td>\(model.health.rawValue)</td>\
                <td>\(breakers.isEmpty ? "–" : breakers)</td><td>\(recent.requests)</td>\
                <td>\(recent.requests == 0 ? "–" : String(format: "%.1f%%", recent.errorRate * 100))</td>\
                <td>\(milliseconds(recent.p50))</td><td>\(milliseconds(recent.p95))</td></tr>

                """
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="15">
            <title>Switchyard status</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse}
            th,td{padding:.3rem .7rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
            tr.up td:nth-child(2){color:#1a7f37}tr.degraded td:nth-child(2){color:#9a6700}tr.down td:nth-child(2){color:#cf222e}
            </style></head><body>
            <h1>Switchyard status: \(overall.rawValue)</h1>
            <p>Each model over the last \(minutes) minutes; every upstream attempt counts once. Generated \(stamp).</p>
            <table><thead><tr><th>Model</th><th>Health</th><th>Deployments (breaker)</th><th>Requests</th>\
            <th>Error rate</th><th>p50 latency</th><th>p95 latency</th></tr></thead><tbody>
            \(rows)</tbody></table>
            </body></html>

            """
    }

    static func milliseconds(_ duration: Duration?) -> String {
        guard let duration else { return "–" }
        let micros = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        return String(format: "%.1f ms", Double(micros) / 1000)
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
