import NIOCore
import SwitchyardModel

/// Writes compact JSON straight into a `ByteBuffer`, without an intermediate tree.
///
/// The caller is responsible for well-formed nesting; `comma` state is tracked per level.
public struct JSONWriter {
    public private(set) var buffer: ByteBuffer
    private var needsComma: [Bool] = [false]

    public init(capacity: Int = 512) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    public init(appendingTo buffer: ByteBuffer) {
        self.buffer = buffer
    }

    // MARK: containers

    public mutating func beginObject() { separate(); buffer.writeInteger(UInt8(ascii: "{")); needsComma.append(false) }
    public mutating func endObject() { needsComma.removeLast(); buffer.writeInteger(UInt8(ascii: "}")) }
    public mutating func beginArray() { separate(); buffer.writeInteger(UInt8(ascii: "[")); needsComma.append(false) }
    public mutating func endArray() { needsComma.removeLast(); buffer.writeInteger(UInt8(ascii: "]")) }

    /// Writes an object key; the next value call writes its value.
    public mutating func key(_ name: String) {
        separate()
        writeEscaped(name)
        buffer.writeInteger(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    // MARK: values

    public mutating func string(_ value: String) { separate(); writeEscaped(value) }
    public mutating func int(_ value: Int64) { separate(); buffer.writeString(String(value)) }
    public mutating func int(_ value: Int) { int(Int64(value)) }
    public mutating func double(_ value: Double) { separate(); buffer.writeString(value.isFinite ? "\(value)" : "null") }
    public mutating func bool(_ value: Bool) { separate(); buffer.writeStaticString(value ? "true" : "false") }
    public mutating func null() { separate(); buffer.writeStaticString("null") }

    /// Writes bytes that already are a JSON value.
    public mutating func raw(_ json: ByteBuffer) { separate(); var copy = json; buffer.writeBuffer(&copy) }

    /// Writes any `JSONValue`.
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .int(let number): int(number)
        case .double(let number): double(number)
        case .string(let text): string(text)
        case .array(let items):
            beginArray()
            for item in items { self.value(item) }
            endArray()
        case .object(let members):
            beginObject()
            for name in members.keys.sorted() {
                key(name)
                self.value(members[name]!)
            }
            endObject()
        }
    }

    // MARK: helpers

    private mutating func separate() {
        let level = needsComma.count - 1
        if needsComma[level] { buffer.writeInteger(UInt8(ascii: ",")) }
        needsComma[level] = true
    }

    private mutating func writeEscaped(_ text: String) {
        buffer.writeInteger(UInt8(ascii: "\""))
        var pendingStart = text.utf8.startIndex
        let utf8 = text.utf8
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 {
                buffer.writeBytes(utf8[pendingStart..<index])
                writeEscape(byte)
                pendingStart = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        buffer.writeBytes(utf8[pendingStart..<utf8.endIndex])
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    private mutating func writeEscape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): buffer.writeStaticString("\\\"")
        case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
        case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
        case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
        case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            buffer.writeStaticString("\\u00")
            buffer.writeInteger(hex[Int(byte >> 4)])
            buffer.writeInteger(hex[Int(byte & 0xF)])
        }
    }
}
