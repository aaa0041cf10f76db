import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOFoundationCompat
import SwitchyardModel

/// How CLI commands reach a running gateway's management API.
struct AdminConnection: ParsableArguments {
    @Option(name: .long, help: "The gateway's base URL (env: SWITCHYARD_URL; default: http://127.0.0.1:8080).")
    var gateway: String?

    @Option(name: .long, help: "Data directory holding master.key, when SWITCHYARD_MASTER_KEY is unset (env: SWITCHYARD_DATA_DIR; default: .switchyard).")
    var dataDir: String?

    /// The master key: `SWITCHYARD_MASTER_KEY`, else the data directory's `master.key` (never generated here).
    func masterKey() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let key = environment["SWITCHYARD_MASTER_KEY"], !key.isEmpty { return key }
        let directory = dataDir ?? environment["SWITCHYARD_DATA_DIR"] ?? ".switchyard"
        let path = (directory as NSString).appendingPathComponent("master.key")
        guard let data = FileManager.default.contents(atPath: path),
              let key = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty
        else { throw ValidationError("no master key: set SWITCHYARD_MASTER_KEY or point --data-dir at the gateway's data directory (no \(path)).") }
        return key
    }

    /// Calls `method path` with a JSON body and returns the JSON answer; an error answer becomes the CLI's error.
    func call(_ method: HTTPMethod, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        let base = gateway ?? ProcessInfo.processInfo.environment["SWITCHYARD_URL"] ?? "http://127.0.0.1:8080"
        var request = HTTPClientRequest(url: base.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + path)
        request.method = method
        request.headers.add(name: "authorization", value: "Bearer \(try masterKey())")
        if let body {
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: try JSONSerialization.data(withJSONObject: body)))
        }
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        } catch {
            throw ValidationError("cannot reach the gateway at \(base): \(error). Is `switchyard serve` running? (--gateway / SWITCHYARD_URL)")
        }
        let bytes = try await response.body.collect(upTo: 16 << 20)
        let json = (try? JSONSerialization.jsonObject(with: Data(buffer: bytes))) as? [String: Any] ?? [:]
        guard (200..<300).contains(response.status.code) else {
            let message = (json["error"] as? [String: Any])?["message"] as? String ?? "HTTP \(response.status.code)"
            throw ValidationError("the gateway refused: \(message)")
        }
        return json
    }
}

/// Printing management answers.
enum AdminOutput {
    /// Rows of `list["data"]` as tab-separated columns.
    static func table(_ list: [String: Any], columns: [String]) {
        print(columns.joined(separator: "\t"))
        for row in list["data"] as? [[String: Any]] ?? [] {
            print(columns.map { text(row[$0]) }.joined(separator: "\t"))
        }
    }

    static func text(_ value: Any?) -> String {
        switch value {
        case nil, is NSNull: return "-"
        case let string as String: return string
        case let object as [String: Any]: return object.isEmpty ? "-" : json(object)
        case let array as [Any]: return array.map { text($0) }.joined(separator: ",")
        case let value?: return "\(value)"
        }
    }

    static func json(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// Plan limits from command-line options.
struct LimitOptions: ParsableArguments {
    @Option(name: .long, help: "Requests per minute.") var rpm: Int?
    @Option(name: .long, help: "Tokens per minute.") var tpm: Int?
    @Option(name: .long, help: "Requests in flight at once.") var maxConcurrent: Int?
    @Option(name: .long, help: "Budget per window in dollars, e.g. 5.00.") var budgetUsd: String?
    @Option(name: .long, help: "Budget window: 30m, 5h, 1d, 7d or month.") var budgetWindow: String?
    @Option(name: .long, parsing: .singleValue, help: "A model the plan allows (repeatable; default: all).") var allowModel: [String] = []

    /// The limits object of the API, or nil when no option was given.
    func limits() throws -> [String: Any]? {
        var limits: [String: Any] = [:]
        if let rpm { limits["rpm"] = rpm }
        if let tpm { limits["tpm"] = tpm }
        if let maxConcurrent { limits["max_concurrent"] = maxConcurrent }
        if let budgetUsd {
            guard let amount = MicroDollarsText.parse(budgetUsd) else { throw ValidationError("--budget-usd '\(budgetUsd)' is not a dollar amount like 5 or 0.25.") }
            limits["budget_microdollars"] = amount
        }
        if let budgetWindow { limits["budget_window"] = budgetWindow }
        if !allowModel.isEmpty { limits["allowed_models"] = allowModel }
        return limits.isEmpty ? nil : limits
    }
}

/// Dollar amounts on the command line, exact to the micro-dollar.
enum MicroDollarsText {
    static func parse(_ text: String) -> Int64? { MicroDollars(dollars: text)?.value }

    static func format(_ value: Any?) -> String {
        guard let number = value as? NSNumber else { return "-" }
        return MicroDollars(number.int64Value).description
    }
}
