/// A 4-ary min-heap of merge candidates ordered by rank, then by offset (leftmost first), each
/// packed into one `UInt64` as `rank << 32 | offset`. Fixed capacity, freed by `deallocate()`.
struct MergeCandidateHeap {
    private let items: UnsafeMutablePointer<UInt64>
    private let capacity: Int
    private var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        items = .allocate(capacity: self.capacity)
    }

    func deallocate() { items.deallocate() }

    /// Adds a candidate without restoring the heap order (call `heapify()` after the last one).
    mutating func append(rank: UInt32, offset: Int) {
        precondition(count < capacity)
        items[count] = UInt64(rank) << 32 | UInt64(offset)
        count += 1
    }

    /// Restores the heap order after `append`s, in linear time.
    mutating func heapify() {
        guard count > 1 else { return }
        for index in stride(from: (count - 2) / 4, through: 0, by: -1) { siftDown(index) }
    }

    mutating func push(rank: UInt32, offset: Int) {
        append(rank: rank, offset: offset)
        let item = items[count - 1]
        var child = count - 1
        while child > 0 {
            let parent = (child - 1) / 4
            guard item < items[parent] else { break }
            items[child] = items[parent]
            child = parent
        }
        items[child] = item
    }

    mutating func popMin() -> (rank: UInt32, offset: Int)? {
        guard count > 0 else { return nil }
        let top = items[0]
        count -= 1
        if count > 0 {
            items[0] = items[count]
            siftDown(0)
        }
        return (UInt32(top >> 32), Int(top & 0xFFFF_FFFF))
    }

    private mutating func siftDown(_ start: Int) {
        let item = items[start]
        var parent = start
        while true {
            let first = 4 * parent + 1
            guard first < count else { break }
            var smallest = first
            for child in (first + 1)..<min(first + 4, count) where items[child] < items[smallest] { smallest = child }
            guard items[smallest] < item else { break }
            items[parent] = items[smallest]
            parent = smallest
        }
        items[parent] = item
    }
}
