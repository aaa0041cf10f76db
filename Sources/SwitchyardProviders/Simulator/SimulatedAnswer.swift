import Foundation
import SwitchyardCatalog
import SwitchyardModel

/// Everything the simulator will say for one request, decided up front from the request's seed.
struct SimulatedAnswer {
    let id: String
    /// A number in 0..<1 fixed by the request (the simulated confidence draws from it).
    let unitDraw: Double
    let created: Int64
    let message: ChatMessage
    let events: [ChatEvent]
    let finish: FinishReason
    let usage: Usage
    let outputTokenCount: Int

    init(call: UpstreamCall, fillMaxTokens: Bool = false) {
        let request = call.request
        let seed = SimulatedText.seed(for: request, model: call.model.id)
        id = "chatcmpl-sim" + String(seed, radix: 16)
        unitDraw = Double((seed >> 11) % 1_000_003) / 1_000_003
        created = Int64(Date().timeIntervalSince1970)
        let maxTokens = min(request.maxTokens ?? call.model.maxOutputTokens, call.model.maxOutputTokens)
        let inputTokens = TokenCounter.count(request.messages, with: call.model.tokenizer)
        var planned: [ChatEvent]
        if let tool = Self.toolToCall(request) {
            let arguments = #"{"query":"simulated"}"#
            let call = ToolCall(id: "call_" + String(seed % 0xFFFF_FFFF, radix: 16), name: tool, arguments: arguments)
            message = ChatMessage(role: .assistant, content: [], toolCalls: [call])
            finish = .toolCalls
            outputTokenCount = TokenEstimator.estimate(tool) + TokenEstimator.estimate(arguments)
            planned = [
                .delta(ChatDelta(role: .assistant, toolCalls: [ToolCallDelta(index: 0, id: call.id, name: tool, argumentsFragment: "")])),
                .delta(ChatDelta(toolCalls: [ToolCallDelta(index: 0, argumentsFragment: arguments)])),
                .finish(choice: 0, reason: .toolCalls),
            ]
        } else {
            let (tokens, reason) = SimulatedText.tokens(seed: seed, maxTokens: maxTokens, stop: request.stop, fill: fillMaxTokens)
            message = .text(.assistant, tokens.joined())
            finish = reason
            outputTokenCount = tokens.count
            planned = [.delta(ChatDelta(role: .assistant, text: ""))]
            planned.reserveCapacity(tokens.count + 3)
            for token in tokens { planned.append(.delta(ChatDelta(text: token))) }
            planned.append(.finish(choice: 0, reason: reason))
        }
        usage = Usage(inputTokens: inputTokens, outputTokens: outputTokenCount)
        planned.append(.usage(usage))
        events = planned
    }

    /// The tool the simulated model calls: when tools are offered, not refused, and the last turn is the user's.
    private static func toolToCall(_ request: ChatRequest) -> String? {
        guard let first = request.tools.first, request.messages.last?.role == .user else { return nil }
        switch request.toolChoice {
        case .string("none"): return nil
        case .object(let choice):
            if case .object(let function)? = choice["function"], case .string(let name)? = function["name"] { return name }
            return first.name
        default: return first.name
        }
    }
}
