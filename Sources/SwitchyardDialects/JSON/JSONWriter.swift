import NIOCore
import SwitchyardModel

/// Writes compact JSON straight into a `ByteBuffer`, without an intermediate tree.
///
/// The caller is responsible for well-formed nesting; `comma` state is tracked per level.
public struct JSONWriter {
    public private(set) var buffer: ByteBuffer
    /// How deep the writer is: 0 at the top, one more inside each open object or array.
    private var depth = 0
    /// Bit n: the container at depth n already has a member, so the next one needs a comma.
    /// Bits, not an array: a writer is made per response and per stream chunk.
    private var hasMember: UInt64 = 0
    /// The same for depths 64 and beyond, which only odd JSON values reach.
    private var deepHasMember: [Bool] = []

    public init(capacity: Int = 512) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    public init(appendingTo buffer: ByteBuffer) {
        self.buffer = buffer
    }

    // MARK: containers

    public mutating func beginObject() { open(UInt8(ascii: "{")) }
    public mutating func endObject() { close(UInt8(ascii: "}")) }
    public mutating func beginArray() { open(UInt8(ascii: "[")) }
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Writes an object key; the next value call writes its value.
    public mutating func key(_ name: String) {
        separate()
        writeEscaped(name)
        buffer.writeInteger(UInt8(ascii: ":"))
        setHasMember(false)
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

    private mutating func open(_ bracket: UInt8) {
        separate()
        buffer.writeInteger(bracket)
        depth += 1
        setHasMember(false)
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        buffer.writeInteger(bracket)
    }

    private mutating func separate() {
        let hasOne = depth < 64 ? hasMember & (1 << UInt64(depth)) != 0 : deepHasMember[depth - 64]
        if hasOne { buffer.writeInteger(UInt8(ascii: ",")) }
        setHasMember(true)
    }

    private mutating func setHasMember(_ value: Bool) {
        if depth < 64 {
            if value { hasMember |= 1 << UInt64(depth) } else { hasMember &= ~(1 << UInt64(depth)) }
        } else {
            while deepHasMember.count <= depth - 64 { deepHasMember.append(false) }
            deepHasMember[depth - 64] = value
        }
    }

    private mutating func writeEscaped(_ text: String) {
        var text = text
        text.withUTF8 { writeEscaped($0) }
    }

    /// `bytes` as a JSON string: runs that need no escape are copied whole.
    private mutating func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        buffer.writeInteger(UInt8(ascii: "\""))
        var pendingStart = 0
        for index in bytes.indices {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 {
                buffer.writeBytes(UnsafeBufferPointer(rebasing: bytes[pendingStart..<index]))
                writeEscape(byte)
                pendingStart = index + 1
            }
        }
        buffer.writeBytes(UnsafeBufferPointer(rebasing: bytes[pendingStart...]))
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
