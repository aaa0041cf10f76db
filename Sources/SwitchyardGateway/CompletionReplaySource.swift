import Synchronization
import SwitchyardModel

/// A whole completion played back as stream events: role and text, tool calls, finish, usage.
final class CompletionReplaySource: ChatEventSource {
    private let pending: Mutex<[ChatEvent]>

    init(_ completion: ChatCompletion) {
        var events: [ChatEvent] = []
        for choice in completion.choices {
            let message = choice.message
            let toolCalls = message.toolCalls.enumerated().map { index, call in
                ToolCallDelta(index: index, id: call.id, name: call.name, argumentsFragment: call.arguments)
            }
            events.append(.delta(ChatDelta(choice: choice.index, role: .assistant, text: message.text, toolCalls: toolCalls)))
            events.append(.finish(choice: choice.index, reason: choice.finishReason ?? .stop))
        }
        events.append(.usage(completion.usage))
        pending = Mutex(events.reversed())
    }

    func next() async throws -> ChatEvent? {
        pending.withLock { $0.popLast() }
    }

    var hasBufferedEvents: Bool {
        pending.withLock { !$0.isEmpty }
    }
}
