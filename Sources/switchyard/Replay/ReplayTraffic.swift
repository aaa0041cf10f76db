import ArgumentParser
import Foundation
import NIOCore
import SwitchyardDialects
import SwitchyardModel

/// Traffic logs on disk: one OpenAI chat request body per line, plus an optional `category`.
enum ReplayTraffic {
    static func read(_ path: String) throws -> [TrafficLine] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines: [TrafficLine] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let bytes = ByteBuffer(string: String(line))
            let request: ChatRequest
            do {
                request = try OpenAIRequestDecoder.decode(bytes)
            } catch {
                throw ValidationError("\(path):\(number + 1): not a chat request: \(error.message)")
            }
            let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            lines.append(TrafficLine(request: request, label: object?["category"] as? String))
        }
        guard !lines.isEmpty else { throw ValidationError("\(path) has no requests.") }
        return lines
    }

    static func write(_ lines: [TrafficLine], to path: String) throws {
        var output = ""
        for line in lines {
            var object: [String: Any] = [
                "model": line.request.model,
                "messages": line.request.messages.map { ["role": $0.role.rawValue, "content": $0.text] },
            ]
            if let maxTokens = line.request.maxTokens { object["max_tokens"] = maxTokens }
            if let label = line.label { object["category"] = label }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            output += String(decoding: data, as: UTF8.self) + "\n"
        }
        try output.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
