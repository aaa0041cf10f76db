#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Random bytes from the kernel's generator, fetched 4 KiB at a time and handed out in order,
/// never twice. `SystemRandomNumberGenerator` makes one `getrandom` call per 8 bytes, and a
/// request needs ids and a trace (six calls); from the pool that is one call per ~80 requests.
enum RandomBytes {
    private static let pool = Mutex(Pool())

    private struct Pool: ~Copyable {
        static let capacity = 4096
        let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: Pool.capacity, alignment: 16)
        var used = Pool.capacity

        mutating func take16() -> SIMD16<UInt8> {
            if used + 16 > Pool.capacity {
                // glibc 2.36+ and Darwin: the kernel's generator (`getrandom` underneath on Linux).
                arc4random_buf(bytes.baseAddress!, Pool.capacity)
                used = 0
            }
            defer { used += 16 }
            return bytes.loadUnaligned(fromByteOffset: used, as: SIMD16<UInt8>.self)
        }
    }

    /// 16 random bytes.
    static func sixteen() -> SIMD16<UInt8> {
        pool.withLock { $0.take16() }
    }
}
