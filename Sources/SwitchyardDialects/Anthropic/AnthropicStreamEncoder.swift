import NIOCore
import SwitchyardModel

/// Renders a canonical event stream as Anthropic's server-sent events:
/// `message_start`, `ping`, then per content block `content_block_start`, deltas
/// (`text_delta` / `input_json_delta`) and `content_block_stop`, then `message_delta`
/// with the stop reason and usage, and `message_stop`.
///
/// Only choice 0 is shown (Anthropic has one answer per message). Events already in
/// Anthropic's shape (`.passthrough`, same-dialect fast path) are forwarded as they are.
public struct AnthropicStreamEncoder: Sendable {
    private let head: ChatStreamHead
    private var started = false
    private var forwarding = false
    /// The index of the next content block, and what is open now.
    private var nextBlock = 0
    private var openBlock: OpenBlock?
    /// Anthropic block index of each canonical tool call index.
    private var toolBlocks: [Int: Int] = [:]
    private var stopReason: String?
    private var usage = Usage()

    private enum OpenBlock: Equatable {
        case text(index: Int)
        case tool(index: Int, call: Int)

        var index: Int {
            switch self {
            case .text(let index), .tool(let index, _): index
            }
        }
    }

    public init(head: ChatStreamHead) {
        self.head = head
    }

    /// Appends the frames for one canonical event to `out`.
    public mutating func encode(_ event: ChatEvent, into out: inout ByteBuffer) {
        switch event {
        case .passthrough(let json):
            forwarding = true
            Self.writeFrame(named: Self.eventName(of: json), json: json, into: &out)
        case .usage(let reported):
            usage = reported
        case .finish(let choice, let reason):
            guard choice == 0 else { return }
            closeBlock(into: &out)
            stopReason = AnthropicResponseEncoder.stopReason(reason)
        case .delta(let delta):
            guard delta.choice == 0 else { return }
            startIfNeeded(into: &out)
            if let text = delta.text, !text.isEmpty {
                if case .text? = openBlock {} else { beginBlock(.text(index: nextBlock), into: &out, toolCall: nil) }
                var json = JSONWriter(capacity: 64 + text.utf8.count)
                json.beginObject()
                json.key("type"); json.string("content_block_delta")
                json.key("index"); json.int(openBlock!.index)
                json.key("delta"); json.beginObject()
                json.key("type"); json.string("text_delta")
                json.key("text"); json.string(text)
                json.endObject(); json.endObject()
                Self.writeFrame(named: "content_block_delta", json: json.buffer, into: &out)
            }
            for fragment in delta.toolCalls { encodeToolFragment(fragment, into: &out) }
        }
    }

    /// Appends the closing frames (`message_delta`, `message_stop`) once the stream ended normally.
    public mutating func finish(into out: inout ByteBuffer) {
        guard !forwarding else { return }
        startIfNeeded(into: &out)
        closeBlock(into: &out)
        var json = JSONWriter(capacity: 192)
        json.beginObject()
        json.key("type"); json.string("message_delta")
        json.key("delta"); json.beginObject()
        json.key("stop_reason"); json.string(stopReason ?? "end_turn")
        json.key("stop_sequence"); json.null()
        json.endObject()
        json.key("usage"); AnthropicResponseEncoder.writeUsage(usage, into: &json)
        json.endObject()
        Self.writeFrame(named: "message_delta", json: json.buffer, into: &out)
        Self.writeFrame(named: "message_stop", json: ByteBuffer(string: #"{"type":"message_stop"}"#), into: &out)
    }

    /// An `error` event for a failure after the response head was sent.
    public static func errorFrame(_ error: GatewayError, into out: inout ByteBuffer) {
        writeFrame(named: "error", json: AnthropicResponseEncoder.error(error), into: &out)
    }

    // MARK: blocks

    private mutating func encodeToolFragment(_ fragment: ToolCallDelta, into out: inout ByteBuffer) {
        if toolBlocks[fragment.index] == nil {
            beginBlock(.tool(index: nextBlock, call: fragment.index), into: &out, toolCall: fragment)
        }
        guard !fragment.argumentsFragment.isEmpty, let index = toolBlocks[fragment.index] else { return }
        var json = JSONWriter(capacity: 96 + fragment.argumentsFragment.utf8.count)
        json.beginObject()
        json.key("type"); json.string("content_block_delta")
        json.key("index"); json.int(index)
        json.key("delta"); json.beginObject()
        json.key("type"); json.string("input_json_delta")
        json.key("partial_json"); json.string(fragment.argumentsFragment)
        json.endObject(); json.endObject()
        Self.writeFrame(named: "content_block_delta", json: json.buffer, into: &out)
    }

    private mutating func beginBlock(_ block: OpenBlock, into out: inout ByteBuffer, toolCall: ToolCallDelta?) {
        closeBlock(into: &out)
        openBlock = block
        nextBlock += 1
        var json = JSONWriter(capacity: 128)
        json.beginObject()
        json.key("type"); json.string("content_block_start")
        json.key("index"); json.int(block.index)
        json.key("content_block"); json.beginObject()
        if case .tool(let index, let call) = block {
            toolBlocks[call] = index
            json.key("type"); json.string("tool_use")
            json.key("id"); json.string(toolCall?.id ?? "toolu_\(head.id)_\(call)")
            json.key("name"); json.string(toolCall?.name ?? "")
            json.key("input"); json.beginObject(); json.endObject()
        } else {
            json.key("type"); json.string("text")
            json.key("text"); json.string("")
        }
        json.endObject(); json.endObject()
        Self.writeFrame(named: "content_block_start", json: json.buffer, into: &out)
    }

    private mutating func closeBlock(into out: inout ByteBuffer) {
        guard let block = openBlock else { return }
        openBlock = nil
        Self.writeFrame(named: "content_block_stop", json: ByteBuffer(string: #"{"type":"content_block_stop","index":\#(block.index)}"#), into: &out)
    }

    private mutating func startIfNeeded(into out: inout ByteBuffer) {
        guard !started, !forwarding else { return }
        started = true
        var json = JSONWriter(capacity: 256)
        json.beginObject()
        json.key("type"); json.string("message_start")
        json.key("message"); json.beginObject()
        json.key("id"); json.string(AnthropicResponseEncoder.messageID(head.id))
        json.key("type"); json.string("message")
        json.key("role"); json.string("assistant")
        json.key("model"); json.string(head.model)
        json.key("content"); json.beginArray(); json.endArray()
        json.key("stop_reason"); json.null()
        json.key("stop_sequence"); json.null()
        json.key("usage"); AnthropicResponseEncoder.writeUsage(usage, into: &json)
        json.endObject(); json.endObject()
        Self.writeFrame(named: "message_start", json: json.buffer, into: &out)
        Self.writeFrame(named: "ping", json: ByteBuffer(string: #"{"type":"ping"}"#), into: &out)
    }

    // MARK: framing

    static func writeFrame(named name: String, json: ByteBuffer, into out: inout ByteBuffer) {
        out.writeStaticString("event: ")
        out.writeString(name)
        out.writeStaticString("\ndata: ")
        var copy = json
        out.writeBuffer(&copy)
        out.writeStaticString("\n\n")
    }

    /// The `type` of an event's JSON, which Anthropic also uses as the SSE event name.
    static func eventName(of json: ByteBuffer) -> String {
        guard let range = JSONScanner.topLevelValues(in: json, keys: ["type"])?[0],
              let literal = json.getString(at: json.readerIndex + range.lowerBound, length: range.count),
              literal.count >= 2
        else { return "message" }
        return String(literal.dropFirst().dropLast())
    }
}
